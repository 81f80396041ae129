import QtQuick

// Text as the kiosk shows it: plain text only (markup is shown as typed), the bundled font.
Text {
    color: Theme.text
    font.family: Theme.sans
    font.pixelSize: Theme.body
    textFormat: Text.PlainText
    wrapMode: Text.Wrap
    lineHeight: 1.0
    elide: Text.ElideNone
    horizontalAlignment: Text.AlignLeft
}

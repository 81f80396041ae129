import QtQuick

// A qtawesome icon, served by the `icon` image provider at the size shown.
Image {
    property string name: "fa5s.circle"
    property color color: Theme.text
    property real size: Theme.touch * 0.5
    width: size
    height: size
    sourceSize.width: size
    sourceSize.height: size
    fillMode: Image.PreserveAspectFit
    smooth: true
    source: name ? "image://icon/" + name + "?color=" + encodeURIComponent(color.toString()) : ""
}

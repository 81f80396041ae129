import QtQuick
import Kiosk.Backend

// Where a panel is shown: the page of the browsing screen's pager that holds it. The page
// makes one and gives it to the panel it loads (PanelPage.place), whatever its kind.
QtObject {
    required property KioskController controller
    required property int panelIndex
    property string title
    property string intro
    property bool current: false
    signal sourceRequested(var sourceIds)
    signal imageRequested(string url, string caption, string credit)
    signal recordingRequested(var recording, string caption, string credit)
}

import QtQuick
import QtMultimedia

// Qt Multimedia's parts of the narrator (kiosk/ui/narrator.py): made by the QML engine, not
// in Python, and loaded only where Qt Multimedia imports (not in qmldir), for the reason
// MediaParts.qml gives: objects made in Python take Python's lock when Qt Multimedia's
// threads call them, and the kiosk hung.
Item {
    readonly property QtObject player: mediaPlayer
    readonly property QtObject output: audio
    readonly property QtObject click: tick

    MediaPlayer {
        id: mediaPlayer
        audioOutput: AudioOutput { id: audio }
    }
    SoundEffect {
        id: tick
    }
}

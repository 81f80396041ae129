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
    readonly property QtObject clickOutput: tickAudio

    MediaPlayer {
        id: mediaPlayer
        audioOutput: AudioOutput { id: audio }
    }
    // The key's tick is a second MediaPlayer, not a SoundEffect: Qt 6.11's SoundEffect plays
    // through an audio engine whose wake-up descriptors are watched by the GUI thread's event
    // loop, and after some kiosks had come and gone a closed one was left watched: the loop
    // then spun on "QSocketNotifier: Invalid socket ..., disabling..." for ever, its memory
    // growing (seen in the full test suite, 3 runs in 3). A MediaPlayer's threads keep theirs.
    MediaPlayer {
        id: tick
        audioOutput: AudioOutput { id: tickAudio }
    }
}

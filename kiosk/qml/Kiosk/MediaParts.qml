import QtQuick
import QtMultimedia

// Qt Multimedia's parts of the kiosk's player (kiosk/ui/playback.py): made here by the QML
// engine, not in Python, and loaded only where Qt Multimedia is installed (so the kiosk runs
// without it; not in qmldir). Objects made in Python get PySide's wrappers, which take
// Python's lock whenever Qt calls one of their virtual functions: Qt Multimedia does that
// from its own threads (its audio renderer disconnecting from the audio output as it
// stops), and a user interface holding the lock while it waited for them hung the kiosk.
Item {
    readonly property QtObject player: mediaPlayer
    readonly property QtObject output: audio
    // the frames: this item is never shown (the kiosk's VideoFrame draws them, as Qt
    // Quick's software renderer draws nothing of a VideoOutput); its sink receives them
    readonly property QtObject sink: frames.videoSink
    // the sound played beside a video's picture, in step with it (a spoken track in the
    // visitor's language, the audio description), while the video's own sound is muted
    readonly property QtObject besidePlayer: besideMediaPlayer
    readonly property QtObject besideOutput: besideAudio

    MediaPlayer {
        id: mediaPlayer
        audioOutput: AudioOutput { id: audio }
        videoOutput: frames
    }
    MediaPlayer {
        id: besideMediaPlayer
        audioOutput: AudioOutput { id: besideAudio }
    }
    VideoOutput {
        id: frames
        visible: false
    }
}

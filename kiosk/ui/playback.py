"""The stand's videos and recordings on the kiosk (issue 16): one player for the whole kiosk,
through Qt Multimedia (PySide6-Addons, the `media` extra). Without it the kiosk runs and
each player shows its poster and says the recording cannot be played here.

One recording plays at a time: starting one stops another, and stops narration (and
narration starting pauses it). Nothing plays on the attract screen; the end of the visit
stops the recording, unloads it and puts captions back on. The volume is the visitor's, the
narrator's (`narration_volume` at the start of each visit, under `narration_volume_max`:
one ceiling for every sound the kiosk makes). A file that fails while playing leaves its
poster and a message, never a black screen. Decoding runs on Qt Multimedia's own threads;
the pictures are drawn by `kiosk.ui.videoframe.VideoFrame`. The captions are the kiosk's
own text (`kiosk.visit.captiontrack`), in the visitor's language, drawn in QML.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    Q_ARG,
    Property,
    QMetaObject,
    QObject,
    Qt,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QImage
from PySide6.QtQml import QmlElement, QQmlComponent, QQmlEngine

from kiosk.content.media import still_inside
from kiosk.paths import QML_DIR
from kiosk.ui.backend import (  # noqa: F401 (the import names are read by @QmlElement)
    QML_IMPORT_MAJOR_VERSION,
    QML_IMPORT_NAME,
    QmlUncreatable,
)
from kiosk.ui.videoframe import (
    Converter,
    VideoFrame,
    converting,
    multimedia_installed,
    multimedia_missing,
)
from kiosk.visit.captiontrack import CaptionTrack
from kiosk.visit.session import Phase

if TYPE_CHECKING:
    from kiosk.content.model import Recording

log = logging.getLogger("kiosk.playback")

KEEP_ALIVE_MS = 5000
"""While a recording plays, the visit is kept this often (a viewer touches nothing)."""
STALL_MS = 5000
"""A recording playing whose position has not moved for this long has failed (a file that
opens but never gives a frame or a sound: FFmpeg waits on it without an error)."""
SKIP_MS = 10_000
"""How far the position control moves at a key's press (it cannot be dragged by a key)."""


_CONVERTERS: list[Converter] = []
"""Every Converter made, kept from Python's garbage collector: one collected would be deleted
from the thread collecting it while it converts on its own (a crash). Each is deleted on its
thread (`deleteLater`) when its player goes; the list holds the emptied wrappers (a few bytes
each, one a kiosk)."""


def recordings(stand: Any) -> dict[str, Recording]:
    """The stand's videos and recordings by their file's reference."""
    found: dict[str, Recording] = {}
    for panel in stand.panels:
        for item in (*getattr(panel, "sections", ()), *getattr(panel, "remarks", ())):
            for recording in (getattr(item, "video", None), getattr(item, "audio", None)):
                if recording is not None:
                    found.setdefault(recording.file, recording)
    return found


@QmlElement
@QmlUncreatable("the kiosk makes its player and gives it to the window")
class Playback(QObject):
    changed = Signal()
    positionChanged = Signal()
    captionChanged = Signal()

    def __init__(self, controller: Any, narrator: Any = None,
                 parent: QObject | None = None, *, engine: QQmlEngine | None = None) -> None:
        """`controller` is the kiosk's KioskController, `narrator` its Narrator (neither
        imported here: the controller holds this player, and the narrator the controller);
        `engine` makes Qt Multimedia's parts (MediaParts.qml)."""
        super().__init__(parent)
        self._engine = engine
        self._parts: QObject | None = None
        self._converter: Converter | None = None
        self._controller = controller
        self._narrator = narrator
        # Qt Multimedia loaded only for a stand that plays something (memory, start-up)
        self._available = bool(recordings(controller.stand)) and multimedia_installed()
        self._player: Any = None
        self._output: Any = None
        self._frame: VideoFrame | None = None
        self._current = ""
        self._failed = ""
        self._position = 0
        self._duration = 0
        self._caption = ""
        self._captions_on = True
        self._track: CaptionTrack | None = None
        self._keep = QTimer(self, interval=KEEP_ALIVE_MS)
        self._keep.timeout.connect(controller.activity)
        self._stall = QTimer(self, interval=STALL_MS, singleShot=True)
        self._stall.timeout.connect(self._stalled)
        controller.resetRequested.connect(self._visit_ended)
        controller.phaseChanged.connect(self._phase_changed)
        controller.languageChanged.connect(self._language_changed)
        controller.standChanged.connect(self._stand_changed)
        if narrator is not None:
            narrator.changed.connect(self._narrator_changed)
        if not self._available and recordings(controller.stand):
            log.warning("the stand has videos or recordings, but Qt Multimedia does not load "
                        "here (%s): each shows its poster. Install the kiosk with its media "
                        "extra (pip install 'exhibit-kiosk[media]', or the offline bundle's "
                        "--with-media); on Linux it also needs libpulse0", multimedia_missing()
                        or "not installed")

    def _ensure_player(self) -> Any:
        """The player, made on first use in QML (MediaParts.qml: why not in Python)."""
        if self._player is not None or not self._available or self._engine is None:
            return self._player
        component = QQmlComponent(self._engine, QUrl.fromLocalFile(
            str(QML_DIR / "Kiosk" / "MediaParts.qml")))
        parts = component.create()
        if parts is None:
            log.error("Qt Multimedia's parts could not be made: %s",
                      "; ".join(error.toString() for error in component.errors()))
            self._available = False
            self.changed.emit()
            return None
        parts.setParent(self)
        self._parts = parts
        self._player = parts.property("player")
        self._output = parts.property("output")
        self._output.setVolume(self._volume())
        self._player.playbackStateChanged.connect(self._state_changed)
        self._player.positionChanged.connect(self._position_changed)
        self._player.durationChanged.connect(self._duration_changed)
        self._player.errorOccurred.connect(self._error)
        self._player.mediaStatusChanged.connect(self._status_changed)
        self._converter = Converter()
        _CONVERTERS.append(self._converter)  # (see _CONVERTERS)
        self._converter.moveToThread(converting())
        parts.property("sink").videoFrameChanged.connect(self._converter.take,
                                                         Qt.ConnectionType.QueuedConnection)
        self._converter.converted.connect(self._picture, Qt.ConnectionType.QueuedConnection)
        self.destroyed.connect(self._converter.deleteLater)
        return self._player

    # --- what QML sees --------------------------------------------------------------------

    @Property(bool, notify=changed, final=True)
    def available(self) -> bool:
        """Whether this kiosk can play recordings (Qt Multimedia is installed)."""
        return self._available

    @Property(str, notify=changed, final=True)
    def current(self) -> str:
        """The file (its reference in the stand) of the recording loaded, '' for none."""
        return self._current

    @Property(bool, notify=changed, final=True)
    def playing(self) -> bool:
        return self._player is not None and self._player.isPlaying()

    @Property(str, notify=changed, final=True)
    def failed(self) -> str:
        """The file of the recording that could not be played in this visit ('' none)."""
        return self._failed

    @Property(int, notify=positionChanged, final=True)
    def position(self) -> int:
        """Milliseconds into the current recording."""
        return self._position

    @Property(int, notify=changed, final=True)
    def duration(self) -> int:
        """The current recording's length in milliseconds, as the file says (0 until it
        is known: the stand's duration is shown meanwhile)."""
        return self._duration

    @Property(str, notify=captionChanged, final=True)
    def caption(self) -> str:
        """The caption at the position, in the visitor's language ('' between cues, with
        captions off, or without captions in the language)."""
        return self._caption

    def _get_captions_on(self) -> bool:
        return self._captions_on

    def _set_captions_on(self, value: bool) -> None:
        if value != self._captions_on:
            self._captions_on = value
            self.changed.emit()
            self._update_caption()

    captionsOn = Property(bool, _get_captions_on, _set_captions_on, notify=changed, final=True)
    """The visitor's choice (the captions button), on at the start of every visit."""

    @Slot(str, VideoFrame)
    def play(self, file: str, frame: VideoFrame | None = None) -> None:
        """Play the stand's recording `file` (from where it was, if it is the one loaded),
        its pictures into `frame`; only during a visit."""
        if self._controller.session.phase is not Phase.BROWSING or not file:
            return
        recording = recordings(self._controller.stand).get(file)
        if recording is None:
            log.warning("no recording %r in the stand", file)
            return
        if not self._available:  # (said in the log when the kiosk started)
            self._fail(file)
            return
        path = self._controller.folder.resolve() / self._source(recording)
        if not still_inside(path, self._controller.folder.resolve()):
            log.error("the recording %s is gone from the stand folder", path)
            self._fail(file)
            return
        player = self._ensure_player()
        if self._narrator is not None:
            self._narrator.stop()
        self.attach(frame)
        if file != self._current:
            self._load(file, recording, path)
        elif player.mediaStatus() == player.MediaStatus.EndOfMedia:
            self._call("setPosition", 0)
        self._call("play")

    @Slot()
    def pause(self) -> None:
        if self._player is not None:
            self._call("pause")

    @Slot(str, VideoFrame)
    def toggle(self, file: str, frame: VideoFrame | None = None) -> None:
        """Play `file`, or pause it when it is the one playing."""
        if file == self._current and self.playing:
            self.pause()
        else:
            self.play(file, frame)

    @Slot(str, VideoFrame)
    def restart(self, file: str, frame: VideoFrame | None = None) -> None:
        """`file` from its start."""
        if file == self._current and self._player is not None:
            self._call("setPosition", 0)
        self.play(file, frame)

    @Slot(int)
    def seek(self, milliseconds: int) -> None:
        if self._player is not None and self._current:
            top = self._duration or milliseconds
            self._call("setPosition", max(0, min(milliseconds, top)))

    @Slot()
    def skip(self) -> None:
        """A key's press on the position control: ten seconds on (back to the start past
        the end)."""
        if self._player is not None and self._current:
            ahead = self._position + SKIP_MS
            self.seek(ahead if not self._duration or ahead < self._duration else 0)

    @Slot()
    def stop(self) -> None:
        """Stop and unload (the decoder and its memory go): the poster shows again."""
        if self._player is not None:
            self._call("stop")
            self._call("setSource", QUrl())
        if self._frame is not None:
            self._frame.clear()
        self._current = ""
        self._track = None
        self._position = 0
        self._duration = 0
        self.positionChanged.emit()
        self._update_caption()
        self.changed.emit()

    @Slot(VideoFrame)
    def attach(self, frame: VideoFrame | None) -> None:
        """Draw the pictures into `frame` (the section's, or the full-screen viewer's); the
        frame drawn into before is cleared."""
        if frame is self._frame:
            return
        if self._frame is not None:
            self._frame.clear()
            with contextlib.suppress(RuntimeError, TypeError):  # already gone
                self._frame.destroyed.disconnect(self._frame_gone)
        self._frame = frame
        if frame is not None:
            frame.destroyed.connect(self._frame_gone)

    # --- inside -------------------------------------------------------------------------

    def _source(self, recording: Recording) -> str:
        """The file to play: a recording without pictures in the visitor's language when
        the stand gives it (`spoken:`); the recording's own file otherwise."""
        spoken = dict(recording.spoken)
        language = self._controller.session.language
        if language in spoken and recording.file.lower().endswith((".m4a", ".aac", ".opus",
                                                                    ".ogg", ".mp3", ".wav")):
            return spoken[language]
        return recording.file

    def _load(self, file: str, recording: Recording, path: Path) -> None:
        self._call("stop")
        self._current = file
        self._failed = "" if self._failed == file else self._failed
        self._position = 0
        self._duration = 0
        self._track = CaptionTrack(self._controller.folder, recording,
                                   self._controller.session.language)
        self._call("setSource", QUrl.fromLocalFile(str(path)))
        self.positionChanged.emit()
        self._update_caption()
        self.changed.emit()

    def _call(self, method: str, argument: QUrl | int | None = None) -> None:
        """Ask the player to `method` from the event loop, not from here: Python's lock is
        held here, and the player waits for its own threads (which may log a warning through
        the kiosk's Python message handler, taking that lock: a hang)."""
        kind = Qt.ConnectionType.QueuedConnection
        if argument is None:
            QMetaObject.invokeMethod(self._player, method, kind)
        elif isinstance(argument, QUrl):
            QMetaObject.invokeMethod(self._player, method, kind, Q_ARG(QUrl, argument))
        else:
            QMetaObject.invokeMethod(self._player, method, kind, Q_ARG("qint64", argument))

    def _fail(self, file: str) -> None:
        self.stop()
        self._failed = file
        self.changed.emit()

    def _frame_gone(self) -> None:
        self._frame = None

    def _picture(self, image: QImage) -> None:
        """A frame turned into a picture (on the converting thread): into the frame shown."""
        if self._frame is not None and self._current:
            self._frame.show_image(image)

    def _volume(self) -> float:
        return float(self._narrator.property("volume")) if self._narrator is not None else 0.7

    def _error(self, _error: object, text: str) -> None:
        log.error("the recording %s cannot be played: %s", self._current, text)
        self._fail(self._current)

    def _status_changed(self, status: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        Status = QMediaPlayer.MediaStatus
        player = self._player
        if not self._current:
            return
        if status == Status.InvalidMedia:
            log.error("the recording %s cannot be played (not a file Qt can play)", self._current)
            self._fail(self._current)
        elif status == Status.LoadedMedia and not (player.hasVideo() or player.hasAudio()):
            log.error("the recording %s cannot be played (no picture or sound in it)",
                      self._current)
            self._fail(self._current)
        elif (status == Status.EndOfMedia and self._frame is not None and player.hasVideo()
              and not self._frame.hasFrame):
            log.error("the recording %s cannot be played (it ended without a picture)",
                      self._current)
            self._fail(self._current)

    def _stalled(self) -> None:
        if self.playing and self._current:
            log.error("the recording %s cannot be played (stalled at %d ms)", self._current,
                      self._position)
            self._fail(self._current)

    def _state_changed(self, *_: object) -> None:
        if self.playing:
            self._keep.start()
            self._stall.start()
        else:
            self._keep.stop()
            self._stall.stop()
        self.changed.emit()

    def _position_changed(self, position: int) -> None:
        if position != self._position:
            if self.playing:
                self._stall.start()  # it moves
            self._position = position
            self.positionChanged.emit()
            self._update_caption()

    def _duration_changed(self, duration: int) -> None:
        self._duration = max(0, int(duration))
        self.changed.emit()

    def _update_caption(self) -> None:
        text = (self._track.text_at(self._position)
                if self._track is not None and self._captions_on else "")
        if text != self._caption:
            self._caption = text
            self.captionChanged.emit()

    def _language_changed(self) -> None:
        """Captions (and a spoken track) in the visitor's new language."""
        if not self._current:
            return
        recording = recordings(self._controller.stand).get(self._current)
        if recording is not None:
            self._track = CaptionTrack(self._controller.folder, recording,
                                       self._controller.session.language)
            self._update_caption()

    def _phase_changed(self) -> None:
        if self._controller.session.phase is not Phase.BROWSING:
            self.stop()

    def _narrator_changed(self) -> None:
        if self._narrator is None:
            return
        if self._narrator.property("speaking") and self.playing:
            self.pause()
        if self._output is not None:
            self._output.setVolume(self._volume())

    def _stand_changed(self) -> None:
        if not self._available and recordings(self._controller.stand):
            self._available = multimedia_installed()
            self.changed.emit()
        self._visit_ended()

    def _visit_ended(self) -> None:
        self.stop()
        self._failed = ""
        self._captions_on = True
        self._update_caption()
        self.changed.emit()

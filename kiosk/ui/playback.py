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

What is heard is chosen by `kiosk.visit.soundtrack.sound_for`: the recording's own sound, its
spoken track in the visitor's language, or its audio description (the visitor's toggle, off
at the start of every visit). A recording of sound opens the chosen file in place of its
own; a video plays muted while a second player (MediaParts.qml's `besidePlayer`) plays the
chosen sound in step with the picture (`kiosk.visit.soundtrack.Lockstep`: started, paused and
moved with it, and moved to it when they drift apart). A sound file that fails leaves the
recording's own sound playing and a short message (`trackFailed`), never silence without a
word; a change of language or of the description switches the sound where the picture is.
"""

from __future__ import annotations

import contextlib
import logging
import time
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

from kiosk.content.recordings import still_playable
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
from kiosk.visit.soundtrack import END_MARGIN_MS, Lockstep, Sound, Step, sound_for

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
FOLLOW_MS = 100
"""After the picture is moved (the position bar, from the start), how long before the sound
beside it is moved to where the picture is then. Moved at the same moment, Qt's FFmpeg
player of the sound sometimes stopped moving on (while saying it played): seen on about
one seek in three on the test machine, never with this gap."""
NOTICE_MS = 8000
"""How long the message that a chosen sound cannot be played stays under the player."""


def _queued(target: QObject, method: str, argument: QUrl | bool | int | None = None) -> None:
    """Ask a Qt Multimedia object to `method` from the event loop, not from here: Python's
    lock is held here, and the player waits for its own threads (which may log a warning
    through the kiosk's Python message handler, taking that lock: a hang)."""
    kind = Qt.ConnectionType.QueuedConnection
    if argument is None:
        QMetaObject.invokeMethod(target, method, kind)
    elif isinstance(argument, QUrl):
        QMetaObject.invokeMethod(target, method, kind, Q_ARG(QUrl, argument))
    elif isinstance(argument, bool):
        QMetaObject.invokeMethod(target, method, kind, Q_ARG(bool, argument))
    else:
        QMetaObject.invokeMethod(target, method, kind, Q_ARG("qint64", argument))


def _now() -> float:
    """Milliseconds on a monotonic clock (the lockstep's: real time, not the visit's)."""
    return time.monotonic() * 1000


_CONVERTERS: list[Converter] = []
"""Every Converter made, kept from Python's garbage collector: one collected would be deleted
from the thread collecting it while it converts on its own (a crash). Each is deleted on its
thread (`deleteLater`) when its player goes; the list holds the emptied wrappers (a few bytes
each, one a kiosk)."""


def recordings(stand: Any) -> dict[str, Recording]:
    """The stand's videos and recordings by their file's reference (the first of a file)."""
    found: dict[str, Recording] = {}
    for recording in stand.recordings():
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
        self._description_on = False
        self._sound: Sound | None = None  # what is heard of the current recording
        self._source = ""  # the file the player has open (the recording's, or in its place)
        self._source_url = QUrl()
        self._pending: tuple[int, bool] | None = None  # once the new source loads: where, play
        self._wanted = False  # the visitor's last word: play (not pause, nor stop)
        self._broken: set[str] = set()  # sound files that failed in this visit
        self._notice = ""
        self._notice_timer = QTimer(self, interval=NOTICE_MS, singleShot=True)
        self._notice_timer.timeout.connect(self._notice_over)
        # the sound played beside a video's picture (a spoken track, the description)
        self._beside_player: Any = None
        self._beside_output: Any = None
        self._beside = ""
        self._beside_url = QUrl()
        self._beside_opening = False  # its file loading: moved to the picture once loaded
        self._beside_last = 0  # its last position reported
        self._lockstep = Lockstep()
        self._beside_stall = QTimer(self, interval=STALL_MS, singleShot=True)
        self._beside_stall.timeout.connect(self._beside_stalled)
        self._follow = QTimer(self, interval=FOLLOW_MS, singleShot=True)
        self._follow.timeout.connect(self._follow_picture)
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
        self._beside_player = parts.property("besidePlayer")
        self._beside_output = parts.property("besideOutput")
        self._beside_output.setVolume(self._volume())
        self._beside_player.playbackStateChanged.connect(self._beside_report)
        self._beside_player.positionChanged.connect(self._beside_report)
        self._beside_player.durationChanged.connect(self._beside_duration)
        self._beside_player.errorOccurred.connect(self._beside_error)
        self._beside_player.mediaStatusChanged.connect(self._beside_status)
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
        return self._is_playing()

    def _is_playing(self) -> bool:
        return self._player is not None and bool(self._player.isPlaying())

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

    def _get_description_on(self) -> bool:
        return self._description_on

    def _set_description_on(self, value: bool) -> None:
        if value != self._description_on:
            self._description_on = value
            self.changed.emit()
            self._choose_sound()

    descriptionOn = Property(bool, _get_description_on, _set_description_on, notify=changed,
                             final=True)
    """The visitor's choice (the audio description button), off at the start of every visit:
    a recording with a `description:` plays it in place of its sound."""

    @Property(str, notify=changed, final=True)
    def sound(self) -> str:
        """What is heard of the current recording: 'own', 'spoken' or 'description' ('' for
        no recording)."""
        return self._sound.kind.value if self._sound is not None and self._current else ""

    @Property(str, notify=changed, final=True)
    def trackFailed(self) -> str:
        """The recording (its file) whose chosen sound could not be played a moment ago: its
        own sound plays instead, and the player says so ('' none)."""
        return self._notice

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
        if not self._usable(recording.file):
            log.error("the recording %s is gone from the stand folder", recording.file)
            self._fail(file)
            return
        player = self._ensure_player()
        if self._narrator is not None:
            self._narrator.stop()
        self.attach(frame)
        self._wanted = True
        if file != self._current:
            self._load(file, recording)
        elif player.mediaStatus() == player.MediaStatus.EndOfMedia:
            self._call("setPosition", 0)
            self._moved(0)
        # (never `play` to a player playing: just after a setPosition, Qt's FFmpeg player
        # then stops moving on while it says it plays)
        if self._pending is not None:  # a new sound opening in place of the old one
            self._pending = (self._pending[0], True)
        elif not self._is_playing():
            self._call("play")
        if self._beside and not self._beside_playing() and not self._follow.isActive():
            self._beside_call("play")
            self._lockstep.hold(_now())

    @Slot()
    def pause(self) -> None:
        self._wanted = False
        if self._player is not None:
            self._call("pause")
            self._beside_call("pause")
            if self._pending is not None:
                self._pending = (self._pending[0], False)

    @Slot(str, VideoFrame)
    def toggle(self, file: str, frame: VideoFrame | None = None) -> None:
        """Play `file`, or pause it when it is the one playing."""
        if file == self._current and self._is_playing():
            self.pause()
        else:
            self.play(file, frame)

    @Slot(str, VideoFrame)
    def restart(self, file: str, frame: VideoFrame | None = None) -> None:
        """`file` from its start."""
        if file == self._current and self._player is not None:
            self._call("setPosition", 0)
            self._moved(0)
        self.play(file, frame)

    @Slot(int)
    def seek(self, milliseconds: int) -> None:
        if self._player is not None and self._current:
            top = self._duration or milliseconds
            position = max(0, min(milliseconds, top))
            self._call("setPosition", position)
            self._moved(position)

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
        self._open_beside("")
        self._follow.stop()
        self._wanted = False
        if self._frame is not None:
            self._frame.clear()
        self._current = ""
        self._source = ""
        self._sound = None
        self._pending = None
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

    def _path(self, file: str) -> Path:
        return Path(self._controller.folder).resolve() / file

    def _usable(self, file: str) -> bool:
        """Whether the stand's `file` can still be played as validation found it: inside the
        stand folder, a regular file within the size limit, of the kind its name says."""
        why = still_playable(self._path(file), self._controller.folder.resolve())
        if why is not None:
            log.warning("the recording %s is not played: %s (import the stand again)", file, why)
        return why is None

    def _choice(self, recording: Recording) -> Sound:
        """What the visitor hears of `recording` now (`kiosk.visit.soundtrack`); a sound
        file gone from the stand since it was checked is passed over, as a broken one."""
        while True:
            chosen = sound_for(recording, self._controller.session.language,
                               self._description_on, self._broken)
            gone = next((f for f in (chosen.file, chosen.beside)
                         if f and f != recording.file and not self._usable(f)), "")
            if not gone:
                return chosen
            log.error("the sound %s of %s is gone from the stand folder", gone, recording.file)
            self._broken.add(gone)

    def _load(self, file: str, recording: Recording) -> None:
        self._call("stop")
        self._current = file
        self._failed = "" if self._failed == file else self._failed
        self._position = 0
        self._duration = 0
        self._source = ""
        self._pending = None
        self._sound = None
        self._track = CaptionTrack(self._controller.folder, recording,
                                   self._controller.session.language)
        self._choose_sound()
        self.positionChanged.emit()
        self._update_caption()
        self.changed.emit()

    def _choose_sound(self) -> None:
        """Open what the visitor hears of the current recording (at its loading, a change of
        language or of the description, a sound file failing), where the picture is."""
        recording = recordings(self._controller.stand).get(self._current)
        if recording is None or self._player is None:
            return
        chosen = self._choice(recording)
        before, self._sound = self._sound, chosen
        if chosen.fell_back and (before is None or not before.fell_back
                                 or before.kind is not chosen.kind):
            self._notice = self._current  # the visitor is told (see _track_failed)
            self._notice_timer.start()
        if chosen.file != self._source:
            # playing on (a file that failed has stopped: what the visitor asked for)
            playing = self._is_playing() or self._wanted
            first = not self._source
            self._source = chosen.file
            self._source_url = QUrl.fromLocalFile(str(self._path(chosen.file)))
            self._call("setSource", self._source_url)
            # a sound switched in place of another: on at the same point once it loads
            self._pending = None if first else (self._position, playing)
        self._open_beside(chosen.beside)
        self._call_output(bool(chosen.beside))
        self.changed.emit()

    def _open_beside(self, file: str) -> None:
        """Play `file` beside the picture ('' none), in step with it from where it is."""
        if file == self._beside or self._beside_player is None:
            return
        if self._beside:
            self._beside_call("stop")
        self._beside = file
        self._beside_url = QUrl.fromLocalFile(str(self._path(file))) if file else QUrl()
        self._lockstep.reset()
        self._beside_stall.stop()
        self._beside_opening = bool(file)
        self._beside_last = 0
        _queued(self._beside_player, "setSource", self._beside_url)
        if file:
            self._lockstep.picture(self._position, _now(), self._is_playing())
            if self._is_playing():
                self._beside_call("play")  # (once loaded: moved to the picture then)

    def _call(self, method: str, argument: QUrl | int | None = None) -> None:
        """Ask the player to `method` (`_queued`)."""
        _queued(self._player, method, argument)

    def _beside_call(self, method: str, argument: int | None = None) -> None:
        """As `_call`, to the player of the sound beside the picture, when one plays."""
        if self._beside_player is not None and self._beside:
            _queued(self._beside_player, method, argument)

    def _call_output(self, muted: bool) -> None:
        """The picture's own sound muted while another plays beside it (queued, as `_call`:
        the audio output answers to Qt Multimedia's threads too)."""
        if self._output is not None:
            _queued(self._output, "setMuted", muted)

    def _fail(self, file: str) -> None:
        self.stop()
        self._failed = file
        self.changed.emit()

    def _fail_source(self, why: str) -> None:
        """The file the player has open failed: the recording's own fails it; a sound opened
        in its place (a recording of sound's spoken track or description) gives way to it."""
        recording = recordings(self._controller.stand).get(self._current)
        if recording is not None and self._source and self._source != recording.file:
            self._track_failed(self._source, why)
        else:
            log.error("the recording %s cannot be played (%s)", self._current, why)
            self._fail(self._current)

    def _track_failed(self, file: str, why: str) -> None:
        """A chosen sound file failed: passed over for the rest of the visit, the next choice
        (down to the recording's own sound) on where the picture is, and the visitor told."""
        log.error("the sound %s of the recording %s cannot be played (%s): its own sound "
                  "plays instead", file, self._current, why)
        self._broken.add(file)
        self._choose_sound()

    def _notice_over(self) -> None:
        if self._notice:
            self._notice = ""
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
        if self._current and self._player.source() == self._source_url:  # (not one left)
            self._fail_source(text)

    def _status_changed(self, status: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        Status = QMediaPlayer.MediaStatus
        player = self._player
        if not self._current or player.source() != self._source_url:  # (not one left)
            return
        if status == Status.EndOfMedia:
            self._wanted = False
        if status == Status.InvalidMedia:
            self._fail_source("not a file Qt can play")
        elif status == Status.LoadedMedia and not (player.hasVideo() or player.hasAudio()):
            self._fail_source("no picture or sound in it")
        elif status == Status.LoadedMedia and self._pending is not None:
            position, play = self._pending
            self._pending = None
            if position:
                self._call("setPosition", position)
            if play:
                self._call("play")
        elif (status == Status.EndOfMedia and self._frame is not None and player.hasVideo()
              and not self._frame.hasFrame):
            log.error("the recording %s cannot be played (it ended without a picture)",
                      self._current)
            self._fail(self._current)

    def _stalled(self) -> None:
        if self._is_playing() and self._current:
            self._fail_source(f"stalled at {self._position} ms")

    def _state_changed(self, *_: object) -> None:
        if self._is_playing():
            self._keep.start()
            self._stall.start()
        else:
            self._keep.stop()
            self._stall.stop()
            self._beside_stall.stop()
        self._lockstep.picture(self._position, _now(), self._is_playing())
        self._keep_in_step()
        self.changed.emit()

    def _position_changed(self, position: int) -> None:
        if position != self._position:
            if self._is_playing():
                self._stall.start()  # it moves
            self._position = position
            self.positionChanged.emit()
            self._update_caption()
            self._lockstep.picture(position, _now(), self._is_playing())
            self._keep_in_step()

    # --- the sound beside the picture ---------------------------------------------------

    def _moved(self, position: int) -> None:
        """The picture was asked to go to `position`: the sound follows it (FOLLOW_MS)."""
        if self._beside:
            now = _now()
            self._lockstep.picture(position, now, self._is_playing())
            self._lockstep.hold(now + FOLLOW_MS)
            self._follow.start()

    def _follow_picture(self) -> None:
        """The sound beside the picture to where the picture is now (started again if it had
        ended, or not yet started)."""
        if not self._beside:
            return
        now = _now()
        position = self._lockstep.picture_at(now)
        length = self._lockstep.sound_length
        self._beside_call("setPosition", min(position, length) if length else position)
        if (self._is_playing() and not self._beside_playing()  # (see play)
                and not (length and position >= length - END_MARGIN_MS)):
            self._beside_call("play")
        self._lockstep.hold(now)

    def _keep_in_step(self) -> None:
        """The sound beside the picture follows it (`kiosk.visit.soundtrack.Lockstep`)."""
        if not self._beside or self._beside_player is None:
            return
        now = _now()
        action = self._lockstep.step(now)
        if action.step is Step.PAUSE:
            self._beside_call("pause")
        elif action.step in (Step.SEEK, Step.PLAY):
            self._beside_call("setPosition", action.position)
            if action.step is Step.PLAY and not self._beside_playing():  # (see play)
                self._beside_call("play")
            self._lockstep.hold(now)
        if self._is_playing() and not self._beside_stall.isActive():
            self._beside_stall.start()  # the sound must move with the picture (see _beside_report)

    def _beside_playing(self) -> bool:
        return self._beside_player is not None and bool(self._beside_player.isPlaying())

    def _mine(self) -> bool:
        """Whether the sound player's signal is about the file it was last given (not the
        one before, still closing)."""
        return bool(self._beside) and self._beside_player.source() == self._beside_url

    def _beside_report(self, *_: object) -> None:
        if not self._mine():
            return
        player = self._beside_player
        playing = bool(player.isPlaying())
        position = int(player.position())
        if position != self._beside_last and self._is_playing():
            self._beside_stall.start()  # it moves
        self._beside_last = position
        self._lockstep.sound(position, _now(), playing)

    def _beside_duration(self, duration: int) -> None:
        if self._mine():
            self._lockstep.sound_length = max(0, int(duration))

    def _beside_error(self, _error: object, text: str) -> None:
        if self._mine():
            self._track_failed(self._beside, text)

    def _beside_status(self, status: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        Status = QMediaPlayer.MediaStatus
        if not self._mine():
            return
        if status == Status.InvalidMedia:
            self._track_failed(self._beside, "not a file Qt can play")
        elif status == Status.LoadedMedia and not self._beside_player.hasAudio():
            self._track_failed(self._beside, "no sound in it")
        elif status == Status.LoadedMedia and self._beside_opening:
            # opened (a setPosition before this is lost): to the picture now
            self._beside_opening = False
            now = _now()
            position = self._lockstep.picture_at(now)
            if position > self._lockstep.tolerance_ms:
                self._beside_call("setPosition", position)
                self._lockstep.hold(now)

    def _beside_stalled(self) -> None:
        """The picture played for STALL_MS and the sound beside it did not move (not at its
        end): a file that opens but never plays, or never opens."""
        length = self._lockstep.sound_length
        if (self._beside and self._is_playing()
                and not (length and self._lockstep.picture_at(_now()) >= length - END_MARGIN_MS)):
            self._track_failed(self._beside, "it did not follow the picture for "
                               f"{STALL_MS // 1000} seconds")

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
        """Captions and the spoken track in the visitor's new language, where it was."""
        if not self._current:
            return
        recording = recordings(self._controller.stand).get(self._current)
        if recording is not None:
            self._track = CaptionTrack(self._controller.folder, recording,
                                       self._controller.session.language)
            self._update_caption()
            self._choose_sound()

    def _phase_changed(self) -> None:
        if self._controller.session.phase is not Phase.BROWSING:
            self.stop()

    def _narrator_changed(self) -> None:
        if self._narrator is None:
            return
        if self._narrator.property("speaking") and self._is_playing():
            self.pause()
        if self._output is not None:
            self._output.setVolume(self._volume())
        if self._beside_output is not None:
            self._beside_output.setVolume(self._volume())

    def _stand_changed(self) -> None:
        if not self._available and recordings(self._controller.stand):
            self._available = multimedia_installed()
            self.changed.emit()
        self._visit_ended()

    def _visit_ended(self) -> None:
        self.stop()
        self._failed = ""
        self._broken.clear()
        self._notice = ""
        self._description_on = False
        self._captions_on = True
        self._update_caption()
        self.changed.emit()

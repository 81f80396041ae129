"""Narration on the kiosk: the stand's clips (`kiosk narrate`, or staff recordings) played as
the keypad's focus moves, in the visitor's language, through Qt Multimedia (PySide6-Addons,
the `media` extra; without it the kiosk runs silent and says so in its log).

Nothing is synthesised here: a line without a clip is silent. Narration starts only after a
deliberate action (the Listen button or the audio key), never on the attract screen; the
volume stays under the venue's ceiling; the end of the visit stops it and puts the volume
back to its default. While a clip plays, the visit is kept (the visitor is listening).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Q_ARG, Property, QMetaObject, QObject, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtQml import QmlElement, QQmlComponent, QQmlEngine
from PySide6.QtQuick import QQuickItem

from kiosk.authoring.narrate import FOLDER, MANIFEST, MISSING, clip_name, clip_problem
from kiosk.paths import QML_DIR, RESOURCES_DIR
from kiosk.ui.backend import (  # noqa: F401 (the import names are read by @QmlElement)
    QML_IMPORT_MAJOR_VERSION,
    QML_IMPORT_NAME,
    QmlUncreatable,
)
from kiosk.ui.videoframe import multimedia_missing
from kiosk.visit.session import Phase

if TYPE_CHECKING:
    from kiosk.ui.controller import KioskController

log = logging.getLogger("kiosk.narration")

VOLUME_STEP = 0.1
KEEP_ALIVE_MS = 5000
"""While a clip plays, the visit is kept this often (a listener touches nothing)."""
CONTROLS = {"toggle-largeText": "ui/larger_text", "toggle-highContrast": "ui/high_contrast",
            "toggle-lowReach": "ui/low_reach", "toggle-audio": "ui/listen",
            "sourceButton": "ui/source", "reveal": "ui/show_content", "skip": "ui/skip",
            "stillThereContinue": "ui/continue", "closeButton": "ui/close",
            "enlarge": "ui/enlarge"}
"""The clip of each control the focus can stop at, by its objectName."""
ITEMS = ("section", "figure", "group", "remark")


def _tell_screen_reader(item: QQuickItem | None) -> None:
    """A focus event for `item` to the platform's accessibility (AT-SPI on Linux). Qt Quick
    sends one itself for some items only: moved by the keypad onto a section of a list, or
    a card, Orca heard nothing (tests/test_screenreader_xvfb.py)."""
    if item is not None and QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleEvent(item, QAccessible.Event.Focus))


@QmlElement
@QmlUncreatable("the kiosk makes its narrator and gives it to the window")
class Narrator(QObject):
    changed = Signal()

    def __init__(self, controller: KioskController, folder: Path, *, volume: float = 0.7,
                 ceiling: float = 1.0, parent: QObject | None = None,
                 engine: QQmlEngine | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._folder = folder
        self._ceiling = max(0.0, min(1.0, ceiling))
        self._default = min(volume, self._ceiling)
        self._volume = self._default
        self._last = ""
        self._queue: list[str] = []  # lines still to say after this one
        self._player: Any = None
        self._output: Any = None
        self._click: Any = None
        self._click_output: Any = None
        self._parts: Any = None
        has_clips = (folder / FOLDER / MANIFEST).is_file()
        if has_clips:
            self._start_player(engine)
        self._available = has_clips and self._player is not None
        controller.set_narration(self._available)
        controller.resetRequested.connect(self._visit_ended)
        controller.audioChanged.connect(self._audio_changed)
        controller.stillThereChanged.connect(self._still_there)
        self._keep = QTimer(self, interval=KEEP_ALIVE_MS)
        self._keep.timeout.connect(controller.activity)

    def _start_player(self, engine: QQmlEngine | None) -> None:
        """The player, made in QML (NarrationParts.qml: why not in Python)."""
        missing = multimedia_missing()
        if missing or engine is None:
            log.warning("the stand has narration, but Qt Multimedia does not load here (%s): "
                        "install the kiosk with its media extra (pip install "
                        "'exhibit-kiosk[media]', or the offline bundle's --with-media); on "
                        "Linux it also needs libpulse0", missing or "no QML engine")
            return
        component = QQmlComponent(engine, QUrl.fromLocalFile(
            str(QML_DIR / "Kiosk" / "NarrationParts.qml")))
        parts = component.create()
        if parts is None:
            log.error("the narrator's Qt Multimedia parts could not be made: %s",
                      "; ".join(error.toString() for error in component.errors()))
            return
        parts.setParent(self)
        self._parts = parts
        self._player = parts.property("player")
        self._output = parts.property("output")
        self._click = parts.property("click")
        self._click_output = parts.property("clickOutput")
        self._click.setProperty("source", QUrl.fromLocalFile(
            str(RESOURCES_DIR / "sounds" / "tick.wav")))
        self._output.setProperty("volume", self._volume)
        self._player.playbackStateChanged.connect(self._state_changed)
        self._player.mediaStatusChanged.connect(self._status_changed)
        self._player.errorOccurred.connect(
            lambda _error, text: log.warning("a narration clip cannot be played: %s", text))

    # --- what QML sees --------------------------------------------------------------------

    @Property(bool, notify=changed, final=True)
    def available(self) -> bool:
        """Whether the stand has narration and this kiosk can play it."""
        return self._available

    @Property(bool, notify=changed, final=True)
    def speaking(self) -> bool:
        return self._player is not None and self._player.isPlaying()

    @Property(float, notify=changed, final=True)
    def volume(self) -> float:
        return self._volume

    @Slot(QQuickItem)
    def sayFor(self, item: QQuickItem | None) -> None:
        """Say what `item` (the keypad's focus) is, if the visitor has turned narration on;
        and tell a screen reader, if one listens, where the focus is."""
        _tell_screen_reader(item)
        keys = self.key_for(item).split()
        if keys:
            self.sayAll(keys)

    @Slot(list)
    def sayAll(self, keys: list[str]) -> None:
        """Play the lines `keys` one after the other (the sources of an item)."""
        if keys:
            self.say(keys[0])
            self._queue = list(keys[1:])

    @Slot(str)
    def say(self, key: str) -> None:
        """Play line `key` in the visitor's language (interrupting the one playing)."""
        self._queue = []
        if not self._on():
            return
        self._last = key
        file = self.clip(key)
        if file is None:
            self._later(self._player, "stop")  # a line without a clip is silent, not the one before
            return
        self._later(self._player, "setSource", Q_ARG(QUrl, QUrl.fromLocalFile(str(file))))
        self._later(self._player, "play")

    @Slot()
    def repeat(self) -> None:
        if self._last:
            self.say(self._last)

    @Slot()
    def stop(self) -> None:
        self._queue = []
        if self._player is not None:
            self._later(self._player, "stop")

    @Slot()
    def help(self) -> None:
        """The keys, said aloud (turning narration on: the visitor asked to hear)."""
        if self._available:
            self._controller.setProperty("audio", True)
            self.say("ui/keys_help")

    @Slot()
    def louder(self) -> None:
        self._set_volume(self._volume + VOLUME_STEP)

    @Slot()
    def softer(self) -> None:
        self._set_volume(self._volume - VOLUME_STEP)

    @Slot()
    def click(self) -> None:
        """A key's audible feedback, when narration is on: a short tick."""
        if not self._on():
            return
        self._click_output.setProperty("volume", self._volume)
        self._later(self._click, "stop")  # from its start, a key pressed again quickly
        self._later(self._click, "play")

    # --- inside -------------------------------------------------------------------------

    def clip(self, key: str) -> Path | None:
        """The clip of line `key` in the visitor's language, or None: a line without one is
        silent, and so is a clip that is a link out of the stand, a pipe or a device, too
        large or not a WAV file (logged: `kiosk validate` reports it too)."""
        language = self._controller.session.language
        problem = clip_problem(self._folder, language, key)
        if problem is None:
            return self._folder / clip_name(language, key)
        if not problem.endswith(MISSING):
            log.warning("a narration clip is not played: %s", problem)
        return None

    def key_for(self, item: QQuickItem | None) -> str:
        """The line that says what `item` is: a panel's item, a control, a language (or
        the lines, separated by spaces, an item names in its `narrationKey`)."""
        if item is None:
            return ""
        own = item.property("narrationKey")
        if isinstance(own, str) and own:
            return own
        name = item.objectName()
        if name in CONTROLS:
            return CONTROLS[name]
        kind, _, number = name.rpartition("-")
        if name.startswith("language-"):
            return f"ui/{name}"
        panels = self._controller.stand.panels
        if kind == "nav" and number.isdigit() and int(number) < len(panels):
            return f"{panels[int(number)].id}/title"
        if kind in ITEMS and number.isdigit():
            page = item.parentItem()
            while page is not None and not page.objectName().startswith("page-"):
                page = page.parentItem()
            index = page.objectName()[len("page-"):] if page is not None else ""
            if index.isdigit() and int(index) < len(panels):
                covered = bool(item.property("sensitive")) and not item.property("revealed")
                return f"{panels[int(index)].id}/{name}" + ("/notice" if covered else "")
        return ""

    def _on(self) -> bool:
        return (self._available and bool(self._controller.property("audio"))
                and self._controller.session.phase is Phase.BROWSING)

    def _set_volume(self, value: float) -> None:
        value = round(max(0.0, min(self._ceiling, value)), 2)
        if value != self._volume:
            self._volume = value
            if self._output is not None:
                self._output.setVolume(value)
            self.changed.emit()
        self.repeat()  # heard at the new volume

    def _state_changed(self, *_: object) -> None:
        if self.speaking and self._last != "ui/still_there":  # that one must not answer itself
            self._keep.start()
        else:
            self._keep.stop()
        self.changed.emit()

    def _audio_changed(self) -> None:
        if not self._controller.property("audio"):
            self.stop()

    @staticmethod
    def _later(target: QObject, slot: str, *arguments: Any) -> None:
        """Call `slot` of a Qt Multimedia object from the event loop, where no Python code
        holds the interpreter's lock: the FFmpeg backend waits there for its threads, which
        may be logging through the kiosk's Python message handler (a deadlock, with the lock
        held by a Python caller; seen as a frozen kiosk in tests)."""
        QMetaObject.invokeMethod(target, slot, Qt.ConnectionType.QueuedConnection, *arguments)

    def _status_changed(self, status: object) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.EndOfMedia and self._queue:
            queue = self._queue
            self.say(queue[0])
            self._queue = queue[1:]

    def _still_there(self) -> None:
        """The question before the idle reset is said to a listener, who may not see it."""
        if self._controller.property("stillThere"):
            self.say("ui/still_there")
        elif self._last == "ui/still_there":
            self.stop()  # answered

    def _visit_ended(self) -> None:
        self.stop()
        self._last = ""
        if self._volume != self._default:
            self._volume = self._default
            if self._output is not None:
                self._output.setVolume(self._default)
            self.changed.emit()

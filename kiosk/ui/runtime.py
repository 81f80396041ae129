"""What a kiosk needs when it runs unattended: live reload, health file, statistics,
opening hours, watchdog. Qt timers and signals over the Qt-free core modules."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal

from kiosk.content import LoadResult, memo
from kiosk.content.media import still_inside
from kiosk.ui.controller import KioskController
from kiosk.venue.health import WRITE_EVERY_S, HealthReporter
from kiosk.venue.hours import is_open
from kiosk.venue.notify import Notifier
from kiosk.venue.settings import Settings
from kiosk.venue.stats import BackgroundRecorder, Recorder

log = logging.getLogger("kiosk.runtime")
DEBOUNCE_MS = 1500
POLL_MS = 10_000
HOURS_CHECK_MS = 30_000
EXIT_WAIT_S = 2.0
"""At exit, how long to wait for a health file write still under way."""


def fingerprint(folder: Path) -> str:
    """What changes when a stand changes: its real path and the facts of every file in it."""
    try:
        real = folder.resolve()
    except OSError:
        return "unreadable"
    return f"{real}\n{memo.fingerprint(real)}"


@dataclass(frozen=True)
class Checked:
    """A validation of the stand's files as they were at `stamp` (their fingerprint)."""

    stamp: str
    result: LoadResult
    at: datetime

    @property
    def label(self) -> str:
        """How staff tell this version: its library version name, or when it was checked."""
        folder = self.result.folder
        if folder.parent.name == "versions":
            return f"version {folder.name}"
        return f"the files as of {self.at:%H:%M:%S}"


class StandWatcher(QObject):
    """Notices when the stand's files change (an import, a sync tool) and validates the new
    version on a worker thread. All disk work of a check (finding the stand, the fingerprint
    of its files, the validation) happens there; `validated` (a `Checked`) and `settled`
    are emitted on the UI thread, where this object lives."""

    validated = Signal(object)
    settled = Signal()
    missing = Signal(object)  # the files of `shown_media` that are gone (a list of Paths)
    _finished = Signal(object, object, object, object)  # worker -> UI thread: folder, Checked,
    # missing, the paths to watch that exist

    def __init__(
        self, locate: Callable[[], Path], load: Callable[[Path], LoadResult],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._locate = locate
        self._load = load
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="validate")
        self._busy = False
        self._again = False
        self._closed = False
        self.shown_media: tuple[Path, ...] = ()
        self._media_root = Path("/")
        """The pictures of the stand on screen: each check also looks for those gone."""
        self._missing: list[Path] = []
        self._folder = locate()
        self.current = fingerprint(self._folder)
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._fs = QFileSystemWatcher(self)
        self._fs.directoryChanged.connect(self._changed)
        self._fs.fileChanged.connect(self._changed)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.check)
        self._poll = QTimer(self, interval=POLL_MS)  # for file systems that send no events
        self._poll.timeout.connect(self.check)
        self._poll.start()
        self._watch()

    @property
    def is_settled(self) -> bool:
        """No change seen that is not checked yet, and no check under way."""
        return not self._busy and not self._again and not self._debounce.isActive()

    @staticmethod
    def _watched(folder: Path) -> list[str]:
        """The paths to watch for `folder` that exist (disk work: a few `stat`s)."""
        wanted = [folder, folder.parent, folder / "stand.yaml", folder / "media"]
        if folder.parent.name == "versions":  # a library version: watch the `active` link
            wanted.append(folder.parent.parent)
        return [str(p) for p in wanted if p.exists()]

    def _watch(self) -> None:
        paths = [p for p in self._fs.files() + self._fs.directories()]
        if paths:
            self._fs.removePaths(paths)
        existing = self._watched(self._folder)
        if existing:
            self._fs.addPaths(existing)

    def _rewatch(self, existing: list[str]) -> None:
        """Watch again what a check found back on disk: a stand.yaml or media folder that was
        deleted and put back is no longer watched (its watch went with it), so its later
        edits would be seen by the 10 s poll only."""
        lost = set(existing) - set(self._fs.files() + self._fs.directories())
        if lost:
            self._fs.addPaths(sorted(lost))

    def _changed(self, _path: str) -> None:
        self._debounce.start()

    def check(self) -> None:
        """Validate the stand again (on the worker) if its files changed since the version
        last checked. Returns at once."""
        if self._closed:
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        try:
            self._pool.submit(self._probe, self.current)
        except RuntimeError:  # shut down
            self._busy = False

    def _probe(self, current: str) -> None:
        """On the worker: find the stand, compare its fingerprint, validate it if changed."""
        folder: Path | None = None
        checked: Checked | None = None
        gone = self._gone(None)
        try:
            folder = self._locate()
            gone = self._gone(folder)
            stamp = fingerprint(folder)
            if stamp != current:
                result = self._load(folder)
                checked = Checked(stamp, result, datetime.now())
        except Exception:
            log.exception("checking the stand for changes failed; keeping what is shown")
        existing = self._watched(folder) if folder is not None else []
        self._finished.emit(folder, checked, gone, existing)  # queued to the UI thread

    def _gone(self, folder: Path | None) -> list[Path]:
        """The pictures shown that are gone: not a file, or a link out of both the folder
        they were shown from and the stand's `folder` as it is now (a folder that is a link,
        switched to a new release, is not a link out)."""
        now = folder.resolve() if folder is not None else self._media_root
        return [path for path in self.shown_media
                if not (still_inside(path, self._media_root) or still_inside(path, now))]

    def _on_finished(self, folder: Path | None, checked: Checked | None,
                     gone: list[Path], existing: list[str]) -> None:
        self._busy = False
        if self._closed:
            return
        if gone != self._missing:
            self._missing = gone
            self.missing.emit(gone)
        if folder is not None and folder != self._folder:
            self._folder = folder
            self._watch()
        elif folder is not None:
            self._rewatch(existing)
        if checked is not None:
            self.current = checked.stamp
            self.validated.emit(checked)
        if self._again:
            self._again = False
            self.check()
        if self.is_settled:
            self.settled.emit()

    def show_media(self, files: Iterable[Path], root: Path) -> None:
        """The pictures of the stand now on screen (none of them known to be gone), and the
        real folder they are shown from: a picture that becomes a link out of it counts as
        gone."""
        self.shown_media = tuple(files)
        self._media_root = root
        self._missing = []

    def accept(self) -> None:
        self._watch()

    def close(self) -> None:
        self._closed = True
        self._poll.stop()
        self._debounce.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)


class FailureWatch(QObject):
    """While the failure screen shows ("This stand cannot be shown"): checks the stand again
    whenever its files change, and says when it is fixed. For the staff menu there, it is
    what a Runtime is to it (reload, the last report, the recent errors)."""

    fixed = Signal(object)  # the LoadResult of the stand, now valid
    problemsChanged = Signal()

    def __init__(
        self, failed: LoadResult, locate: Callable[[], Path] | None,
        load: Callable[[Path], LoadResult], parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = None
        self.safe_mode = False
        self.started = time.monotonic()
        self.last_rejected: LoadResult | None = failed
        self.errors = ErrorLog(lambda _message: None)
        logging.getLogger().addHandler(self.errors)
        self.watcher = StandWatcher(locate or (lambda: failed.folder), load, self)
        self.watcher.validated.connect(self._validated)

    def _validated(self, checked: Checked) -> None:
        result = checked.result
        if result.ok and result.stand is not None:
            log.info("the stand in %s is valid now; showing it", result.folder)
            self.last_rejected = None
            self.fixed.emit(result)
            return
        log.error("the stand in %s is still not valid: %d error(s)", result.folder,
                  len(result.errors))
        self.last_rejected = result
        self.problemsChanged.emit()

    def problems(self) -> list[str]:
        result = self.last_rejected
        if result is None:
            return []
        return [p.format() for p in result.problems if p.is_error] or ["unknown problem"]

    def reload(self) -> None:
        """Check the stand on disk again now (staff menu)."""
        self.watcher.current = ""
        self.watcher.check()

    def uptime(self) -> float:
        return time.monotonic() - self.started

    def close(self) -> None:
        logging.getLogger().removeHandler(self.errors)
        self.watcher.close()


class ErrorLog(logging.Handler):
    """Keeps the last errors for the staff menu and the health file."""

    def __init__(self, on_error: Callable[[str], None], keep: int = 20) -> None:
        super().__init__(level=logging.ERROR)
        self.recent: deque[str] = deque(maxlen=keep)
        self._on_error = on_error

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = f"{datetime.now():%Y-%m-%d %H:%M:%S} {record.name}: {record.getMessage()}"
            self.recent.append(line)
            self._on_error(record.getMessage())
        except Exception:  # a log handler never raises
            pass


class Runtime(QObject):
    """Wires the unattended-running services to a kiosk's controller."""

    standReplaced = Signal()
    _errorElsewhere = Signal(str)  # an error logged on another thread, for the UI thread

    def __init__(
        self,
        controller: KioskController,
        *,
        settings: Settings,
        locate: Callable[[], Path] | None,
        load: Callable[[Path], LoadResult],
        health: HealthReporter | None = None,
        recorder: Recorder | BackgroundRecorder | None = None,
        notifier: Notifier | None = None,
        safe_mode: bool = False,
        clock: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.settings = settings
        self.health = health
        self.recorder = recorder
        self.notifier = notifier
        self.safe_mode = safe_mode
        self.started = time.monotonic()
        self._clock = clock
        self._load = load
        self.pending: Checked | None = None
        self._shown = f"stand {controller.stand.id} (the version shown at start)"
        self._disk = ThreadPoolExecutor(max_workers=1, thread_name_prefix="disk")
        self._health_write: Future[bool] | None = None
        self.last_rejected: LoadResult | None = None
        self._errorElsewhere.connect(self._record_error, Qt.ConnectionType.QueuedConnection)
        self.errors = ErrorLog(self._error_logged)
        logging.getLogger().addHandler(self.errors)

        if health is not None:
            health.stand_shown(controller.stand.id, controller.folder, safe_mode=safe_mode)
            self._health_timer = QTimer(self, interval=int(WRITE_EVERY_S * 1000))
            self._health_timer.timeout.connect(self.write_health)
            self._health_timer.start()
            self.write_health()
        controller.visitorActive.connect(self._touched)
        if recorder is not None:
            controller.visitStarted.connect(self._visit_started)
            controller.currentIndexChanged.connect(self._panel_shown)
            controller.languageChanged.connect(self._language_chosen)
            controller.itemOpened.connect(self._item_opened)
            controller.resetRequested.connect(self._visit_ended)
        self.watcher: StandWatcher | None = None
        self._shown_stamp: str | None = None  # the fingerprint of the files on screen
        if locate is not None:
            self.watcher = StandWatcher(locate, load, self)
            self._shown_stamp = self.watcher.current
            self.watcher.validated.connect(self._validated)
            self.watcher.settled.connect(self._apply_pending)
            self.watcher.missing.connect(self._media_gone)
            self.watcher.show_media(controller.media_files().values(), controller.media_root())
        controller.phaseChanged.connect(self._apply_pending)
        self._hours = QTimer(self, interval=HOURS_CHECK_MS)
        self._hours.timeout.connect(self.check_hours)
        self._hours.start()
        self.check_hours()

    # --- statistics -------------------------------------------------------------------

    def _visit_started(self) -> None:
        assert self.recorder is not None
        self.recorder.visit_started(self.controller.stand.id, self.controller.session.language)
        self._panel_shown()

    def _panel_shown(self) -> None:
        if self.recorder is None or self.controller.session.phase.value != "browsing":
            return
        panels = self.controller.stand.panels
        self.recorder.panel_shown(panels[self.controller.session.panel_index].id)

    def _language_chosen(self) -> None:
        if self.recorder is not None and self.controller.session.phase.value == "browsing":
            self.recorder.language_chosen(self.controller.session.language)

    def _item_opened(self, kind: str, item: str) -> None:
        if self.recorder is not None:
            self.recorder.item_opened(kind, item)

    def _visit_ended(self) -> None:
        """The visit ended at its last touch: the idle wait is not part of it."""
        if self.recorder is not None and self.recorder.in_visit:
            idle = max(0.0, self.controller.clock() - self.controller.session.last_input)
            self.recorder.visit_ended(self._clock() - timedelta(seconds=idle))

    # --- health -------------------------------------------------------------------------

    def _touched(self) -> None:
        if self.health is not None:
            self.health.touched()

    def _error_logged(self, message: str) -> None:
        # the health record is changed on the UI thread only (errors come from the
        # validation, statistics and disk threads too)
        if threading.current_thread() is threading.main_thread():
            self._record_error(message)
        else:
            self._errorElsewhere.emit(message)

    def _record_error(self, message: str) -> None:
        if self.health is not None:
            self.health.error(message)

    def write_health(self) -> None:
        """Write the health file on the disk thread (the UI thread never waits for a disk);
        a write still under way means this one is skipped, not queued."""
        if self.health is None:
            return
        if self._health_write is not None and not self._health_write.done():
            log.debug("the last health file write is still under way; skipping this one")
            return
        snapshot = self.health.snapshot()
        with contextlib.suppress(RuntimeError):  # closing
            self._health_write = self._disk.submit(self.health.write_snapshot, snapshot)

    def uptime(self) -> float:
        return time.monotonic() - self.started

    # --- live reload --------------------------------------------------------------------
    #
    # Which version wins: the screen only ever changes to the stand as it is on disk now,
    # and only when that is valid. A valid change waits for the next idle moment; a newer
    # change replaces it, and a newer *broken* change drops it (its files are no longer what
    # is on disk), so the screen keeps the version it shows. At the idle moment a change
    # still being checked is waited for. Each log line names the version it speaks of.

    def offer(self, result: LoadResult) -> None:
        """A checked version of the stand (from the check `kiosk run` started after the first
        frame): shown at the next idle moment if it passed; if not, the stand on screen
        stays."""
        self._validated(Checked(fingerprint(result.folder), result, datetime.now()))

    def _validated(self, checked: Checked) -> None:
        result = checked.result
        earlier = self.pending
        if not result.ok or result.stand is None:
            self.last_rejected = result
            self.pending = None
            dropped = "" if earlier is None else (
                f" The earlier valid change ({earlier.label}) that was waiting for the next "
                "idle moment is dropped: it is no longer what is on disk.")
            first = result.errors[0].format() if result.errors else "unknown problem"
            log.error("the changed stand in %s (%s) is not valid; the screen keeps showing %s."
                      "%s %d error(s), first: %s", result.folder, checked.label,
                      self.shown_label, dropped, len(result.errors), first)
            return
        self.last_rejected = None
        if checked.stamp == self._shown_stamp:  # e.g. SIGHUP on a stand nobody changed
            self.pending = None
            dropped = "" if earlier is None else (
                f"; the change that was waiting ({earlier.label}) is no longer on disk and is "
                "dropped")
            log.info("the stand in %s is valid and has not changed since it was shown: the "
                     "screen keeps showing %s%s", result.folder, self.shown_label, dropped)
            return
        self.pending = checked
        replaced = "" if earlier is None else (
            f" It replaces the earlier change ({earlier.label}), which will not be shown.")
        log.info("the changed stand in %s (%s) is valid; it replaces %s at the next idle "
                 "moment.%s", result.folder, checked.label, self.shown_label, replaced)
        self._apply_pending()

    def _media_gone(self, gone: list[Path]) -> None:
        urls = {path: url for url, path in self.controller.media_files().items()}
        self.controller.set_missing_media([urls[path] for path in gone if path in urls])

    @property
    def shown_label(self) -> str:
        """The version on screen, in words for the log and the staff menu."""
        return self._shown

    def _apply_pending(self) -> None:
        if self.pending is None or self.controller.session.phase.value != "attract":
            return
        if self.watcher is not None and not self.watcher.is_settled:
            log.info("idle moment: a check of the stand's files is under way; %s is shown "
                     "when it ends, unless the files changed again", self.pending.label)
            return  # `settled` calls this again
        checked, self.pending = self.pending, None
        result = checked.result
        assert result.stand is not None
        self.controller.replace_stand(result.stand, result.folder)
        self._shown = f"stand {result.stand.id} ({checked.label})"
        self._shown_stamp = checked.stamp
        if self.health is not None:
            self.health.stand_shown(result.stand.id, result.folder, safe_mode=self.safe_mode)
            self.write_health()
        if self.watcher is not None:
            self.watcher.show_media(self.controller.media_files().values(),
                                     self.controller.media_root())
            self.watcher.accept()
        log.info("now showing %s from %s", self._shown, result.folder)
        self.standReplaced.emit()

    def reload(self) -> None:
        """Validate the stand on disk again now (staff menu, SIGHUP); returns at once."""
        if self.watcher is None:
            log.info("live reload is off for this stand; nothing to check")
            return
        self.watcher.current = ""
        self.watcher.check()

    def status_line(self) -> str:
        uptime = int(self.uptime())
        parts = [
            f"showing {self.shown_label} from {self.controller.folder}",
            f"visitor: {self.controller.session.phase.value}",
            f"up {uptime // 3600} h {uptime % 3600 // 60:02d} min",
        ]
        if self.pending is not None:
            parts.append(f"waiting for the idle moment: {self.pending.label}")
        if self.last_rejected is not None:
            parts.append(f"last change rejected: {len(self.last_rejected.errors)} error(s) in "
                         f"{self.last_rejected.folder}")
        if self.safe_mode:
            parts.append("safe mode")
        if self.recorder is not None and self.recorder.failures:
            parts.append(f"statistics failures: {self.recorder.failures}")
        return "; ".join(parts)

    def report_status(self) -> None:
        """Log one status line and write the health file now (SIGUSR1)."""
        log.info("status: %s", self.status_line())
        self.write_health()

    # --- opening hours ----------------------------------------------------------------------

    def check_hours(self) -> None:
        if not self.settings.opening_hours:
            self.controller.set_closed(False)
            return
        self.controller.set_closed(not is_open(self.settings.opening_hours, self._clock()))

    def close(self) -> None:
        logging.getLogger().removeHandler(self.errors)
        if self.watcher is not None:
            self.watcher.close()
        if self.recorder is not None:
            self._visit_ended()
            self.recorder.close()
        self._disk.shutdown(wait=False)
        last = self._health_write
        if last is not None:
            try:
                last.result(timeout=EXIT_WAIT_S)
            except Exception:  # a disk stuck at exit (or a failed write): no last write
                log.warning("the health file could not be written at exit")
                return
        if self.health is not None:
            self.health.write()


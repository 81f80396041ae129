"""What a kiosk needs when it runs unattended: live reload, health file, statistics,
opening hours, watchdog. Qt timers and signals over the Qt-free core modules."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.content import LoadResult, memo
from kiosk.health import WRITE_EVERY_S, HealthReporter
from kiosk.notify import Notifier
from kiosk.settings import Settings, is_open
from kiosk.stats import Recorder
from kiosk.ui.controller import KioskController

log = logging.getLogger("kiosk.runtime")
DEBOUNCE_MS = 1500
POLL_MS = 10_000
HOURS_CHECK_MS = 30_000


def fingerprint(folder: Path) -> str:
    """What changes when a stand changes: its real path and the facts of every file in it."""
    try:
        real = folder.resolve()
    except OSError:
        return "unreadable"
    return f"{real}\n{memo.fingerprint(real)}"


class StandWatcher(QObject):
    """Notices when the stand's files change (an import, a sync tool) and validates the new
    version on a worker thread; `validated` brings the result back to the UI thread."""

    validated = Signal(object)

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
        self._folder = locate()
        self.current = fingerprint(self._folder)
        self._fs = QFileSystemWatcher(self)
        self._fs.directoryChanged.connect(self._changed)
        self._fs.fileChanged.connect(self._changed)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.check)
        self._poll = QTimer(self, interval=POLL_MS)  # for file systems that send no events
        self._poll.timeout.connect(self.check)
        self._poll.start()
        self._watch()

    def _watch(self) -> None:
        paths = [p for p in self._fs.files() + self._fs.directories()]
        if paths:
            self._fs.removePaths(paths)
        folder = self._folder
        wanted = [folder, folder.parent, folder / "stand.yaml", folder / "media"]
        if folder.parent.name == "versions":  # a library version: watch the `active` link
            wanted.append(folder.parent.parent)
        existing = [str(p) for p in wanted if p.exists()]
        if existing:
            self._fs.addPaths(existing)

    def _changed(self, _path: str) -> None:
        self._debounce.start()

    def check(self) -> None:
        """Validate the stand again if its files changed since the version on screen."""
        if self._busy:
            self._again = True
            return
        try:
            folder = self._locate()
        except Exception as exc:  # a library that lost the stand: keep what is shown
            log.error("cannot find the stand: %s", exc)
            return
        if folder != self._folder:
            self._folder = folder
        if fingerprint(folder) == self.current:
            return
        self._busy = True
        future = self._pool.submit(self._validate, folder)
        future.add_done_callback(self._done)

    def _validate(self, folder: Path) -> tuple[str, LoadResult]:
        stamp = fingerprint(folder)
        return stamp, self._load(folder)

    def _done(self, future: Future[tuple[str, LoadResult]]) -> None:
        self._busy = False
        try:
            stamp, result = future.result()
        except Exception:
            log.exception("validating the changed stand failed")
            return
        self.current = stamp
        self.validated.emit(result)  # queued to the UI thread: this object lives there
        if self._again:
            self._again = False
            self._debounce.start()

    def accept(self) -> None:
        self._watch()

    def close(self) -> None:
        self._poll.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)


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

    def __init__(
        self,
        controller: KioskController,
        *,
        settings: Settings,
        locate: Callable[[], Path] | None,
        load: Callable[[Path], LoadResult],
        health: HealthReporter | None = None,
        recorder: Recorder | None = None,
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
        self.pending: LoadResult | None = None
        self.last_rejected: LoadResult | None = None
        self.errors = ErrorLog(self._record_error)
        logging.getLogger().addHandler(self.errors)

        if health is not None:
            health.stand_shown(controller.stand.id, controller.folder, safe_mode=safe_mode)
            self._health_timer = QTimer(self, interval=int(WRITE_EVERY_S * 1000))
            self._health_timer.timeout.connect(health.write)
            self._health_timer.start()
            health.write()
        controller.visitorActive.connect(self._touched)
        if recorder is not None:
            controller.visitStarted.connect(self._visit_started)
            controller.currentIndexChanged.connect(self._panel_shown)
            controller.languageChanged.connect(self._language_chosen)
            controller.itemOpened.connect(self._item_opened)
            controller.resetRequested.connect(self._visit_ended)
        self.watcher: StandWatcher | None = None
        if locate is not None:
            self.watcher = StandWatcher(locate, load, self)
            self.watcher.validated.connect(self._validated)
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
            idle = max(0.0, time.monotonic() - self.controller.session.last_input)
            self.recorder.visit_ended(self._clock() - timedelta(seconds=idle))

    # --- health -------------------------------------------------------------------------

    def _touched(self) -> None:
        if self.health is not None:
            self.health.touched()

    def _record_error(self, message: str) -> None:
        if self.health is not None:
            self.health.error(message)

    def uptime(self) -> float:
        return time.monotonic() - self.started

    # --- live reload --------------------------------------------------------------------

    def offer(self, result: LoadResult) -> None:
        """A checked version of the stand (from the check `kiosk run` started, or a live
        reload): shown at the next idle moment if it passed; if not, the stand on screen
        stays."""
        self._validated(result)

    def _validated(self, result: LoadResult) -> None:
        if not result.ok or result.stand is None:
            self.last_rejected = result
            first = result.errors[0].format() if result.errors else "unknown problem"
            log.error("the changed stand in %s is not valid; still showing the last good one. "
                      "%d error(s), first: %s", result.folder, len(result.errors), first)
            return
        self.last_rejected = None
        self.pending = result
        log.info("a new version of the stand is valid; it is shown at the next idle moment")
        self._apply_pending()

    def _apply_pending(self) -> None:
        if self.pending is None or self.controller.session.phase.value != "attract":
            return
        result, self.pending = self.pending, None
        assert result.stand is not None
        self.controller.replace_stand(result.stand, result.folder)
        if self.health is not None:
            self.health.stand_shown(result.stand.id, result.folder, safe_mode=self.safe_mode)
            self.health.write()
        if self.watcher is not None:
            self.watcher.accept()
        log.info("now showing stand %s from %s", result.stand.id, result.folder)
        self.standReplaced.emit()

    def reload(self) -> None:
        """Validate the stand on disk again now (staff menu)."""
        if self.watcher is not None:
            self.watcher.current = ""
            self.watcher.check()

    # --- opening hours ----------------------------------------------------------------------

    def check_hours(self) -> None:
        if not self.settings.opening_hours:
            self.controller.set_closed(False)
            return
        self.controller.set_closed(not is_open(self.settings, self._clock()))

    def close(self) -> None:
        logging.getLogger().removeHandler(self.errors)
        if self.watcher is not None:
            self.watcher.close()
        if self.recorder is not None:
            self._visit_ended()
            self.recorder.close()
        if self.health is not None:
            self.health.write()


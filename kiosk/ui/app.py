"""The single place where Qt, the QML engine and the core are wired together."""

from __future__ import annotations

import contextlib
import dataclasses
import faulthandler
import functools
import logging
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from logging.handlers import QueueHandler, QueueListener, RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QLoggingCategory,
    QMessageLogContext,
    QObject,
    QPoint,
    Qt,
    QTimer,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

from kiosk.content import LoadResult
from kiosk.content.problems import PrintableFormatter
from kiosk.paths import APP_NAME, FONTS_DIR, QML_DIR
from kiosk.ui.controller import KioskController
from kiosk.ui.imaging import set_allocation_limit
from kiosk.ui.lockdown import CursorPolicy, install_lockdown
from kiosk.ui.narrator import Narrator
from kiosk.ui.playback import Playback
from kiosk.ui.providers import IconProvider, MediaProvider, QrProvider
from kiosk.ui.runtime import FailureWatch, Runtime
from kiosk.ui.service import install_signal_handlers, start_heartbeat
from kiosk.ui.staff import StaffController
from kiosk.ui.worldmap import MapProvider
from kiosk.venue import heap
from kiosk.venue.crashes import StartLog
from kiosk.venue.health import HealthReporter
from kiosk.venue.notify import Notifier
from kiosk.venue.pages import PageRelease
from kiosk.venue.renderer import Choice, Setting, choose, render_nodes
from kiosk.venue.settings import KEY_ACTIONS, Settings
from kiosk.venue.signals import Action, EarlySignals
from kiosk.venue.stats import BackgroundRecorder
from kiosk.visit.pingate import STATE_FILE
from kiosk.visit.session import WARNING_S, Phase

if TYPE_CHECKING:
    from kiosk.venue.startpicture import KeptPicture

log = logging.getLogger("kiosk.app")
qt_log = logging.getLogger("kiosk.qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


@dataclass(frozen=True)
class RunOptions:
    windowed: bool = False
    size: tuple[int, int] = (1920, 1080)
    idle_timeout: float | None = None
    quit_after_first_frame: bool = False  # for benchmarks: measure start-up, then leave
    light: bool = False  # the light colour variant
    settings: Settings | None = None
    locate: Callable[[], Path] | None = None  # where the stand on screen lives (live reload)
    library: Path | None = None
    switch_stand: Callable[[str], bool] | None = None
    stats_path: Path | None = None
    health_path: Path | None = None
    state_dir: Path | None = None
    log_dir: Path | None = None
    early_signals: EarlySignals | None = None  # signals caught before the Qt loop ran
    pending: Callable[[], LoadResult | None] | None = None
    """A changed stand being checked while its last good version is shown: None until the
    check ends, then its result, which replaces the stand on screen if it passed."""
    preview: Callable[[], dict[str, Any] | None] | None = None
    """While a stand never shown before is checked: its attract screen, once known
    (`kiosk.visit.attractpreview`), shown on the neutral screen."""
    listen: Callable[[Callable[[], object]], None] | None = None
    """Registers a call, made from another thread, for when the check has news (its attract
    screen, its end): the neutral screen then looks at once, not at its next poll."""
    check: Callable[[Path], LoadResult] | None = None
    """How a stand whose files changed while the kiosk runs is checked (a live reload, the
    fixed files of a failed stand): `kiosk run` passes `kiosk.cli.startup.load_to_show`, a
    process of its own, so the kiosk never holds what a check needs (the YAML parser,
    pydantic and its schema, decoded images: ~30 MB, kept for good once loaded); None: here,
    on the runtime's worker thread (`_qt_load`)."""
    start_picture: KeptPicture | None = None
    """The kept picture of the first frame (`kiosk.venue.startpicture`): taken away once the
    kiosk's window is on the screen, and kept again from this start's first frame when it
    was not the one to show."""


QUIET_CATEGORIES = ("qt.multimedia.symbolsresolver",)
"""Qt's notes on optional system libraries it looks for (PipeWire, when PulseAudio serves):
a fact of the PC, logged as information, not a fault."""


class Repeats:
    """Watches Qt's messages for one said over and over at once.

    A stuck Qt event loop can say the same warning on every pass and do nothing else (one
    watching a closed descriptor says "QSocketNotifier: Invalid socket ..., disabling..."
    without disabling it): every pass a log line, the log filling the disk until the
    service manager's watchdog ends the kiosk. `note(message)` says what to do with each:
    "log" the first `shown` in a row, "quiet" the rest, and "stuck" once the same message
    has come `stuck_after` times within `within_s` seconds."""

    def __init__(self, shown: int = 20, stuck_after: int = 20_000, within_s: float = 2.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._shown, self._stuck_after, self._within_s = shown, stuck_after, within_s
        self._clock = clock
        self._last: str | None = None
        self._count = 0
        self._since = 0.0

    def note(self, message: str) -> str:
        now = self._clock()
        if message != self._last or now - self._since > self._within_s:
            self._last, self._count, self._since = message, 0, now
        self._count += 1
        if self._count >= self._stuck_after:
            return "stuck"
        return "log" if self._count <= self._shown else "quiet"

    @property
    def count(self) -> int:
        return self._count


EXIT_STUCK = 70
"""The kiosk's exit status when Qt's loop was found stuck (the service manager restarts it)."""

_repeats = Repeats()
_file_log: QueueListener | None = None  # set by setup_logging


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    verdict = _repeats.note(message)
    if verdict == "quiet":
        return
    level = _LEVELS.get(kind, logging.WARNING)
    if context.category in QUIET_CATEGORIES:
        level = min(level, logging.INFO)
    qt_log.log(level, "%s", message)
    if verdict == "stuck":
        log.critical("Qt's event loop is stuck: it said %r %d times at once and does nothing "
                     "else; the kiosk stops so that the service manager starts it again",
                     message, _repeats.count)
        _flush_file_log()
        logging.shutdown()
        os._exit(EXIT_STUCK)


def _flush_file_log(wait_s: float = 2.0) -> None:
    """Let the lines still queued reach the log file, waiting at most `wait_s` (a stalled
    disk, a full queue: the exit does not wait for them)."""
    listener = _file_log
    if listener is None:
        return

    def stop() -> None:
        with contextlib.suppress(Exception):
            listener.stop()

    writer = threading.Thread(target=stop, name="log-flush", daemon=True)
    writer.start()
    writer.join(wait_s)


def install_message_handler() -> None:
    """Route Qt's and QML's messages into Python logging, naming the QML file and line."""
    qInstallMessageHandler(_qt_message)


def application(argv: list[str] | None = None) -> QGuiApplication:
    """The one application object. A QGuiApplication: nothing in the kiosk is a widget (the
    icons are drawn from qtawesome's fonts without qtawesome), and QtWidgets would add ~5 MB
    and its import to the start."""
    existing = QCoreApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    # Qt's font database notes, once per text, where a font has no OpenType tables for a
    # script it falls back from (hundreds of lines for a stand in Hindi): validation names
    # the characters no font has, once, in words staff can act on (QT_LOGGING_RULES still
    # turns them back on)
    QLoggingCategory.setFilterRules("qt.text.font.db.info=false")
    app = QGuiApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("kiosk")
    app.setOrganizationName(APP_NAME)
    register_fonts()
    # the bundled fonts, drawn the same whatever the machine's fontconfig says about hinting
    font = QFont("Noto Sans")
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    set_allocation_limit()
    return app


_fonts_registered = False


def register_fonts() -> list[str]:
    """Register the bundled fonts so the screen looks the same on any machine."""
    global _fonts_registered
    families: list[str] = []
    if _fonts_registered:
        return families
    for font in sorted(FONTS_DIR.glob("*.[ot]tf")):
        font_id = QFontDatabase.addApplicationFont(str(font))
        if font_id < 0:
            log.warning("could not load font %s", font.name)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    # scripts the main families lack come from the bundled fonts, never the system's
    for family in ("Noto Sans", "Noto Serif"):
        QFont.insertSubstitutions(family, ["Noto Sans Arabic", "Noto Sans Hebrew",
                                           "Noto Sans CJK SC", "Noto Sans Devanagari",
                                           "Noto Sans Georgian", "Noto Sans Armenian",
                                           "Noto Sans Thai"])
    _fonts_registered = True
    return sorted(set(families))


def choose_renderer(setting: Setting = "auto") -> Choice:
    """Pick Qt Quick's scene graph for this start (kiosk.venue.renderer) and tell Qt; before the
    first window is made. The log says which, and why."""
    app = QGuiApplication.instance()
    platform = app.platformName() if isinstance(app, QGuiApplication) else ""
    started = time.perf_counter()
    choice = choose(setting, environ=os.environ, platform=platform, nodes=render_nodes(),
                    probe=probe_gl_renderer)
    if choice.renderer == "software":
        QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
    elif choice.renderer == "gpu":
        QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.OpenGLRhi)
    log.info("renderer: %s, because %s (decided in %.1f ms)", choice.renderer, choice.reason,
             (time.perf_counter() - started) * 1000)
    return choice


def probe_gl_renderer() -> str | None:
    """GL_RENDERER of an OpenGL context on an offscreen surface, None when none can be made.
    Costs a context (40-70 ms with llvmpipe, and its driver stays loaded): kiosk.venue.renderer
    asks for it only when the cheap facts cannot tell."""
    from PySide6.QtGui import QOffscreenSurface, QOpenGLContext

    context = QOpenGLContext()
    if not context.create():
        return None
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        if not surface.isValid() or not context.makeCurrent(surface):
            return None
        renderer = context.functions().glGetString(0x1F01)  # GL_RENDERER
        context.doneCurrent()
        return str(renderer or "")
    finally:
        surface.destroy()


class Kiosk:
    """A loaded stand on a QML window: the engine, the controller and the window."""

    def __init__(
        self,
        result: LoadResult,
        idle_timeout: float | None = None,
        *,
        animations: bool = True,
        whole_first_frame: bool = False,
        light: bool = False,
        rotation: int = 0,
        clock: Callable[[], float] = time.monotonic,
        idle_warning: float = WARNING_S,
        keys: Mapping[str, Sequence[str]] = KEY_ACTIONS,
        narration_volume: float = 0.7,
        narration_volume_max: float = 1.0,
    ) -> None:
        if result.stand is None:
            raise ValueError("a stand that failed validation is never shown")
        self.result = result
        self.controller = KioskController(
            result.stand, result.folder, idle_timeout, animations=animations,
            whole_first_frame=whole_first_frame, light=light,
            rotation=rotation, clock=clock, idle_warning=idle_warning, keys=keys,
        )
        self.engine = new_engine()
        # the engine owns the controller, so QML goes before the object it binds to
        self.controller.setParent(self.engine)
        self.narrator = Narrator(self.controller, result.folder, volume=narration_volume,
                                 ceiling=narration_volume_max, parent=self.controller,
                                 engine=self.engine)
        self.controller.set_playback(Playback(self.controller, self.narrator,
                                              parent=self.controller, engine=self.engine))
        self.engine.setInitialProperties({"controller": self.controller,
                                          "narrator": self.narrator})
        self.engine.loadFromModule("Kiosk", "Main")
        roots = self.engine.rootObjects()
        if not roots or not isinstance(roots[0], QQuickWindow):
            raise RuntimeError("the QML user interface did not load; see the log")
        # visitor activity (touch, click, wheel, keys) is seen in Main.qml, not by an event
        # filter here: Qt would call a filter on the window for every frame it draws
        self.window: QQuickWindow = roots[0]


def new_engine() -> QQmlApplicationEngine:
    engine = QQmlApplicationEngine()
    engine.addImportPath(str(QML_DIR))
    engine.addImageProvider("icon", IconProvider())
    engine.addImageProvider("qr", QrProvider())
    engine.addImageProvider("map", MapProvider())
    engine.addImageProvider("media", MediaProvider())
    return engine


def show_failure(result: LoadResult) -> tuple[QQmlApplicationEngine, Any]:
    engine = new_engine()
    problems = [p.format() for p in result.problems if p.is_error] or ["unknown problem"]
    engine.setInitialProperties({"folder": str(result.folder), "problems": problems})
    engine.loadFromModule("Kiosk", "Failure")
    return engine, engine.rootObjects()[0] if engine.rootObjects() else None


def setup_logging(log_dir: Path | None) -> QueueListener | None:
    """Log to stderr (the journal) and to a size-capped rotating file: a small disk never fills.

    The file is written on a thread of its own (a QueueListener): a slow SD card, or the
    rotation's renames, never hold up the user interface. Lines to stderr stay immediate, so
    the journal has everything up to a crash. Call `stop()` on the listener at exit.
    """
    root = logging.getLogger()
    if log_dir is None:
        return None
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            log_dir / "kiosk.log", maxBytes=LOG_BYTES, backupCount=LOG_FILES, encoding="utf-8"
        )
    except OSError as exc:
        log.warning("no log file in %s: %s", log_dir, exc)
        return None
    handler.setFormatter(PrintableFormatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    lines: queue.Queue[logging.LogRecord] = queue.Queue(LOG_QUEUE)
    listener = QueueListener(lines, handler, respect_handler_level=True)
    root.addHandler(_DroppingQueueHandler(lines))
    listener.start()
    global _file_log
    _file_log = listener
    return listener


class _DroppingQueueHandler(QueueHandler):
    """Hands records to the log file's thread; when LOG_QUEUE lines wait (the disk stalled),
    further lines are left out of the file (they still reach the journal)."""

    dropped = 0

    def enqueue(self, record: logging.LogRecord) -> None:
        try:
            self.queue.put_nowait(record)
        except queue.Full:
            type(self).dropped += 1


LOG_QUEUE = 10_000
LOG_BYTES = 1024 * 1024
LOG_FILES = 5


def run(result: LoadResult | None, options: RunOptions) -> int:
    """Show the stand (or, if it failed validation, why) until the application quits.

    `result` None: the stand is being checked (`options.pending`) and no version of it was
    validated before; a neutral screen (Waiting.qml) is shown until the check ends."""
    faulthandler.enable()
    heap.return_large_blocks()
    install_message_handler()
    file_log = setup_logging(options.log_dir)
    app = application()
    choose_renderer((options.settings or Settings()).renderer)
    stopping = [False]

    def stop(signum: int = 0) -> None:
        stopping[0] = True
        notifier.stopping()
        log.info("stopping (signal %s)", signum or "from the staff menu")
        app.quit()

    notifier = Notifier.from_env()
    # before anything slow: from here on no signal ends the kiosk by its default action
    bridge = install_signal_handlers(app, stop)
    if options.early_signals is not None:
        bridge.replay(options.early_signals.take())
    try:
        return _run(app, result, options, bridge, notifier, stop, stopping)
    finally:
        bridge.uninstall()
        if file_log is not None:
            file_log.stop()  # the lines still queued are written first


def _run(app: QGuiApplication, result: LoadResult | None, options: RunOptions, bridge: Any,
         notifier: Notifier, stop: Callable[[int], None], stopping: list[bool]) -> int:
    starts = StartLog(options.state_dir / "starts.json") if options.state_dir else None
    safe_mode = starts.start() if starts else False
    if safe_mode:
        log.error("the kiosk restarted repeatedly in a short time: starting in safe mode")
    settings = options.settings or Settings()
    waiting: list[Any] = []  # the neutral screen's engine and window, closed once replaced
    if result is None:
        if options.pending is None:
            raise ValueError("no stand to show and none being checked")
        checked, waiting = _wait_for_check(options.pending, options, stopping)
        if checked is None:  # stopped by a signal while the stand was checked: no crash
            if starts:
                starts.clean_exit()
            return 0
        result = checked
        options = dataclasses.replace(options, pending=None)
    failure: tuple[QQmlApplicationEngine, Any] | None = None
    if result.stand is None:
        log.error("stand %s failed validation; showing the problems to staff", result.folder)
        fixed, code, failure = _show_until_fixed(app, result, options, settings, bridge,
                                                 waiting)
        if fixed is None:
            if stopping[0]:  # stopped by a signal: no crash
                if starts:
                    starts.clean_exit()
                return 0
            return code
        result = _in_language_order(fixed, settings)
    kiosk = Kiosk(result, options.idle_timeout, light=options.light,
                  animations=not safe_mode, rotation=settings.rotation,
                  whole_first_frame=bool(options.start_picture and options.start_picture.shown),
                  idle_warning=settings.idle_warning_s, keys=settings.keys,
                  narration_volume=settings.narration_volume,
                  narration_volume_max=settings.narration_volume_max)
    screens = app.screens()
    if settings.screen is not None:
        if settings.screen < len(screens):
            kiosk.window.setScreen(screens[settings.screen])
        else:
            log.error("settings name screen %d, but there are only %d", settings.screen,
                      len(screens))
    controller = kiosk.controller
    if safe_mode:
        controller.set_notice("Safe mode: the kiosk restarted repeatedly. Staff: see the logs.")
    # written on a thread of its own: a slow or locked database never holds up a frame
    recorder = (BackgroundRecorder(options.stats_path)
                if settings.statistics and options.stats_path else None)
    health = HealthReporter(options.health_path) if options.health_path else None
    runtime = Runtime(
        controller, settings=settings, locate=options.locate, load=options.check or _qt_load,
        health=health, recorder=recorder, notifier=notifier, safe_mode=safe_mode,
        parent=kiosk.engine,
    )
    staff = StaffController(
        settings, runtime=runtime, stats_path=options.stats_path, library=options.library,
        switch_stand=options.switch_stand,
        pin_state=options.state_dir / STATE_FILE if options.state_dir else None,
        parent=kiosk.engine,
    )
    kiosk.window.setProperty("staff", staff)

    def allow_close() -> bool:
        return options.windowed or staff.exit_allowed or stopping[0]

    staff.exitRequested.connect(stop)
    bridge.on(Action.RELOAD, lambda _signum: runtime.reload())
    bridge.on(Action.STATUS, lambda _signum: runtime.report_status())
    if not options.windowed:
        install_lockdown(kiosk.window, allow_close, cursor=CursorPolicy(settings.cursor),
                         keep_fullscreen=True)
    idle_release = (release_when_idle(controller, kiosk.engine)
                    if settings.release_idle_memory else None)
    if idle_release is None:
        log.info("idle memory: kept (release_idle_memory: false)")
    started = time.monotonic()

    def first_frame() -> None:
        log.info("first frame shown %.0f ms after the window was created",
                 (time.monotonic() - started) * 1000)
        notifier.ready(f"showing {controller.stand.id}")
        start_heartbeat(notifier, kiosk.engine)
        _close_later(waiting)
        if options.start_picture is not None:
            # a frame for a visitor: not one saying safe mode, closed or a notice
            usual = not (safe_mode or controller.closed or controller.notice)
            _after_first_frame(kiosk.window, options.start_picture, keep=usual)
        if options.pending is not None:  # the changed stand, checked once this is on screen
            follow_check(runtime, options.pending)
        if idle_release is not None and controller.session.phase is Phase.ATTRACT:
            idle_release.start(IDLE_RELEASE_MS)
        if options.quit_after_first_frame:
            print("FIRST_FRAME", flush=True)
            stopping[0] = True  # app.quit() asks the window to close: the lock must agree
            QTimer.singleShot(0, app.quit)

    # once: a second frame may be swapped before a slot could disconnect itself (on xcb)
    kiosk.window.frameSwapped.connect(first_frame, Qt.ConnectionType.SingleShotConnection)
    _show(kiosk.window, options)
    if options.start_picture is not None and options.start_picture.shown is not None:
        # should no first frame come (a renderer that cannot draw), the screen is not held
        QTimer.singleShot(START_PICTURE_LIMIT_MS, kiosk.window, functools.partial(
            options.start_picture.shown.close, "taken away: no first frame within 10 s"))
    if failure is not None:  # the stand was fixed: its window is up, the failure's goes
        failure[1].close()
        failure[0].deleteLater()
    log.info("showing stand %s from %s", controller.stand.id, result.folder)
    try:
        code = app.exec()
    finally:
        runtime.close()
        if starts:
            starts.clean_exit()
    return code


def _show_until_fixed(
    app: QGuiApplication, result: LoadResult, options: RunOptions, settings: Settings,
    bridge: Any, waiting: list[Any],
) -> tuple[LoadResult | None, int, tuple[QQmlApplicationEngine, Any] | None]:
    """Show why the stand cannot be shown, with the staff menu, until its files are fixed:
    then (the valid stand, 0, the failure's engine and window, to close once the stand is
    up). Else (None, the exit code, None)."""
    engine, window = show_failure(result)
    if window is None:
        return None, 3, None
    watch = FailureWatch(result, options.locate, options.check or _qt_load, parent=engine)
    bridge.on(Action.RELOAD, lambda _signum: watch.reload())
    bridge.on(Action.STATUS, lambda _signum: log.info(
        "status: showing why stand %s failed validation (%d problem(s))", result.folder,
        len(watch.problems())))
    staff = StaffController(
        settings, runtime=watch, stats_path=options.stats_path, library=options.library,
        switch_stand=options.switch_stand,
        pin_state=options.state_dir / STATE_FILE if options.state_dir else None,
        parent=engine,
    )
    window.setProperty("staff", staff)
    fixed: list[LoadResult] = []

    def stand_fixed(new: LoadResult) -> None:
        fixed.append(new)
        app.exit(0)

    watch.fixed.connect(stand_fixed)
    watch.problemsChanged.connect(lambda: window.setProperty("problems", watch.problems()))
    staff.exitRequested.connect(app.quit)
    _show(window, options)
    _close_later(waiting)
    try:
        code = app.exec()
    finally:
        watch.close()
    if fixed:
        return fixed[0], 0, (engine, window)
    del engine
    return None, code or 1, None


def _in_language_order(result: LoadResult, settings: Settings) -> LoadResult:
    """The stand with its languages in the order the device's settings give (as `kiosk run`
    does for the stand it starts with)."""
    if result.stand is None or not settings.language_order:
        return result
    import dataclasses

    from kiosk.venue.settings import order_languages

    languages = order_languages(result.stand.languages, settings.language_order)
    return dataclasses.replace(
        result, stand=result.stand.model_copy(update={"languages": languages})
    )


CHECK_POLL_MS = 50
START_PICTURE_LIMIT_MS = 10_000
"""The kept start picture goes this long after the window is shown, first frame or not."""


def _wait_for_check(pending: Callable[[], LoadResult | None], options: RunOptions,
                    stopping: list[bool] | None = None) -> tuple[LoadResult | None, list[Any]]:
    """Show the neutral screen and run the event loop until `pending` has a result (None:
    `stopping` was set, by SIGTERM, meanwhile: app.quit() does not end this loop)."""
    from PySide6.QtCore import QEventLoop

    engine = new_engine()  # with the icons: the stand's attract screen may come (preview)
    engine.loadFromModule("Kiosk", "Waiting")
    window = engine.rootObjects()[0] if engine.rootObjects() else None
    if window is not None:
        _show(window, options)
    log.info("no version of the stand was validated before: a neutral screen while it is "
             "checked")
    found: list[LoadResult] = []
    shown: list[dict[str, Any]] = []  # the previews set, the last on the screen
    loop = QEventLoop()
    timer = QTimer(interval=CHECK_POLL_MS)

    def poll() -> None:
        if found:  # a tick and the check's news in one pass: the result is taken once
            return
        if stopping is not None and stopping[0]:
            timer.stop()
            loop.quit()
            return
        result = pending()
        if result is not None:
            found.append(result)
            timer.stop()
            loop.quit()
        elif options.preview is not None and window is not None:
            preview = options.preview()  # its words first, then again with its picture
            if preview is not None and preview != (shown[-1] if shown else None):
                if not shown:
                    log.info("showing the attract screen of %s while the rest of it is "
                             "checked", preview.get("title", "the stand"))
                shown.append(preview)
                window.setProperty("preview", preview)

    timer.timeout.connect(poll)
    timer.start()
    news = _News()
    news.came.connect(poll, Qt.ConnectionType.QueuedConnection)  # to this thread
    if options.listen is not None:
        options.listen(news.came.emit)
    try:
        poll()
        if not found:
            loop.exec()
    finally:  # the check is told nothing more here (`news` goes with this function)
        if options.listen is not None:
            options.listen(lambda: None)
    return (found[0] if found else None), [engine, window]


class _News(QObject):
    """Carries the check's news from the thread that reads it to the event loop."""

    came = Signal()


def _close_later(waiting: list[Any]) -> None:
    """Close the neutral screen once the kiosk's own window is on screen above it."""
    if waiting:
        engine, window = waiting
        if window is not None:
            window.close()
        engine.deleteLater()
        waiting.clear()


IDLE_RELEASE_MS = 1500
"""How long the attract screen of a start is shown before the pages of code the kiosk ran to
start go back to the system (kiosk.venue.pages): the panels are built ahead well within it
(Theme.warmUp, then ~0.3 s)."""
QUIET_RELEASE_MS = 10 * 60_000
"""After a visit, how long the attract screen stays untouched before they go back again: in a
busy hour the next visitor finds the code of the visit still in memory; after a quiet spell
the first touch reads it back from the disk (on an SD card, a visible moment)."""


def release_when_idle(controller: KioskController, parent: QObject,
                      release: PageRelease | None = None) -> QTimer:
    """Give back the file pages (PageRelease) IDLE_RELEASE_MS after the start's first frame
    (the caller starts the timer then), and each time the attract screen has been left alone
    for QUIET_RELEASE_MS after a visit or a new version of the stand. What the attract
    screen's own timers run comes back within ~30 s (~6 MB) and then stays the same
    (benchmarks/first_touch.py --idle)."""
    release = release or PageRelease()
    timer = QTimer(parent, interval=IDLE_RELEASE_MS, singleShot=True)
    # (a closure: PySide6 holds a bound method's object weakly, and nothing else holds it)
    timer.timeout.connect(lambda: release.start())

    def phase_changed() -> None:
        if controller.session.phase is Phase.ATTRACT:
            timer.start(QUIET_RELEASE_MS)
        else:
            timer.stop()

    controller.phaseChanged.connect(phase_changed)
    return timer


def follow_check(runtime: Runtime, pending: Callable[[], LoadResult | None]) -> QTimer:
    """Ask `pending` every 50 ms until it has a result, then offer that to `runtime`: a
    changed stand that passed its check replaces the one on screen (at the next idle moment,
    as a live reload does); one that did not leaves it there."""
    timer = QTimer(runtime, interval=CHECK_POLL_MS)

    def poll() -> None:
        result = pending()
        if result is not None:
            timer.stop()
            runtime.offer(result)

    timer.timeout.connect(poll)
    timer.start()
    return timer


def _qt_load(folder: Path) -> LoadResult:
    """Load a stand off the UI thread (a live reload): images that `kiosk import` or an
    earlier start proved are not decoded again; the others are decoded in a process of
    their own (`ApartDecoder`), so no image can take the kiosk down."""
    from kiosk.content import load_stand
    from kiosk.content.decodecache import DecodeCache, default_cache_file
    from kiosk.ui.decodeapart import ApartDecoder

    cache = DecodeCache(default_cache_file(), ApartDecoder())
    try:
        return load_stand(folder, decoder=cache)
    finally:
        cache.save()


TITLE_BAR_GUESS = 48
"""Pixels kept for a window's title bar while its frame is not known (before the window
manager has framed it, or with no window manager)."""


def fit_size(wanted: tuple[int, int], room: tuple[int, int]) -> tuple[int, int]:
    """`wanted` (a 16:9 size, or the one asked for), scaled down to fit in `room`, keeping its
    proportions; never scaled up."""
    width, height = wanted
    scale = min(1.0, room[0] / width, room[1] / height)
    return max(1, int(width * scale)), max(1, int(height * scale))


def fit_windowed(window: Any, wanted: tuple[int, int]) -> tuple[int, int]:
    """Size a window (`kiosk run --windowed`) to fit the screen it opens on: its available
    geometry (no panel or dock covered) less the window's frame, at the proportions of
    `wanted`, centred. Returns the content's size."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry()
    frame = window.frameMargins()
    left, top, right, bottom = frame.left(), frame.top(), frame.right(), frame.bottom()
    if not (left or top or right or bottom):  # not known yet (a window manager frames late)
        top = TITLE_BAR_GUESS
    width, height = fit_size(wanted, (room.width() - left - right, room.height() - top - bottom))
    window.resize(width, height)
    window.setPosition(QPoint(  # the content's position: the frame's is set unreliably on X11
        room.x() + left + (room.width() - width - left - right) // 2,
        room.y() + top + (room.height() - height - top - bottom) // 2,
    ))
    return width, height


def _after_first_frame(window: Any, kept: KeptPicture, keep: bool = True) -> None:
    """The kept start picture goes (the first frame, the same pixels, is under it); where it
    was not shown, this first frame is kept for the next start (with `keep`: a frame a
    visitor sees on an ordinary start), on an X screen only."""
    if kept.shown is not None:
        kept.shown.close()
        return
    ratio = window.devicePixelRatio()
    size = (round(window.width() * ratio), round(window.height() * ratio))
    if not keep or not kept.to_keep(*size) or QGuiApplication.platformName() != "xcb":
        return

    def grab() -> None:
        from PySide6.QtGui import QImage

        if not _attract_complete(window):  # a picture still decoding: kept another time
            log.info("the first frame is not kept: the attract screen's picture was not in it")
            return
        image = window.grabWindow().convertToFormat(QImage.Format.Format_RGB32)
        if image.isNull() or image.bytesPerLine() != image.width() * 4:
            return
        try:
            kept.keep(image.width(), image.height(), bytes(image.constBits()))
        except (OSError, ValueError) as exc:
            log.info("the first frame is not kept as the start picture: %s", exc)

    QTimer.singleShot(0, window, grab)


def _attract_complete(window: Any) -> bool:
    """Whether the attract screen's pictures are drawn (none still decoding)."""
    attract = window.findChild(QObject, "attractScreen")
    return attract is None or bool(attract.property("picturesDrawn"))


def _show(window: Any, options: RunOptions) -> None:
    if options.windowed:
        width, height = fit_windowed(window, options.size)
        window.show()
        # the window's real frame (its title bar) is known once the window manager has framed
        # it, a moment after it is shown: fit again then
        for delay in (0, 500):
            QTimer.singleShot(delay, window, lambda: fit_windowed(window, options.size))
        log.info("windowed: %dx%d on a screen with %dx%d available", width, height,
                 window.screen().availableGeometry().width(),
                 window.screen().availableGeometry().height())
        return
    window.setFlag(Qt.WindowType.FramelessWindowHint, True)
    window.setFlag(Qt.WindowType.WindowStaysOnTopHint, True)
    window.showFullScreen()
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        window.resize(*options.size)

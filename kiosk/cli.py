"""The command line: `kiosk run | validate | snapshot`.

Every command returns an exit code; no traceback reaches a user (see `main`).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import linecache
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kiosk import __version__
from kiosk.content import LoadResult, Problem, Severity
from kiosk.content.plain import ID_RE as ID_PATTERN
from kiosk.staffcli import HANDLERS
from kiosk.staffcli import add_commands as add_staff_commands

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_FAILURE = 3

if TYPE_CHECKING:
    from kiosk.settings import SettingsResult

log = logging.getLogger("kiosk.cli")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1920x1080") from None
    if not (320 <= width <= 8192 and 320 <= height <= 8192):
        raise argparse.ArgumentTypeError("width and height must be between 320 and 8192")
    return width, height


def build_parser() -> argparse.ArgumentParser:
    from kiosk.paths import SAMPLE_STAND

    parser = argparse.ArgumentParser(
        prog="kiosk", description="Touchscreen kiosk for exhibition stands."
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = commands.add_parser("run", help="show a stand full-screen")
    run.add_argument("stand", nargs="?", type=Path, default=None,
                     help="stand folder (default: the stand the settings name, else the bundled "
                          f"sample stand {SAMPLE_STAND.name})")
    run.add_argument("--library", type=Path, default=None, metavar="DIR",
                     help="library of installed stands (default: the platform's data folder)")
    run.add_argument("--config", type=Path, default=None, metavar="FILE",
                     help="device settings file (default: the platform's config folder)")
    run.add_argument("--windowed", action="store_true",
                     help="a 1920x1080 window instead of full-screen, for staff preview")
    run.add_argument("--size", type=_size, default=None, metavar="WxH",
                     help="window size with --windowed (default 1920x1080)")
    run.add_argument("--theme", choices=("dark", "light"), default="dark",
                     help="colour variant (default dark)")
    run.add_argument("--idle-timeout", type=float, default=None, metavar="SECONDS",
                     help="override the stand's idle_timeout_s")
    run.add_argument("--quit-after-first-frame", action="store_true",
                     help=argparse.SUPPRESS)  # benchmarks: start, paint once, leave

    validate = commands.add_parser("validate", help="check a stand and list every problem")
    validate.add_argument("stand", type=Path, help="stand folder")
    validate.add_argument("--json", action="store_true", help="print the problems as JSON")
    validate.add_argument("--size", type=_size, default=None, metavar="WxH",
                          help="screen size the texts must fit (default 1920x1080; with "
                               "--layout: 1920x1080 and 1080x1920)")
    validate.add_argument("--layout", action="store_true",
                          help="also render every screen offscreen (every language, both text "
                               "sizes, every scroll position) and warn of overlapping, cut-off "
                               "or unreachable content")

    add_staff_commands(commands)

    snapshot = commands.add_parser("snapshot", help="render every screen to PNG files")
    snapshot.add_argument("stand", type=Path, help="stand folder")
    snapshot.add_argument("--out", type=Path, required=True, help="output folder")
    snapshot.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH",
                          help="screen size (default 1920x1080)")
    snapshot.add_argument("--lang", default=None, metavar="CODE",
                          help="only this language (default: every language of the stand)")
    snapshot.add_argument("--theme", choices=("dark", "light"), default="dark",
                          help="colour variant (default dark)")
    snapshot.add_argument("--large-text", action="store_true",
                          help="as a visitor who chose larger text sees it")
    snapshot.add_argument("--high-contrast", action="store_true",
                          help="as a visitor who chose high contrast sees it")
    snapshot.add_argument("--full", action="store_true",
                          help="each panel whole, with all it scrolls to (a tall picture, for "
                               "proofreading)")
    return parser


def _load(folder: Path) -> LoadResult:
    from kiosk.content import load_stand
    from kiosk.decodeapart import ApartDecoder

    # decoded in a process of its own: no image can stop this one (a decoder's crash is
    # that image's error)
    return load_stand(folder, decoder=ApartDecoder())


CHECK_APART = "--check-to-show"
"""argv[1] of the process `kiosk run` checks a changed stand in (see `StandCheck`)."""
CHECK_TIMEOUT_S = 90.0
"""Within the service's TimeoutStartSec (120 s), with room for Qt and the first frame: a
check that takes longer is stopped and said on the screen, not killed by systemd."""
CHECK_NICENESS = 10
PREVIEW_FLAG = "--attract-preview"
"""argv[3] of that process: report the stand's attract screen first (`kiosk.preview`)."""


def load_to_show(folder: Path) -> LoadResult:
    """The stand in `folder` for `kiosk run`: as validated last time when none of its files
    has changed (`kiosk.content.memo`), else validated in full and remembered."""
    return StandCheck.start(folder).result()


class StandCheck:
    """The stand `kiosk run` shows, as validated last time, or checked in a process of its own.

    On a stand changed since it was last validated, the full check (YAML, pydantic, every
    image decoded) runs in a child process (`kiosk --check-to-show FOLDER`), which keeps its
    result in the memo; the kiosk then reads it from there. So the kiosk never holds what
    the check needed (pydantic, the YAML parser, decoded images: ~40 MB), a crash in an image
    decoder cannot take it down, and it imports Qt on the other core meanwhile (`start`, then
    the imports, then `result`).
    """

    def __init__(self, folder: Path, ready: LoadResult | None,
                 child: subprocess.Popen[str] | None) -> None:
        self.folder = folder
        self._ready = ready
        self._child = child
        self._previous: LoadResult | None = None  # shown until a deferred check is begun
        self._deferred = False
        self._out: str | None = None  # the child's report; None: it timed out
        self._preview: dict[str, object] | None = None  # its attract screen, while it runs
        self._with_preview = False  # whether the child is asked for that preview
        self._reader: threading.Thread | None = None
        if child is not None:
            self._follow(child)

    def _follow(self, child: subprocess.Popen[str]) -> None:
        self._child = child
        # read its report as it comes: a long one fills no pipe
        self._reader = threading.Thread(target=self._read, daemon=True, name="stand-check")
        self._reader.start()

    def _read(self) -> None:
        from kiosk import preview

        child = self._child
        assert child is not None and child.stdout is not None
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            child.kill()

        killer = threading.Timer(CHECK_TIMEOUT_S, expire)
        killer.start()
        lines = []
        try:
            for line in child.stdout:  # as it comes: a long report fills no pipe
                found = preview.parse(line)
                if found is not None:
                    self._preview = found
                else:
                    lines.append(line)
            child.wait()
        finally:
            killer.cancel()
        self._out = None if expired.is_set() else "".join(lines)

    @classmethod
    def start(cls, folder: Path, *, defer_if_shown: bool = False) -> StandCheck:
        """The stand as validated last time, or its check started. With `defer_if_shown`, a
        changed stand that has a last good version is not checked yet: the kiosk shows that
        version first and begins the check after its first frame (`begin`), so that on two
        cores the check does not slow the first frame."""
        from kiosk.content.memo import StandMemo, default_memo_file

        memo = StandMemo(default_memo_file())
        remembered = memo.recall(folder)
        if remembered is not None:
            log.info("%s is unchanged since it was validated; not checking it again", folder)
            return cls(folder, remembered, None)
        if defer_if_shown:
            previous = memo.last_good(folder)
            if previous is not None:
                log.info("%s has changed since it was validated: its last good version is "
                         "shown first, the check follows", folder)
                check = cls(folder, None, None)
                check._previous, check._deferred = previous, True
                return check
        check = cls(folder, None, None)
        check._deferred = check._with_preview = True  # nothing to show: its attract screen
        check.begin()
        return check

    def begin(self) -> None:
        """Start a check that was deferred (nothing if it runs or has run)."""
        if not self._deferred:
            return
        self._deferred = False
        frozen = getattr(sys, "frozen", False)  # a PyInstaller build: the program itself
        launcher = [sys.executable] if frozen else [sys.executable, "-m", "kiosk"]
        from kiosk.signals import ignored_by_children

        try:
            with ignored_by_children():  # a SIGHUP for the whole service: not for the check
                extra = [PREVIEW_FLAG] if self._with_preview else []
                child = subprocess.Popen([*launcher, CHECK_APART, str(self.folder), *extra],
                                         text=True, stdout=subprocess.PIPE)
        except OSError as exc:
            log.warning("cannot check %s in a process of its own (%s); checking it here",
                        self.folder, exc)
            self._ready = check_to_show(self.folder)
            return
        log.info("%s has changed since it was validated: checking it (process %d)",
                 self.folder, child.pid)
        self._follow(child)

    @property
    def checking(self) -> bool:
        """Whether the stand is being checked in a process of its own (not ended, or its
        result not yet read)."""
        return self._ready is None and (self._child is not None or self._deferred)

    def done(self) -> LoadResult | None:
        """The result if the check has ended, else None (without waiting); begins a deferred
        check."""
        self.begin()
        if self._ready is None and self._reader is not None and self._reader.is_alive():
            return None
        return self.result()

    def attract_preview(self) -> dict[str, object] | None:
        """While a stand never shown before is checked: what its attract screen shows, once
        the check has loaded it and proven its attract picture (`kiosk.preview`), or None."""
        return self._preview if self.checking else None

    def last_good(self) -> LoadResult | None:
        """While a changed stand is checked: the version of it validated last, to show at once
        (`StandMemo.last_good`), or None."""
        if not self.checking:
            return None
        if self._previous is not None:
            return self._previous
        from kiosk.content.memo import StandMemo, default_memo_file

        return StandMemo(default_memo_file()).last_good(self.folder)

    def result(self) -> LoadResult:
        """The result, waiting for the check if it is still running."""
        self.begin()
        if self._ready is None:
            self._ready = self._checked()
        return self._ready

    def _checked(self) -> LoadResult:
        assert self._child is not None and self._reader is not None
        self._reader.join()
        out = self._out
        if out is None:
            return self._stopped(f"it took longer than {CHECK_TIMEOUT_S:.0f} s")
        code = self._child.returncode
        if code == 0:
            from kiosk.content.memo import StandMemo, default_memo_file

            remembered = StandMemo(default_memo_file()).recall(self.folder)
            if remembered is not None:
                return remembered
            log.warning("the check of %s kept nothing (is the cache folder writable?); "
                        "checking it here", self.folder)
            return check_to_show(self.folder)
        if code == EXIT_INVALID:
            try:
                from kiosk.content.memo import problem_from

                problems = tuple(problem_from(raw) for raw in json.loads(out))
                return LoadResult(self.folder, None, problems)
            except (ValueError, TypeError, KeyError) as exc:
                return self._stopped(f"its report could not be read ({exc})")
        return self._stopped(f"signal {-code}" if code < 0 else f"exit code {code}")

    def _stopped(self, why: str) -> LoadResult:
        from kiosk.content.result import STAND_FILE

        log.error("the check of %s stopped: %s", self.folder, why)
        problem = Problem(self.folder / STAND_FILE, 0, 0, Severity.ERROR,
                          f"the check of this stand stopped ({why}), so it is not shown",
                          "run 'kiosk validate' on it; a damaged image can cause this")
        return LoadResult(self.folder, None, (problem,))


def check_to_show(folder: Path) -> LoadResult:
    """The full check `kiosk run` needs (every image decoded, through the decode cache), its
    result kept in the memo when the stand passes."""
    from kiosk.content import load_stand
    from kiosk.content.decodecache import DecodeCache, default_cache_file
    from kiosk.content.memo import StandMemo, default_memo_file
    from kiosk.decodeapart import ApartDecoder

    # nor are the images that decoded before decoded again; the others are decoded in a
    # process of their own, so a decoder's crash is that image's error, at its line
    cache = DecodeCache(default_cache_file(), ApartDecoder())
    loaded = load_stand(folder, decoder=cache)
    cache.save()
    StandMemo(default_memo_file()).remember(loaded)
    return loaded


def _check_apart(folder: Path, with_preview: bool = False) -> int:
    """The child of `StandCheck`: 0 when the stand passed (and is in the memo), 1 with its
    problems as JSON on stdout when it did not, 3 when the check itself failed. With
    `with_preview`, the stand's attract screen first (`kiosk.preview`), if it has one."""
    try:
        if with_preview:
            from kiosk.decodeapart import ApartDecoder
            from kiosk.preview import announce, attract_preview

            found = attract_preview(folder, ApartDecoder())
            if found is not None:
                announce(found, sys.stdout.write)
                sys.stdout.flush()
        loaded = check_to_show(folder)
    except Exception:  # said in the log; the kiosk reports the check as stopped
        log.exception("the check of %s failed", folder)
        return EXIT_FAILURE
    if loaded.ok:
        return EXIT_OK
    print(json.dumps([problem.as_json() for problem in loaded.problems]))
    return EXIT_INVALID


def settings_to_run(config: Path) -> SettingsResult:
    """The settings file for `kiosk run`: as checked last time when neither it nor the code
    that checks it has changed (so pydantic is not imported to start), else checked again."""
    from kiosk import settings as settings_module
    from kiosk.settings import Settings, SettingsResult, load_settings

    if not config.exists():
        return load_settings(config)  # every default
    from kiosk.content.memo import Memo, default_memo_file, files_fingerprint, problem_from

    memo = Memo(default_memo_file().with_name("settings.pickle"))
    code = Path(settings_module.__file__)
    stamp = files_fingerprint([("settings", config), ("code", code),
                               ("check", code.with_name("settings_check.py"))])
    key = str(config.resolve())
    entry = memo.entry(key, stamp)
    if entry is not None:
        try:
            return SettingsResult(
                config, Settings(**entry["values"]),
                tuple(problem_from(raw) for raw in entry["problems"]))
        except (KeyError, TypeError, ValueError) as exc:  # only a slower start
            log.warning("the memo of %s cannot be used (%s); checking it again", config, exc)
    loaded = load_settings(config)
    memo.keep(key, {"fingerprint": stamp, "values": dataclasses.asdict(loaded.settings),
                    "problems": [problem.as_json() for problem in loaded.problems]})
    return loaded


def _fit(result: LoadResult, size: tuple[int, int]) -> list[Problem]:
    """Text-fit warnings, measured with the bundled fonts (needs Qt's font engine, no screen)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.app import application
    from kiosk.ui.fit import text_fit_problems

    application()
    return list(text_fit_problems(result, size))


def _print_problems(result: LoadResult, stream: TextIO | None = None) -> None:
    for problem in result.problems:
        print(problem.format(), file=stream or sys.stdout)


def cmd_validate(args: argparse.Namespace) -> int:
    result = _load(args.stand)
    if result.ok:  # every image decoded, no error: `kiosk run` need not check it again
        from kiosk.content.memo import StandMemo, default_memo_file

        StandMemo(default_memo_file()).remember(result)
    if result.stand is not None:
        result = dataclasses.replace(
            result, problems=result.problems + tuple(_fit(result, args.size or (1920, 1080)))
        )
    if args.layout and result.stand is not None:
        from kiosk.layoutcheck import SIZES, check_layout

        started = time.monotonic()
        found = check_layout(result, [args.size] if args.size else SIZES)
        log.info("layout check: %.1f s", time.monotonic() - started)
        result = dataclasses.replace(result, problems=result.problems + tuple(found))
    if args.json:
        print(json.dumps([p.as_json() for p in result.problems], indent=2, ensure_ascii=False))
    else:
        _print_problems(result)
        errors, warnings = len(result.errors), len(result.warnings)
        verdict = "valid" if not errors else "NOT valid"
        print(f"{args.stand}: {verdict} ({errors} error{'s' * (errors != 1)}, "
              f"{warnings} warning{'s' * (warnings != 1)})", file=sys.stderr)
    return EXIT_INVALID if result.errors else EXIT_OK


def cmd_snapshot(args: argparse.Namespace) -> int:
    result = _load(args.stand)
    if not result.ok or result.stand is None:
        _print_problems(result, sys.stderr)
        print(f"{args.stand}: NOT valid; nothing rendered", file=sys.stderr)
        return EXIT_INVALID
    if args.lang is not None and args.lang not in result.stand.languages:
        print(f"kiosk snapshot: '{args.lang}' is not one of the stand's languages: "
              f"{', '.join(result.stand.languages)}", file=sys.stderr)
        return EXIT_USAGE
    from kiosk.snapshot import render_snapshots

    written = render_snapshots(
        result, args.out, size=args.size, language=args.lang, light=args.theme == "light",
        large_text=args.large_text, high_contrast=args.high_contrast, full=args.full,
    )
    for path in written:
        print(path)
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    import platformdirs

    from kiosk.health import default_health_path
    from kiosk.library import LibraryError, active_stand
    from kiosk.paths import SAMPLE_STAND
    from kiosk.settings import default_settings_path, order_languages
    from kiosk.signals import EarlySignals
    from kiosk.stats import default_stats_path

    early = EarlySignals().install()  # no signal ends the kiosk while it starts
    config = args.config or default_settings_path()
    loaded = settings_to_run(config)
    for problem in loaded.problems:
        print(problem.format(), file=sys.stderr)
    settings = loaded.settings
    library = args.library
    shown: dict[str, str | None] = {"id": None}

    def locate() -> Path:
        if shown["id"] is not None:
            return active_stand(library, shown["id"])
        return Path(args.stand) if args.stand else SAMPLE_STAND

    if args.stand is None and settings.stand:
        if ID_PATTERN.match(settings.stand):
            shown["id"] = settings.stand
        else:
            folder = Path(settings.stand).expanduser()
            args.stand = folder if folder.is_absolute() else config.parent / folder
    try:
        check = StandCheck.start(locate(), defer_if_shown=True)
    except LibraryError as exc:
        print(f"kiosk run: {exc}; showing the sample stand", file=sys.stderr)
        shown["id"] = None
        check = StandCheck.start(SAMPLE_STAND, defer_if_shown=True)
    from kiosk.app import RunOptions, run  # Qt, while a changed stand is checked apart
    # PySide6 reads the whole source of each module that imports from it (looking for a
    # `from __feature__ import`), and linecache keeps it: ~3 MB of lines. Dropped before the
    # interface is built, the space is reused: 1.1-1.4 MB less RSS (docs/benchmarks.md)
    linecache.clearcache()

    def ordered(result: LoadResult) -> LoadResult:
        if result.stand is not None and settings.language_order:
            languages = order_languages(result.stand.languages, settings.language_order)
            result = dataclasses.replace(
                result, stand=result.stand.model_copy(update={"languages": languages})
            )
        return result

    def finished(result: LoadResult) -> LoadResult:
        if not result.ok and shown["id"] is not None:
            result = _last_good_version(library, shown["id"], result)
        _print_problems(result, sys.stderr)
        return ordered(result)

    result: LoadResult | None
    pending: Callable[[], LoadResult | None] | None = None
    previous = check.last_good()
    if previous is not None:  # shown at once; the changed version replaces it once it passes
        log.info("showing the last good version of %s while the changed one is checked",
                 check.folder)
        result = ordered(previous)

        def pending() -> LoadResult | None:
            done = check.done()
            if done is not None:
                _print_problems(done, sys.stderr)
                return ordered(done)
            return None
    elif check.checking:  # nothing validated before: a neutral screen until the check ends
        result = None

        def pending() -> LoadResult | None:
            done = check.done()
            return None if done is None else finished(done)
    else:
        result = finished(check.result())

    def switch_stand(stand_id: str) -> bool:
        try:
            active_stand(library, stand_id)
        except LibraryError as exc:
            log.error("cannot show %s: %s", stand_id, exc)
            return False
        shown["id"] = stand_id
        return True

    options = RunOptions(
        windowed=args.windowed, size=args.size or (1920, 1080),
        idle_timeout=args.idle_timeout if args.idle_timeout is not None
        else settings.idle_timeout_s,
        quit_after_first_frame=args.quit_after_first_frame, light=args.theme == "light",
        settings=settings, locate=locate, library=library,
        switch_stand=switch_stand, stats_path=default_stats_path(),
        health_path=default_health_path(), pending=pending,
        preview=check.attract_preview if result is None else None,
        state_dir=platformdirs.user_state_path("exhibit-kiosk"),
        log_dir=platformdirs.user_log_path("exhibit-kiosk"),
        early_signals=early,
    )
    return run(result, options)


def _last_good_version(library: Path | None, stand_id: str, failed: LoadResult) -> LoadResult:
    """A library stand whose active version fails: the newest older version that passes."""
    from kiosk.library import list_stands

    log.error("the active version of %s is not valid; looking for the last good one", stand_id)
    for stand in list_stands(library):
        if stand.id != stand_id or stand.active is None:
            continue
        for name in reversed(stand.versions):
            folder = stand.active.parent / name
            if folder == stand.active:
                continue
            result = _load(folder)
            if result.ok:
                log.error("showing the older version %s of %s", name, stand_id)
                return result
    return failed


COMMANDS = {"run": cmd_run, "validate": cmd_validate, "snapshot": cmd_snapshot, **HANDLERS}


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--decode-apart"]:  # an `ApartDecoder`'s child
        from kiosk.imaging import serve

        return serve()
    if (len(arguments) == 2 or arguments[2:] == [PREVIEW_FLAG]) and arguments[0] == CHECK_APART:
        # `kiosk run`'s own child
        # behind the kiosk, which shows the last good version (or a neutral screen) meanwhile:
        # on a machine of two cores its first frame should not wait for the check
        with contextlib.suppress(OSError):
            os.nice(CHECK_NICENESS)
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s "
                            "%(message)s")
        return _check_apart(Path(arguments[1]), with_preview=len(arguments) == 3)
    parser = build_parser()
    args = parser.parse_args(arguments)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        print(f"kiosk {args.command}: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return EXIT_FAILURE
    except Exception:  # the last line of defence: a message, the details in the log
        log.exception("unexpected failure")
        print(f"kiosk {args.command}: an unexpected error occurred; see the log above",
              file=sys.stderr)
        return EXIT_FAILURE

"""The command line: `kiosk run | validate | snapshot`.

Every command returns an exit code; no traceback reaches a user (see `main`).
"""

from __future__ import annotations

import argparse
import dataclasses
import linecache
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kiosk import __version__
from kiosk.authoring.commands import HANDLERS as AUTHORING_HANDLERS
from kiosk.authoring.commands import add_commands as add_authoring_commands
from kiosk.cli.exits import EXIT_FAILURE, EXIT_INVALID, EXIT_OK, EXIT_USAGE
from kiosk.cli.staff import HANDLERS
from kiosk.cli.staff import add_commands as add_staff_commands
from kiosk.cli.startup import (
    CHECK_APART,
    PREVIEW_FLAG,
    StandCheck,
    check_apart,
    load_to_show,
    settings_to_run,
)
from kiosk.content import LoadResult, Problem
from kiosk.content.plain import ID_RE as ID_PATTERN
from kiosk.content.problems import PrintableStream

if TYPE_CHECKING:
    from kiosk.venue.settings import Settings
    from kiosk.venue.startpicture import KeptPicture

log = logging.getLogger("kiosk.cli")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1920x1080") from None
    if not (320 <= width <= 8192 and 320 <= height <= 8192):
        raise argparse.ArgumentTypeError("width and height must be between 320 and 8192")
    return width, height


MAX_IDLE_S = 86_400  # a day, as the settings file and stand.yaml accept


def _idle_timeout(text: str) -> float:
    """Seconds, more than none and at most a day (the settings file asks for 5 at least; the
    tools that try the kiosk out use a few seconds)."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not 0 < seconds <= MAX_IDLE_S:  # also NaN and infinity
        raise argparse.ArgumentTypeError(
            f"the idle timeout must be more than 0 and at most {MAX_IDLE_S:,} seconds, "
            f"not '{text}'")
    return seconds


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
    run.add_argument("--idle-timeout", type=_idle_timeout, default=None, metavar="SECONDS",
                     help="override the stand's idle_timeout_s")
    run.add_argument("--quit-after-first-frame", action="store_true",
                     help=argparse.SUPPRESS)  # benchmarks: start, paint once, leave

    validate = commands.add_parser("validate", help="check a stand and list every problem")
    validate.add_argument("stand", type=Path, help="stand folder")
    validate.add_argument("--format", choices=("text", "json", "github"), default=None,
                          dest="report_format",
                          help="how problems are printed: text (FILE:LINE:COLUMN, the default), "
                               "json, or github (annotations for a content repository's CI)")
    validate.add_argument("--json", action="store_true", help="the same as --format json")
    validate.add_argument("--watch", action="store_true",
                          help="validate again on every change to the stand's files, until "
                               "Ctrl-C (for staff editing without a display)")
    validate.add_argument("--summary", action="store_true",
                          help="also say what the stand holds and each language's translation "
                               "state (`translations:`) and texts")
    validate.add_argument("--watch-interval", type=float, default=0.5, help=argparse.SUPPRESS)
    validate.add_argument("--size", type=_size, default=None, metavar="WxH",
                          help="screen size the texts must fit (default 1920x1080; with "
                               "--layout: 1920x1080 and 1080x1920)")
    validate.add_argument("--layout", action="store_true",
                          help="also render every screen offscreen (every language, both text "
                               "sizes, every scroll position) and warn of overlapping, cut-off "
                               "or unreachable content")

    narrate = commands.add_parser(
        "narrate", help="make the stand's narration clips (every text a visitor sees, read "
                        "aloud by espeak-ng) for staff to review, or take their recordings")
    narrate.add_argument("stand", type=Path, help="stand folder (the clips go in its narration/)")
    narrate.add_argument("--lang", action="append", metavar="CODE",
                         help="only this language (again for more; default: every language)")
    narrate.add_argument("--adopt", action="store_true",
                         help="take the WAV files already in narration/<lang>/ as staff "
                              "recordings: never made again, reported when their text changes")
    narrate.add_argument("--list", action="store_true",
                         help="list each clip's file and what it says, and make nothing")

    add_staff_commands(commands)
    add_authoring_commands(commands)

    preview = commands.add_parser(
        "preview", help="a window for stand authors: shows the stand again within a second of "
                        "every save, its problems over the last good version")
    preview.add_argument("stand", type=Path, help="stand folder")
    preview.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH",
                         help="window size (default 1920x1080; portrait too, e.g. 1080x1920)")
    preview.add_argument("--theme", choices=("dark", "light"), default="dark",
                         help="colour variant (default dark; T switches)")

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
    snapshot.add_argument("--keypad", action="store_true",
                          help="the keypad's focus ring on each panel's first item")
    return parser


def _load(folder: Path) -> LoadResult:
    from kiosk.content import load_stand
    from kiosk.ui.decodeapart import ApartDecoder

    # decoded in a process of its own: no image can stop this one (a decoder's crash is
    # that image's error)
    return load_stand(folder, decoder=ApartDecoder())


def _narration(result: LoadResult) -> list[Problem]:
    """Narration missing or stale (a stand with narration/manifest.json)."""
    from kiosk.authoring.narrate import narration_problems
    from kiosk.visit.narration import spoken_lines

    stand, marks = result.stand, result.marks
    if stand is None:
        return []

    def where(path: tuple[str | int, ...]) -> tuple[int, int]:
        if marks is None:
            return (0, 0)
        mark = marks.mark(path)
        return (mark.line, mark.column)

    return narration_problems(result.folder, result.file, stand.languages,
                              lambda language: spoken_lines(stand, result.folder, language), where)


def cmd_narrate(args: argparse.Namespace) -> int:
    from kiosk.authoring.narrate import NarrationError, clip_name, narrate
    from kiosk.content import load_stand
    from kiosk.visit.narration import spoken_lines

    result = load_stand(args.stand)
    if result.stand is None or result.errors:
        for problem in result.errors:
            print(problem.format(), file=sys.stderr)
        print(f"kiosk narrate: {args.stand} is not valid; fix it first (kiosk validate)",
              file=sys.stderr)
        return EXIT_INVALID
    stand = result.stand
    unknown = [code for code in args.lang or () if code not in stand.languages]
    if unknown:
        print(f"kiosk narrate: the stand has no language {', '.join(unknown)} (it has "
              f"{', '.join(stand.languages)})", file=sys.stderr)
        return EXIT_USAGE
    failed = False
    for language in args.lang or stand.languages:
        lines = spoken_lines(stand, result.folder, language)
        if args.list:
            for line in lines:
                said = line.text + ("\t(narration: words)" if line.written else "")
                print(f"{clip_name(language, line.key)}\t{line.what}\t{said}")
            continue
        try:
            outcome = narrate(result.folder, language, lines, adopt=args.adopt,
                              progress=lambda text: print(f"  {text}", file=sys.stderr))
        except NarrationError as exc:
            print(f"kiosk narrate: {language}: {exc}", file=sys.stderr)
            failed = True
            continue
        for failure in outcome.failed:
            print(f"kiosk narrate: {failure}", file=sys.stderr)
        if outcome.unvoiced:
            print(f"kiosk narrate: {language}: the speech engine reads this language well "
                  "only from fully vowelled words; record these lines (WAV files of these "
                  f"names, then `--lang {language} --adopt`), or give their items "
                  f"`narration:` words in '{language}':", file=sys.stderr)
            for name in outcome.unvoiced:
                print(f"  {name}", file=sys.stderr)
        failed = failed or bool(outcome.failed) or bool(outcome.unvoiced)
        print(f"{language}: {len(outcome.made)} made, {len(outcome.kept)} kept, "
              f"{len(outcome.adopted)} recordings taken, {len(outcome.failed)} failed"
              + (f", {len(outcome.unvoiced)} to record" if outcome.unvoiced else ""),
              file=sys.stderr)
    return EXIT_FAILURE if failed else EXIT_OK


def _fit(result: LoadResult, size: tuple[int, int]) -> list[Problem]:
    """Text-fit warnings, measured with the bundled fonts (needs Qt's font engine, no screen)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.app import application
    from kiosk.ui.fit import text_fit_problems

    application()
    return list(text_fit_problems(result, size))


def _print_problems(result: LoadResult, stream: TextIO | None = None) -> None:
    for problem in result.problems:
        print(problem.format(), file=stream or sys.stdout)


def cmd_validate(args: argparse.Namespace) -> int:
    if args.watch:
        from kiosk.authoring.report import watch

        return watch(args.stand, lambda: _validate_once(args), interval=args.watch_interval)
    return _validate_once(args)


def _validate_once(args: argparse.Namespace) -> int:
    from kiosk.authoring.report import render

    result = _load(args.stand)
    if result.ok:  # every image decoded, no error: `kiosk run` need not check it again
        from kiosk.content.memo import StandMemo, default_memo_file

        StandMemo(default_memo_file()).remember(result)
    if result.stand is not None:
        result = dataclasses.replace(
            result, problems=result.problems + tuple(_fit(result, args.size or (1920, 1080)))
            + tuple(_narration(result))
        )
    if args.layout and result.stand is not None:
        from kiosk.ui.layoutcheck import SIZES, check_layout

        started = time.monotonic()
        found = check_layout(result, [args.size] if args.size else SIZES)
        log.info("layout check: %.1f s", time.monotonic() - started)
        result = dataclasses.replace(result, problems=result.problems + tuple(found))
    fmt = args.report_format or ("json" if args.json else "text")
    sys.stdout.write(render(result.problems, fmt))
    sys.stdout.flush()
    if fmt != "json":
        errors, warnings = len(result.errors), len(result.warnings)
        verdict = "valid" if not errors else "NOT valid"
        print(f"{args.stand}: {verdict} ({errors} error{'s' * (errors != 1)}, "
              f"{warnings} warning{'s' * (warnings != 1)})", file=sys.stderr, flush=True)
    if args.summary:
        from kiosk.authoring.report import summary

        print("\n".join(summary(result)), file=sys.stderr, flush=True)
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
    from kiosk.ui.snapshot import render_snapshots

    written = render_snapshots(
        result, args.out, size=args.size, language=args.lang, light=args.theme == "light",
        large_text=args.large_text, high_contrast=args.high_contrast, full=args.full,
        keypad=args.keypad,
    )
    for path in written:
        print(path)
    return EXIT_OK


def cmd_preview(args: argparse.Namespace) -> int:
    from kiosk.ui.preview import run_preview

    return run_preview(args.stand, args.size, light=args.theme == "light")


def cmd_run(args: argparse.Namespace) -> int:
    from kiosk.paths import SAMPLE_STAND, log_dir, state_dir
    from kiosk.venue.health import default_health_path
    from kiosk.venue.settings import default_settings_path, order_languages
    from kiosk.venue.signals import EarlySignals
    from kiosk.venue.stats import default_stats_path

    early = EarlySignals().install()  # no signal ends the kiosk while it starts
    config = args.config or default_settings_path()
    loaded = settings_to_run(config)
    for problem in loaded.problems:
        print(problem.format(), file=sys.stderr)
    settings = loaded.settings
    library = args.library
    shown: dict[str, str | None] = {"id": None}

    def locate() -> Path:
        if shown["id"] is not None:  # the library code is loaded only where it is used
            from kiosk.venue.library import active_stand

            return active_stand(library, shown["id"])
        return Path(args.stand) if args.stand else SAMPLE_STAND

    if args.stand is None and settings.stand:
        if ID_PATTERN.match(settings.stand):
            shown["id"] = settings.stand
        else:
            folder = Path(settings.stand).expanduser()
            args.stand = folder if folder.is_absolute() else config.parent / folder
    try:
        folder = locate()
    except Exception as exc:
        from kiosk.venue.library import LibraryError

        if not isinstance(exc, LibraryError):
            raise
        print(f"kiosk run: {exc}; showing the sample stand", file=sys.stderr)
        shown["id"] = None
        folder = SAMPLE_STAND
    check = StandCheck.start(folder, defer_if_shown=True)
    picture = None if args.windowed or check.stamp is None or not _usual_start(settings) \
        else _start_picture(check.stamp, config, args)

    from kiosk.ui.bindings import import_bindings

    import_bindings()  # shiboken, its compiled code kept (before the first PySide6 import)
    from kiosk.ui.app import RunOptions, run  # Qt, while a changed stand is checked apart
    # PySide6 reads the whole source of each module that imports from it (looking for a
    # `from __feature__ import`), and linecache keeps it; dropped before the interface is
    # built, the space is reused (measured in docs/benchmarks.md)
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
        from kiosk.venue.library import LibraryError, active_stand

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
        listen=check.listen if result is None else None,
        state_dir=state_dir(),
        log_dir=log_dir(),
        early_signals=early,
        start_picture=picture,
        check=load_to_show,
    )
    return run(result, options)


def _usual_start(settings: Settings) -> bool:
    """Whether this start's first frame is the attract screen (the kept start picture): not
    outside the opening hours (the closed screen), not a safe-mode start after repeated
    crashes (its notice); such a frame is never kept, nor is the kept one shown for it."""
    from datetime import datetime

    from kiosk.paths import state_dir
    from kiosk.venue.crashes import SAFE_AFTER, StartLog
    from kiosk.venue.hours import is_open

    try:
        now = datetime.now().astimezone()
        if settings.opening_hours and not is_open(settings.opening_hours, now):
            return False
        return StartLog(state_dir() / "starts.json").recent_crashes() < SAFE_AFTER
    except Exception:  # the kiosk finds out again, and says so; here only: no picture
        log.exception("whether this start is an ordinary one is not known")
        return False


def _start_picture(stamp: str, config: Path, args: argparse.Namespace) -> KeptPicture | None:
    """The first frame of the last start, on the screen at once if it is this start's too
    (`kiosk.venue.startpicture`): the version of the stand shown first (unchanged, or the
    last good one while a change is checked; `stamp`, its files' fingerprint) the same, and
    the settings file, theme and code."""
    from kiosk.paths import FONTS_DIR, PACKAGE_DIR, QML_DIR, cache_dir
    from kiosk.venue.startpicture import OLD_NAME, KeptPicture, kept_at, key

    try:
        (cache_dir() / OLD_NAME).unlink(missing_ok=True)  # 8 MB no version reads any more
        wanted = key(stamp, config, args.theme or "dark", (QML_DIR, FONTS_DIR, PACKAGE_DIR / "ui"))
        return KeptPicture.show(kept_at(cache_dir(), config), wanted)
    except Exception:  # a picture is never worth a start: whatever went wrong, none
        log.exception("the kept start picture is not used")
        return None


def _last_good_version(library: Path | None, stand_id: str, failed: LoadResult) -> LoadResult:
    """A library stand whose active version fails: the newest older version that passes."""
    from kiosk.venue.library import list_stands

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


COMMANDS = {"run": cmd_run, "validate": cmd_validate, "snapshot": cmd_snapshot,
            "preview": cmd_preview, "narrate": cmd_narrate, **HANDLERS,
            **AUTHORING_HANDLERS}


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--decode-apart"]:  # an `ApartDecoder`'s child
        from kiosk.ui.bindings import import_bindings

        import_bindings()
        from kiosk.ui.imaging import serve

        return serve()
    if (len(arguments) == 2 or arguments[2:] == [PREVIEW_FLAG]) and arguments[0] == CHECK_APART:
        # `kiosk run`'s own child (its priority: `check_apart`)
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s "
                            "%(message)s")
        return check_apart(Path(arguments[1]), with_preview=len(arguments) == 3)
    parser = build_parser()
    args = parser.parse_args(arguments)
    # names and paths from a stand or a USB stick are printed and logged: never raw
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PrintableStream(stdout), PrintableStream(stderr)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        return _command(args)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _command(args: argparse.Namespace) -> int:
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

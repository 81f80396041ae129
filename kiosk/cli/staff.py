"""Staff commands: `kiosk import | list | rollback | prune | remove | set-pin | stats | status`.

`add_commands(subparsers)` registers them on the `kiosk` parser and `HANDLERS` maps each
command name to its handler. Every handler returns an exit code and prints one-line errors,
never a traceback. Only `import` touches Qt, lazily, to decode images the way the screen will.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli.exits import EXIT_FAILURE, EXIT_INVALID, EXIT_OK
from kiosk.content import LoadResult
from kiosk.venue import health as health_mod
from kiosk.venue import settings, stats
from kiosk.venue.pin import valid_pin
from kiosk.venue.pinfile import set_pin

if TYPE_CHECKING:  # imported where a command uses them: `kiosk run` needs neither (~0.5 MB)
    from kiosk.venue import intake, library

PRUNE_KEEP = 2
"""`kiosk prune`'s default: kiosk.venue.library.PRUNE_KEEP (tests/test_staffcli.py checks that
they agree), named here so that building the parser does not import the library."""

Handler = Callable[[argparse.Namespace], int]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2025-03-01") from None


def add_commands(subparsers: Any) -> None:
    """Register the staff commands on `subparsers` (from `parser.add_subparsers()`)."""
    library_help = "library folder (default: the kiosk's data folder)"

    imp = subparsers.add_parser(
        "import", help="install a stand (folder or .zip) into the library as its active version",
    )
    imp.add_argument("src", type=Path, metavar="SRC", help="stand folder or .zip file")
    imp.add_argument("--library", type=Path, default=None, metavar="DIR", help=library_help)
    imp.add_argument("--config", type=Path, default=None, metavar="FILE",
                     help="settings file with the library's disk budget (default: the "
                          "kiosk's config folder)")

    lst = subparsers.add_parser("list", help="list the stands in the library and their versions")
    lst.add_argument("--library", type=Path, default=None, metavar="DIR", help=library_help)
    lst.add_argument("--json", action="store_true", help="print JSON")

    rollback = subparsers.add_parser("rollback", help="make a stand's previous version active")
    rollback.add_argument("stand_id", metavar="STAND_ID")
    rollback.add_argument("--library", type=Path, default=None, metavar="DIR", help=library_help)

    prune = subparsers.add_parser(
        "prune", help="remove old versions of every stand (never the active one)",
    )
    prune.add_argument("--keep", type=int, default=None, metavar="N",
                       help=f"versions kept per stand, the newest (default {PRUNE_KEEP}); the "
                            "active one is always kept too")
    prune.add_argument("--library", type=Path, default=None, metavar="DIR", help=library_help)
    prune.add_argument("--dry-run", action="store_true",
                       help="only say what would be removed")
    prune.add_argument("--json", action="store_true", help="print JSON")

    remove = subparsers.add_parser("remove", help="remove a stand, or one version of it")
    remove.add_argument("stand_id", metavar="STAND_ID")
    remove.add_argument("--version", default=None, metavar="V",
                        help="only this version (see 'kiosk list')")
    remove.add_argument("--library", type=Path, default=None, metavar="DIR", help=library_help)
    remove.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help="settings file that names the stand the kiosk shows "
                             "(default: the kiosk's config folder)")
    remove.add_argument("--force", action="store_true",
                        help="remove it even if it is what the kiosk is set to show")
    remove.add_argument("--json", action="store_true", help="print JSON")

    pin = subparsers.add_parser("set-pin", help="set the staff PIN (4 to 8 digits)")
    pin.add_argument("--config", type=Path, default=None, metavar="FILE",
                     help="settings file (default: the kiosk's config folder)")
    pin.add_argument("--pin-stdin", action="store_true",
                     help="read the PIN from one line of standard input (for scripts)")

    st = subparsers.add_parser("stats", help="print visitor statistics, one line per day")
    st.add_argument("--since", type=_date, default=None, metavar="YYYY-MM-DD",
                    help="from this day on (default: everything)")
    st.add_argument("--csv", action="store_true", help="print CSV")
    st.add_argument("--db", type=Path, default=None, metavar="FILE",
                    help="statistics database (default: the kiosk's data folder)")

    status = subparsers.add_parser(
        "status", help="show the running kiosk's health (exit 1 if it is not running)",
    )
    status.add_argument("--json", action="store_true", help="print JSON")
    status.add_argument("--health", type=Path, default=None, metavar="FILE",
                        help="health file (default: the kiosk's state folder)")


def _error(command: str, message: str) -> None:
    print(f"kiosk {command}: {message}", file=sys.stderr)


def _validate(folder: Path) -> LoadResult:
    from kiosk.content import load_stand
    from kiosk.content.decodecache import DecodeCache, default_cache_file
    from kiosk.ui.decodeapart import ApartDecoder  # decode as the screen will, in a child

    # every image is decoded (the staged copy is new); the cache then tells the kiosk that
    # shows this version next, or reloads it live, that they need not be decoded again
    cache = DecodeCache(default_cache_file(), ApartDecoder())
    try:
        return load_stand(folder, decoder=cache)
    finally:
        cache.save()


def _limits(config: Path | None) -> intake.Limits:
    """The import limits, with the library budget the settings give (if they give one)."""
    from kiosk.venue import intake

    loaded = settings.load_settings(config)
    for problem in loaded.problems:
        if problem.message.startswith("library_"):
            print(problem.format(), file=sys.stderr)
    chosen = loaded.settings
    changes = {}
    if chosen.library_budget_gb is not None:
        changes["max_library_bytes"] = int(chosen.library_budget_gb * intake.GB)
    if chosen.library_min_free_gb is not None:
        changes["min_free_bytes"] = int(chosen.library_min_free_gb * intake.GB)
    return dataclasses.replace(intake.LIMITS, **changes)


def cmd_import(args: argparse.Namespace, validate: Callable[[Path], LoadResult] = _validate) -> int:
    from kiosk.venue import library

    try:
        limits = _limits(getattr(args, "config", None))
        version = library.import_stand(args.src, args.library, validate, limits=limits)
    except library.ImportRefused as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        errors = sum(p.is_error for p in exc.problems)
        _error("import", f"{args.src}: refused ({errors} error{'s' * (errors != 1)}); "
               "nothing was changed")
        return EXIT_INVALID
    except library.LibraryError as exc:
        _error("import", f"{exc}; nothing was changed")
        return EXIT_FAILURE
    except OSError as exc:
        _error("import", f"{exc.strerror or exc}: {exc.filename or ''}; nothing was changed")
        return EXIT_FAILURE
    for problem in version.problems:
        print(problem.format(), file=sys.stderr)
    _print_left_out(version.left_out)
    warnings = len(version.problems)
    print(f"installed {version.stand_id} version {version.name} (now active)"
          + (f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""))
    print(f"  {version.folder}")
    return EXIT_OK


LEFT_OUT_SHOWN = 20


def _print_left_out(left_out: tuple[Path, ...]) -> None:
    """The files an import did not install, one warning line each (the first 20)."""
    for where in left_out[:LEFT_OUT_SHOWN]:
        print(f"{where}:0:0: warning: not installed: stand.yaml does not use this file "
              "(remove it from the stand, or name it in stand.yaml)", file=sys.stderr)
    if len(left_out) > LEFT_OUT_SHOWN:
        print(f"... and {len(left_out) - LEFT_OUT_SHOWN} more files not installed",
              file=sys.stderr)
    if left_out:
        count = len(left_out)
        print(f"{count} file{'s' * (count != 1)} left out: only stand.yaml, the files it uses "
              "and README or licence files are installed", file=sys.stderr)


def cmd_list(args: argparse.Namespace) -> int:
    from kiosk.venue import library

    try:
        stands = library.list_stands(args.library)
    except OSError as exc:
        _error("list", f"{exc.strerror or exc}: {exc.filename or ''}")
        return EXIT_FAILURE
    if args.json:
        print(json.dumps([
            {"id": s.id, "active": str(s.active) if s.active else None,
             "active_version": s.active_version, "versions": list(s.versions)}
            for s in stands
        ], indent=2))
        return EXIT_OK
    if not stands:
        where = args.library or library.default_library()
        print(f"no stands installed in {where}", file=sys.stderr)
        return EXIT_OK
    for stand in stands:
        print(f"{stand.id}  (active: {stand.active_version or 'none'})")
        for name in reversed(stand.versions):
            marker = "*" if name == stand.active_version else " "
            print(f"  {marker} {name}")
    return EXIT_OK


def cmd_rollback(args: argparse.Namespace) -> int:
    from kiosk.venue import library

    try:
        version = library.rollback(args.stand_id, args.library)
    except library.LibraryError as exc:
        _error("rollback", str(exc))
        return EXIT_INVALID
    except OSError as exc:
        _error("rollback", f"{exc.strerror or exc}: {exc.filename or ''}")
        return EXIT_FAILURE
    print(f"{version.stand_id}: version {version.name} is active again")
    return EXIT_OK


def _removed_json(removed: list[library.Removed]) -> list[dict[str, Any]]:
    return [{"id": r.stand_id, "version": r.version, "bytes": r.size} for r in removed]


def cmd_prune(args: argparse.Namespace) -> int:
    from kiosk.venue import intake, library

    try:
        keep = library.PRUNE_KEEP if args.keep is None else args.keep
        removed = library.prune(args.library, keep, dry_run=args.dry_run)
    except library.LibraryError as exc:
        _error("prune", f"{exc}; nothing was removed")
        return EXIT_INVALID
    except OSError as exc:
        _error("prune", f"{exc.strerror or exc}: {exc.filename or ''}")
        return EXIT_FAILURE
    freed = sum(r.size for r in removed)
    if args.json:
        print(json.dumps({"dry_run": args.dry_run, "keep": args.keep, "freed_bytes": freed,
                          "removed": _removed_json(removed)}, indent=2))
        return EXIT_OK
    verb = "would remove" if args.dry_run else "removed"
    for item in removed:
        print(f"{verb} {item.stand_id} version {item.version} ({intake.size_text(item.size)})")
    if not removed:
        print(f"nothing to remove: no stand has more than {args.keep} "
              f"version{'s' * (args.keep != 1)} besides its active one")
    else:
        count = len(removed)
        print(f"{'would free' if args.dry_run else 'freed'} {intake.size_text(freed)} "
              f"({count} version{'s' * (count != 1)}); kept: the active version and the "
              f"newest {args.keep} of each stand")
    return EXIT_OK


def _shown_stands(config: Path | None) -> set[str]:
    """The stands the kiosk is set to show (settings) or shows now (its health file)."""
    stands = set()
    configured = settings.load_settings(config).settings.stand
    if configured:
        stands.add(configured)
    status = health_mod.check_health(None)
    if status.running and status.health is not None and status.health.stand_id:
        stands.add(status.health.stand_id)
    return stands


def cmd_remove(args: argparse.Namespace) -> int:
    from kiosk.venue import intake, library

    shown = args.stand_id in _shown_stands(args.config)
    try:
        removed = library.remove(args.stand_id, args.library, args.version, shown=shown,
                                 force=args.force)
    except library.LibraryError as exc:
        _error("remove", str(exc))
        return EXIT_INVALID
    except OSError as exc:
        _error("remove", f"{exc.strerror or exc}: {exc.filename or ''}")
        return EXIT_FAILURE
    active = next((s.active_version for s in library.list_stands(args.library)
                   if s.id == args.stand_id), None)
    if args.json:
        print(json.dumps({"removed": _removed_json([removed]), "active_version": active},
                         indent=2))
        return EXIT_OK
    size = intake.size_text(removed.size)
    if removed.version is None:
        print(f"removed {removed.stand_id}, every version ({size})")
        if shown:
            print(f"the kiosk was set to show {removed.stand_id}: it shows the sample stand "
                  "until another stand is chosen in the settings", file=sys.stderr)
    else:
        print(f"removed {removed.stand_id} version {removed.version} ({size}); "
              f"active: {active or 'none'}")
    return EXIT_OK


def _read_pin(args: argparse.Namespace) -> str | None:
    if args.pin_stdin:
        return sys.stdin.readline().strip()
    first = getpass.getpass("New staff PIN (4 to 8 digits): ")
    if not valid_pin(first):
        return first
    second = getpass.getpass("The same PIN again: ")
    if first != second:
        return None
    return first


def cmd_set_pin(args: argparse.Namespace) -> int:
    try:
        pin = _read_pin(args)
    except EOFError:
        _error("set-pin", "no PIN was given; nothing was changed")
        return EXIT_INVALID
    if pin is None:
        _error("set-pin", "the two PINs differ; nothing was changed")
        return EXIT_INVALID
    if not valid_pin(pin):
        _error("set-pin", "the PIN must be 4 to 8 digits (0-9); nothing was changed")
        return EXIT_INVALID
    try:
        path = set_pin(args.config, pin)
    except settings.SettingsError as exc:
        _error("set-pin", f"{exc}; nothing was changed")
        return EXIT_INVALID
    except OSError as exc:
        _error("set-pin", f"{exc.strerror or exc}: {exc.filename or ''}; nothing was changed")
        return EXIT_FAILURE
    print(f"the staff PIN is set (stored as a salted hash in {path})")
    return EXIT_OK


def _languages(counts: dict[str, int]) -> str:
    return " ".join(f"{lang}:{n}" for lang, n in counts.items())


def cmd_stats(args: argparse.Namespace) -> int:
    try:
        totals = stats.daily_totals(args.db, since=args.since)
    except stats.StatsError as exc:
        _error("stats", str(exc))
        return EXIT_FAILURE
    if args.csv:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["day", "visits", "avg_visit_seconds", "top_panel", "languages",
                         "items_opened"])
        for row in totals:
            average = "" if row.avg_visit_seconds is None else f"{row.avg_visit_seconds:.1f}"
            writer.writerow([row.day.isoformat(), row.visits, average, row.top_panel or "",
                             _languages(row.languages), row.items_opened])
        return EXIT_OK
    if not totals:
        print("no visits recorded" + (f" since {args.since}" if args.since else ""),
              file=sys.stderr)
        return EXIT_OK
    print(f"{'day':<10}  {'visits':>6}  {'avg visit':>9}  {'top panel':<20}  languages")
    for row in totals:
        average = "-" if row.avg_visit_seconds is None else f"{row.avg_visit_seconds:.0f} s"
        print(f"{row.day.isoformat():<10}  {row.visits:>6}  {average:>9}  "
              f"{(row.top_panel or '-'):<20}  {_languages(row.languages)}")
    visits = sum(r.visits for r in totals)
    print(f"{'total':<10}  {visits:>6}")
    return EXIT_OK


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value is not None else "-"


def _duration(seconds: float) -> str:
    whole = int(seconds)
    days, rest = divmod(whole, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return (f"{days}d " if days else "") + f"{hours:02d}:{minutes:02d}:{secs:02d}"


def cmd_status(args: argparse.Namespace) -> int:
    status = health_mod.check_health(args.health)
    if args.json:
        print(json.dumps(status.as_json(), indent=2, ensure_ascii=False))
        return EXIT_OK if status.running else EXIT_INVALID
    print(f"kiosk: {status.reason}")
    health = status.health
    if health is not None:
        stand = health.stand_id or "-"
        if health.stand_version:
            stand += f" (version {health.stand_version})"
        lines = [
            ("stand", stand),
            ("folder", health.stand_folder or "-"),
            ("shown since", _when(health.shown_since)),
            ("last touch", _when(health.last_touch)),
            ("last error", (f"{health.last_error} (at {_when(health.last_error_at)})"
                            if health.last_error else "-")),
            ("uptime", _duration(health.uptime_s)),
            ("restarts", str(health.restarts)),
            ("safe mode", "YES" if health.safe_mode else "no"),
            ("pid", str(health.pid)),
            ("updated", _when(health.updated)),
        ]
        for label, value in lines:  # one line each, whatever a health file holds
            print(f"  {label + ':':<13}{' '.join(value.split())}")
    return EXIT_OK if status.running else EXIT_INVALID


HANDLERS: dict[str, Handler] = {
    "import": cmd_import,
    "list": cmd_list,
    "rollback": cmd_rollback,
    "prune": cmd_prune,
    "remove": cmd_remove,
    "set-pin": cmd_set_pin,
    "stats": cmd_stats,
    "status": cmd_status,
}

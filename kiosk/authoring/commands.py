"""Authoring commands: `kiosk schema | new | translate`.

`add_commands(subparsers)` registers them on the `kiosk` parser and `HANDLERS` maps each
command name to its handler (as `kiosk.cli.staff` does). Every handler returns an exit code
and prints one-line errors, never a traceback. No Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_FAILURE = 3

Handler = Callable[[argparse.Namespace], int]


def add_commands(subparsers: Any) -> None:
    """Register the authoring commands on `subparsers` (from `parser.add_subparsers()`)."""
    schema = subparsers.add_parser(
        "schema", help="print the JSON Schema of stand.yaml (for editors with the YAML "
                       "language server)")
    schema.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help="write it to FILE instead of standard output")

    new = subparsers.add_parser(
        "new", help="make a new stand that validates at once: every panel kind as an example, "
                    "placeholder artwork, a source, a README for staff")
    new.add_argument("folder", type=Path, metavar="DIR", help="the new stand's folder (new or empty)")
    new.add_argument("--languages", default="en", metavar="CODES",
                     help="its languages, the first the default, e.g. en,az,ru (default en)")
    new.add_argument("--panels", default="background,figures,recognitions,remarks",
                     metavar="KINDS", help="the panels written out, in order (default: all four; "
                                           "the others are commented examples)")

    translate = subparsers.add_parser(
        "translate", help="export a stand's texts for translators (PO) and import the "
                          "translations back into stand.yaml")
    actions = translate.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write every text to translate into a PO or "
                                               "XLIFF file")
    export.add_argument("stand", type=Path, help="stand folder")
    export.add_argument("--to", required=True, metavar="LANG", help="the target language, e.g. fr")
    export.add_argument("--format", choices=("po", "xliff"), default="po",
                        help="file format: po (default; Poedit, Weblate, Crowdin...) or xliff "
                             "(XLIFF 1.2: Trados, memoQ, OmegaT)")
    export.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help="write to FILE (default: standard output)")
    imp = actions.add_parser("import", help="write a PO (or .xlf/.xliff) file's translations "
                                            "into stand.yaml (comments and layout kept), then "
                                            "validate")
    imp.add_argument("stand", type=Path, help="stand folder")
    imp.add_argument("file", type=Path, metavar="FILE", help="the translated PO file")


def cmd_translate(args: argparse.Namespace) -> int:
    xliff = (args.action == "export" and args.format == "xliff") or (
        args.action == "import" and args.file.suffix.lower() in (".xlf", ".xliff"))
    try:
        if not xliff:
            import polib  # noqa: F401
    except ImportError:
        print("kiosk translate: needs polib (a dependency of the kiosk: reinstall it)",
              file=sys.stderr)
        return EXIT_FAILURE
    from kiosk.authoring import translate
    from kiosk.content import langtags

    try:
        if args.action == "export":
            tag = langtags.check(args.to)
            if tag is not None and not tag.written_as:
                print(f"kiosk translate: {tag.message}", file=sys.stderr)
                return EXIT_USAGE
            language = tag.written_as if tag is not None and tag.written_as else args.to
            export = translate.export_xliff if args.format == "xliff" else translate.export_po
            text = export(args.stand, language)
            if args.out is None:
                sys.stdout.write(text)
            else:
                args.out.write_text(text, encoding="utf-8")
            return EXIT_OK
        outcome = translate.import_po(args.stand, args.file)
    except translate.TranslateError as exc:
        print(f"kiosk translate: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for why in outcome.skipped:
        print(f"{args.file}: {why}", file=sys.stderr)
    result = outcome.result
    assert result is not None
    for problem in result.problems:
        print(problem.format())
    if outcome.restored:
        print(f"{args.stand}: the translations made the stand fail; stand.yaml is as it was",
              file=sys.stderr)
        return EXIT_INVALID
    errors, warnings = len(result.errors), len(result.warnings)
    print(f"{args.stand}: {outcome.language}: {outcome.written} texts written, "
          f"{outcome.unchanged} unchanged, {len(outcome.skipped)} left out"
          + (f", translations: {outcome.language}: {outcome.state}" if outcome.state else "") + "; "
          f"{'valid' if not errors else 'NOT valid'} ({errors} errors, {warnings} warnings)",
          file=sys.stderr)
    return EXIT_INVALID if errors else EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from kiosk.authoring.scaffold import ScaffoldError, create_stand, parse_languages, parse_panels

    try:
        written = create_stand(args.folder, parse_languages(args.languages),
                               parse_panels(args.panels))
    except ScaffoldError as exc:
        print(f"kiosk new: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        print(path)
    print(f"{args.folder}: a new stand; fill in stand.yaml, then `kiosk validate {args.folder}`",
          file=sys.stderr)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from kiosk.authoring.schema import schema_text

    text = schema_text()
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
    return EXIT_OK


HANDLERS: dict[str, Handler] = {
    "schema": cmd_schema,
    "new": cmd_new,
    "translate": cmd_translate,
}

"""Authoring commands: `kiosk schema | new | translate`.

`add_commands(subparsers)` registers them on the `kiosk` parser and `HANDLERS` maps each
command name to its handler (as `kiosk.staffcli` does). Every handler returns an exit code
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
}

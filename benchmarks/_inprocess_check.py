"""`kiosk` with a live reload's check in the kiosk's own process, as before 2026-12-04 night:
the comparison subject of benchmarks/reload_memory.py. Not for a venue."""

import sys

import kiosk.cli.commands as commands
from kiosk.cli import main

commands.load_to_show = None  # type: ignore[assignment]  # RunOptions.check None: `_qt_load`
sys.argv = ["kiosk", *sys.argv[1:]]
sys.exit(main())

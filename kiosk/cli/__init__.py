"""The command line: `kiosk run | validate | snapshot | ...` (commands) and the staff verbs (staff)."""

from kiosk.cli.commands import main

__all__ = ["main"]

"""The exit codes of every `kiosk` command."""

EXIT_OK = 0
EXIT_INVALID = 1
"""The stand or the input is not valid (its problems are said)."""
EXIT_USAGE = 2
EXIT_FAILURE = 3
"""The command itself failed (said in the log)."""

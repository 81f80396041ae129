"""The venue install, round trip: build the offline bundle, install it with the network cut
off, validate and render the sample stand with the installed command, check the service."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # builds the bundle and installs it: minutes
def test_offline_bundle_installs_and_runs_without_network() -> None:
    done = subprocess.run(
        ["bash", str(ROOT / "packaging" / "test-offline-install.sh")],
        capture_output=True, text=True, timeout=900,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    assert ", 0 failed" in output, output[-4000:]
    assert "FAIL" not in output.replace("0 failed", ""), output[-4000:]


def test_service_unit_restarts_and_has_a_watchdog() -> None:
    unit = (ROOT / "packaging" / "kiosk.service").read_text(encoding="utf-8")
    for line in ("Type=notify", "Restart=always", "WatchdogSec=", "StartLimitBurst="):
        assert line in unit, line

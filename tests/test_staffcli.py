"""The staff commands end to end, through an argparse parser as `kiosk` builds it."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.cli import staff as staffcli
from kiosk.venue import health, library, settings, stats
from kiosk.venue.pin import verify_pin

STAND_ID = "khojaly-31"


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="kiosk")
    sub = root.add_subparsers(dest="command", required=True)
    staffcli.add_commands(sub)
    return root


def kiosk(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    args = parser().parse_args([str(a) for a in argv])
    code = staffcli.HANDLERS[args.command](args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def stand(tmp_path: Path, sample_stand: Path) -> Path:
    folder = tmp_path / "usb" / STAND_ID
    shutil.copytree(sample_stand, folder)
    return folder


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    return tmp_path / "library"


def listed(capsys: pytest.CaptureFixture[str], lib: Path) -> list[dict[str, object]]:
    code, out, _ = kiosk(capsys, "list", "--library", lib, "--json")
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list)
    return data


def test_every_command_is_registered_with_a_handler() -> None:
    sub = argparse.ArgumentParser().add_subparsers(dest="command")
    staffcli.add_commands(sub)
    assert set(sub.choices) == set(staffcli.HANDLERS) == {
        "import", "list", "rollback", "prune", "remove", "set-pin", "stats", "status"}


def test_import_list_rollback(capsys: pytest.CaptureFixture[str], stand: Path, lib: Path,
                              tmp_path: Path) -> None:
    assert listed(capsys, lib) == []
    code, out, _ = kiosk(capsys, "import", stand, "--library", lib)
    assert code == 0 and f"installed {STAND_ID} version" in out
    [entry] = listed(capsys, lib)
    assert entry["id"] == STAND_ID
    assert isinstance(entry["versions"], list) and len(entry["versions"]) == 1
    first_active = Path(str(entry["active"]))
    assert (first_active / "stand.yaml").is_file()

    archive = tmp_path / "new.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(stand.rglob("*")):
            zf.write(path, f"{STAND_ID}/{path.relative_to(stand)}")
    code, out, _ = kiosk(capsys, "import", archive, "--library", lib)
    assert code == 0
    [entry] = listed(capsys, lib)
    assert isinstance(entry["versions"], list) and len(entry["versions"]) == 2
    assert entry["active"] != str(first_active)

    code, out, _ = kiosk(capsys, "list", "--library", lib)
    assert code == 0 and STAND_ID in out and "*" in out

    code, out, _ = kiosk(capsys, "rollback", STAND_ID, "--library", lib)
    assert code == 0 and "is active again" in out
    assert listed(capsys, lib)[0]["active"] == str(first_active)

    code, out, err = kiosk(capsys, "rollback", STAND_ID, "--library", lib)
    assert code == 1 and "no version older" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = kiosk(capsys, "rollback", "unknown", "--library", lib)
    assert code == 1 and err.startswith("kiosk rollback: ")


def test_a_broken_import_prints_every_problem_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], stand: Path, lib: Path, tmp_path: Path
) -> None:
    assert kiosk(capsys, "import", stand, "--library", lib)[0] == 0
    before = listed(capsys, lib)

    broken = tmp_path / "broken" / STAND_ID
    shutil.copytree(stand, broken)
    yaml_file = broken / "stand.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("format: 1", "format: one")
                         .replace("idle_timeout_s:", "idle_timout_s:"), encoding="utf-8")
    # a PNG whose header is fine but whose pixels are cut off: only a full decode finds it
    candle = broken / "media" / "candle.png"
    candle.write_bytes(candle.read_bytes()[: candle.stat().st_size // 3])

    code, _, err = kiosk(capsys, "import", broken, "--library", lib)
    assert code == 1
    problems = [line for line in err.splitlines() if ": error: " in line]
    assert len(problems) >= 2
    for line in problems:
        file, line_no, column, _ = line.split(":", 3)
        assert file == str(yaml_file) and int(line_no) > 0 and int(column) > 0
    assert any("candle.png" in line and "decoded" in line for line in problems), problems
    assert "nothing was changed" in err.splitlines()[-1]
    assert "Traceback" not in err
    assert listed(capsys, lib) == before


def test_import_of_nothing_or_junk_is_refused(
    capsys: pytest.CaptureFixture[str], lib: Path, tmp_path: Path
) -> None:
    code, _, err = kiosk(capsys, "import", tmp_path / "nowhere", "--library", lib)
    assert code == 1 and "no such folder or file" in err and "nothing was changed" in err
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("stand.yaml", "format: 1\n")
        zf.writestr("../../escape.txt", "x")
    code, _, err = kiosk(capsys, "import", evil, "--library", lib)
    assert code == 1 and "leaves its folder" in err
    assert not (tmp_path.parent / "escape.txt").exists()


def test_set_pin_from_stdin_and_with_getpass(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "settings.yaml"
    config.write_text("rotation: 90\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO("2468\n"))
    code, out, _ = kiosk(capsys, "set-pin", "--config", config, "--pin-stdin")
    assert code == 0 and str(config) in out
    loaded = settings.load_settings(config).settings
    assert loaded.rotation == 90 and verify_pin(loaded.pin_hash, "2468")
    assert "2468" not in config.read_text()

    answers = iter(["13579", "13579"])
    monkeypatch.setattr(staffcli.getpass, "getpass", lambda prompt="": next(answers))
    assert kiosk(capsys, "set-pin", "--config", config)[0] == 0
    assert verify_pin(settings.load_settings(config).settings.pin_hash, "13579")

    answers = iter(["1111", "2222"])
    code, _, err = kiosk(capsys, "set-pin", "--config", config)
    assert code == 1 and "differ" in err
    monkeypatch.setattr(sys, "stdin", io.StringIO("12\n"))
    code, _, err = kiosk(capsys, "set-pin", "--config", config, "--pin-stdin")
    assert code == 1 and "4 to 8 digits" in err
    assert verify_pin(settings.load_settings(config).settings.pin_hash, "13579")  # unchanged


def test_set_pin_default_config_path(capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("9876\n"))
    assert kiosk(capsys, "set-pin", "--pin-stdin")[0] == 0
    assert verify_pin(settings.load_settings().settings.pin_hash, "9876")


def test_stats_table_and_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "stats.sqlite3"
    code, _, err = kiosk(capsys, "stats", "--db", db)
    assert code == 0 and "no visits" in err
    recorder = stats.Recorder(db)
    start = datetime(2025, 2, 26, 10)
    for day, seconds in [(0, 30), (0, 90), (1, 45)]:
        t = start + timedelta(days=day)
        recorder.visit_started(STAND_ID, "az", t)
        recorder.panel_shown("figures", t)
        recorder.visit_ended(t + timedelta(seconds=seconds))

    code, out, _ = kiosk(capsys, "stats", "--db", db, "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["day"], r["visits"], r["avg_visit_seconds"], r["top_panel"], r["languages"])
            for r in rows] == [("2025-02-26", "2", "60.0", "figures", "az:2"),
                               ("2025-02-27", "1", "45.0", "figures", "az:1")]
    code, out, _ = kiosk(capsys, "stats", "--db", db, "--since", "2025-02-27")
    assert code == 0 and "2025-02-27" in out and "2025-02-26" not in out
    with pytest.raises(SystemExit) as usage:
        parser().parse_args(["stats", "--since", "last week"])
    assert usage.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_status(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "health.json"
    code, out, _ = kiosk(capsys, "status", "--health", path)
    assert code == 1 and "no health file" in out
    now = health.now_local()
    record = health.Health(pid=os.getpid(), started=now - timedelta(minutes=3), updated=now,
                           stand_id=STAND_ID, stand_version="20250226T100000Z-1",
                           shown_since=now - timedelta(minutes=2))
    health.write_health(path, record)
    code, out, _ = kiosk(capsys, "status", "--health", path)
    assert code == 0 and "running" in out and STAND_ID in out and "00:03:00" in out
    lines = out.count("\n")
    # a health file written by hand: a value cannot fake a line of its own
    health.write_health(path, replace(record, stand_folder="/srv/x\n  safe mode:   no\n"))
    code, out, _ = kiosk(capsys, "status", "--health", path)
    assert out.count("\n") == lines and "/srv/x safe mode: no" in out
    code, out, _ = kiosk(capsys, "status", "--health", path, "--json")
    data = json.loads(out)
    assert code == 0 and data["running"] is True and data["stand_id"] == STAND_ID
    health.write_health(path, health.Health(pid=os.getpid(), started=now - timedelta(hours=1),
                                            updated=now - timedelta(minutes=1)))
    code, out, _ = kiosk(capsys, "status", "--health", path, "--json")
    assert code == 1 and json.loads(out)["running"] is False


def test_in_a_fresh_process_a_refused_import_has_no_traceback(tmp_path: Path, lib: Path) -> None:
    script = textwrap.dedent("""
        import argparse, sys
        from kiosk.cli import staff as staffcli
        parser = argparse.ArgumentParser(prog="kiosk")
        staffcli.add_commands(parser.add_subparsers(dest="command"))
        args = parser.parse_args(sys.argv[1:])
        sys.exit(staffcli.HANDLERS[args.command](args))
    """)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "stand.yaml").write_text("format: 1\nid: x\nlanguages: [en\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", script, "import", str(broken), "--library", str(lib)],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 1
    assert f"{broken / 'stand.yaml'}:3:" in result.stderr
    assert "Traceback" not in result.stderr
    assert library.list_stands(lib) == []


def test_the_staff_modules_do_not_load_qt() -> None:
    modules = [
        "kiosk.venue.library", "kiosk.venue.settings", "kiosk.venue.stats", "kiosk.venue.health",
        "kiosk.cli.staff",
    ]
    script = (f"import sys\nfor name in {modules!r}: __import__(name)\n"
              "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.strip() == "[]"


def test_prune_keeps_by_default_what_the_library_keeps() -> None:
    assert staffcli.PRUNE_KEEP == library.PRUNE_KEEP


def test_the_command_line_imports_no_library_code_until_a_command_needs_it() -> None:
    # `kiosk run` builds the whole parser: the library and intake (~0.5 MB) wait for a verb
    code = ("import sys, kiosk.cli.commands, kiosk.ui.app; "
            "print(sorted(m for m in ('kiosk.venue.library', 'kiosk.venue.intake', 'html', "
            "'difflib', 'csv') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"

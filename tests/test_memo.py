"""A stand validated once is shown again without checking it, until any of its files changes."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.content import load_stand, model
from kiosk.content.memo import FORMAT, StandMemo
from kiosk.ui.imaging import qt_decode
from kiosk.venue.settings import Settings, load_settings
from kiosk.visit.present import PlainFormats, Presenter
from tests.stands import copy_sample, edit


@pytest.fixture
def stand(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "stand")


@pytest.fixture
def memo(tmp_path: Path) -> StandMemo:
    return StandMemo(tmp_path / "cache" / "validated.pickle")


def remembered(memo: StandMemo, stand: Path) -> StandMemo:
    result = load_stand(stand, decoder=qt_decode)
    assert result.ok
    assert memo.remember(result)
    return memo


def test_an_unchanged_stand_is_recalled_as_it_was_validated(memo: StandMemo, stand: Path) -> None:
    text = (stand / "stand.yaml").read_text(encoding="utf-8")
    # a warning (an unused image) must come back with the stand
    (stand / "media" / "spare.png").write_bytes((stand / "media" / "rings.png").read_bytes())
    (stand / "stand.yaml").write_text(text, encoding="utf-8")
    validated = load_stand(stand, decoder=qt_decode)
    assert validated.ok and validated.warnings
    assert memo.remember(validated)
    recalled = StandMemo(memo.file).recall(stand)
    assert recalled is not None
    # the model's own classes (made without pydantic), with the same values
    assert recalled.stand == validated.stand and recalled.stand is not validated.stand
    assert type(recalled.stand) is model.Stand
    assert hash(recalled.stand) == hash(validated.stand)
    assert recalled.stand.default_language == validated.stand.default_language
    for language in validated.stand.languages:
        shown, checked = (Presenter(s, stand, language, PlainFormats())
                          for s in (recalled.stand, validated.stand))
        for index in range(len(validated.stand.panels)):
            assert shown.panel(index) == checked.panel(index)
            assert shown.rows(index) == checked.rows(index)
            assert shown.timeline(index) == checked.timeline(index)
            assert shown.map_highlights(index) == checked.map_highlights(index)
    assert recalled.problems == validated.problems
    assert recalled.folder == stand


def damaged_in_place(image: Path) -> None:
    """`image` rewritten in place, damaged, with its size and modification time put back
    (`cp -p` onto it, `rsync --inplace -t`): only its change time tells."""
    info = image.stat()
    data = bytearray(image.read_bytes())
    data[-20:-12] = bytes(8)  # damaged: the same size
    time.sleep(0.01)  # a change time of its own, on a coarse clock too
    with image.open("r+b") as out:
        out.write(data)
    os.utime(image, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (image.stat().st_size, image.stat().st_mtime_ns, image.stat().st_ino) == \
        (info.st_size, info.st_mtime_ns, info.st_ino)


@pytest.mark.parametrize("change", ["edit", "touch", "add", "remove", "rename", "in place"])
def test_any_change_to_the_folder_means_validating_again(
    memo: StandMemo, stand: Path, change: str
) -> None:
    remembered(memo, stand)
    image = stand / "media" / "rings.png"
    if change == "edit":
        path = stand / "stand.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("format: 1", "format: 1 ", 1), encoding="utf-8")
    elif change == "touch":
        info = image.stat()
        os.utime(image, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    elif change == "add":
        (stand / "media" / "new.png").write_bytes(image.read_bytes())
    elif change == "remove":
        image.unlink()
    elif change == "in place":
        damaged_in_place(image)
    else:
        image.rename(stand / "media" / "rings-2.png")
    assert memo.recall(stand) is None


def test_a_stand_with_errors_is_never_remembered(memo: StandMemo, stand: Path) -> None:
    path = stand / "stand.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8"), "format: 1", "format: 2"),
                    encoding="utf-8")
    result = load_stand(stand, decoder=qt_decode)
    assert not result.ok
    assert not memo.remember(result)
    assert memo.recall(stand) is None


class Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch planted-ran",))


@pytest.mark.parametrize("content", ["planted", "garbage", "other-format"])
def test_a_planted_or_damaged_memo_costs_a_validation_and_runs_nothing(
    memo: StandMemo, stand: Path, content: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    remembered(memo, stand)
    if content == "planted":
        data = pickle.dumps({"format": FORMAT, "entries": {str(stand.resolve()): Planted()}})
    elif content == "garbage":
        data = memo.file.read_bytes()[:-40] + b"\x00" * 40
    else:
        data = pickle.dumps({"format": 99, "entries": {}})
    memo.file.write_bytes(data)
    assert memo.recall(stand) is None
    assert not (tmp_path / "planted-ran").exists()
    remembered(memo, stand)  # and the memo is written afresh
    assert memo.recall(stand) is not None


def test_only_the_last_few_stands_are_kept(memo: StandMemo, tmp_path: Path) -> None:
    from kiosk.content import memo as memo_module

    stands = [copy_sample(tmp_path / f"stand-{n}") for n in range(memo_module.KEEP + 1)]
    for folder in stands:
        remembered(memo, folder)
    assert memo.recall(stands[0]) is None
    assert memo.recall(stands[-1]) is not None


def test_kiosk_run_never_imports_the_parser_the_checks_or_pydantic(
    stand: Path, tmp_path: Path
) -> None:
    """On an unchanged stand it takes the memo; on a changed one a child process checks it
    and fills the memo (kiosk.cli.startup.StandCheck)."""
    script = (
        "import logging, sys; from pathlib import Path\n"
        "logging.basicConfig(level=logging.INFO)\n"
        "from kiosk.cli.startup import load_to_show\n"
        "import kiosk.ui.app\n"
        "from kiosk.venue.settings import load_settings\n"
        "load_settings(Path(sys.argv[1]) / 'no-settings.yaml')\n"
        "result = load_to_show(Path(sys.argv[1]))\n"
        "assert result.ok, result.problems\n"
        "print(sorted(m for m in ('yaml', 'pycountry', 'kiosk.content.load', 'pydantic', '_hashlib')"
        " if m in sys.modules))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [
        subprocess.run([sys.executable, "-c", script, str(stand)], capture_output=True, text=True,
                       env=env, timeout=120, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout.strip() == "[]", runs[0].stderr
    assert "checking it (process" in runs[0].stderr
    assert runs[1].stdout.strip() == "[]", runs[1].stderr
    assert "unchanged since it was validated" in runs[1].stderr
    # a broken change after that is caught at the next start, not shown
    path = stand / "stand.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8"), "format: 1", "format: 2"),
                    encoding="utf-8")
    third = subprocess.run([sys.executable, "-c", script, str(stand)], capture_output=True,
                           text=True, env=env, timeout=120)
    assert third.returncode != 0 and "AssertionError" in third.stderr
    assert "unsupported format version 2" in third.stderr  # the child's report, FILE:LINE kept


def test_a_stand_that_fails_its_check_apart_brings_back_every_problem(stand: Path) -> None:
    from kiosk.cli.startup import load_to_show

    path = stand / "stand.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8"), "format: 1", "format: 2"),
                    encoding="utf-8")
    shown = load_to_show(stand)
    assert not shown.ok and shown.stand is None
    assert shown.problems == load_stand(stand, decoder=qt_decode).problems


def test_a_check_that_crashes_is_a_stand_not_shown(
    stand: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A decoder that crashes the checking process (simulated: it dies of SIGSEGV) costs
    the kiosk nothing but that stand."""
    from kiosk.cli.startup import load_to_show

    crashing = tmp_path / "python"
    crashing.write_text("#!/bin/sh\nkill -SEGV $$\n", encoding="utf-8")
    crashing.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(crashing))
    shown = load_to_show(stand)
    assert not shown.ok and shown.stand is None
    (problem,) = shown.problems
    assert problem.file == stand / "stand.yaml" and problem.is_error
    assert "stopped (signal 11)" in problem.message


def test_the_default_settings_are_those_validation_gives(tmp_path: Path) -> None:
    # the plain Settings' defaults are those of the pydantic check of a file's values
    assert load_settings(tmp_path / "none.yaml").settings == Settings.model_validate({})


def test_a_recalled_stand_is_read_only_and_copies_as_the_model_does(memo: StandMemo, stand: Path) -> None:
    validated = load_stand(stand, decoder=qt_decode)
    assert validated.stand is not None and memo.remember(validated)
    recalled = StandMemo(memo.file).recall(stand)
    assert recalled is not None and recalled.stand is not None
    record = recalled.stand
    with pytest.raises(AttributeError):
        record.id = "other"  # type: ignore[misc]
    order = tuple(reversed(validated.stand.languages))
    copied = record.model_copy(update={"languages": order})
    assert copied.languages == order and record.languages == validated.stand.languages
    assert copied == validated.stand.model_copy(update={"languages": order})
    assert hash(copied) == hash(validated.stand.model_copy(update={"languages": order}))


def test_the_model_needs_no_pydantic_until_a_stand_is_validated() -> None:
    script = (
        "import sys\n"
        "from kiosk.content import memo, model\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')]\n"
        "from kiosk.content import load_stand\n"
        "from kiosk.paths import SAMPLE_STAND\n"
        "assert load_stand(SAMPLE_STAND).ok\n"
        "print('pydantic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


def test_kiosk_run_reads_an_unchanged_settings_file_as_checked_last_time(tmp_path: Path) -> None:
    config = tmp_path / "settings.yaml"
    config.write_text("idle_timeout_s: 120\nlanguage_order: [az, en]\nscreen: -1\n"
                      "opening_hours:\n  daily: \"09:00-18:00\"\n", encoding="utf-8")
    script = (
        "import sys; from pathlib import Path\n"
        "from kiosk.cli.startup import settings_to_run\n"
        "loaded = settings_to_run(Path(sys.argv[1]))\n"
        "print(repr(loaded.settings)); print([p.format() for p in loaded.problems])\n"
        "print('pydantic' in sys.modules)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def run() -> list[str]:
        done = subprocess.run([sys.executable, "-c", script, str(config)], capture_output=True,
                              text=True, env=env, timeout=120, check=True)
        return done.stdout.splitlines()

    first, second = run(), run()
    expected = load_settings(config)
    assert first[0] == second[0] == repr(expected.settings)
    assert first[1] == second[1] == str([p.format() for p in expected.problems])
    assert "screen" in first[1]  # the bad value is still reported at every start
    assert (first[2], second[2]) == ("True", "False")
    # a change to the file is checked again
    config.write_text("idle_timeout_s: 30\n", encoding="utf-8")
    third = run()
    assert third[0] == repr(load_settings(config).settings) and third[2] == "True"


def test_a_stand_kiosk_validate_passed_is_shown_without_checking_it_again(
    stand: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.cli.commands import main
    from kiosk.cli.startup import load_to_show
    from kiosk.content.memo import default_memo_file

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert main(["validate", str(stand)]) == 0
    assert StandMemo(default_memo_file()).recall(stand) is not None
    assert load_to_show(stand).ok
    # a stand that fails is not remembered
    broken = copy_sample(tmp_path / "broken")
    path = broken / "stand.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8"), "format: 1", "format: 2"),
                    encoding="utf-8")
    assert main(["validate", str(broken)]) == 1
    assert StandMemo(default_memo_file()).recall(broken) is None


def test_a_picture_damaged_in_place_is_not_passed_on_the_memory_of_its_old_bytes(
    stand: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the memo saw the change (the change time) and asked for a check, but the check took
    # the picture's "decodes fine" from the decode cache, keyed without the change time: the
    # kiosk showed a picture no check had passed (found by the attacker review)
    from kiosk.cli.startup import load_to_show

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert load_to_show(stand).ok  # every picture decoded, and remembered as decodable
    damaged_in_place(stand / "media" / "rings.png")
    checked = load_to_show(stand)
    assert not checked.ok
    assert [problem.message for problem in checked.errors] == [
        "image 'media/rings.png' cannot be decoded: Unable to read image data"]


def test_a_check_that_fails_unexpectedly_says_so_by_its_exit_code(
    stand: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import commands as cli
    from kiosk.cli import startup

    def broken(folder: Path) -> None:
        raise RuntimeError("a bug in the check")

    monkeypatch.setattr(startup, "check_to_show", broken)
    assert cli.main([cli.CHECK_APART, str(stand)]) == cli.EXIT_FAILURE
    assert capsys.readouterr().out == ""  # no report the kiosk could mistake for problems


def test_the_stamp_names_the_version_given(memo: StandMemo, stand: Path) -> None:
    """The fingerprint of the files of the version recall or last_good gives: the key of the
    kept start picture (a changed stand.yaml shows its last good version, and so its stamp)."""
    from kiosk.content.memo import fingerprint

    remembered(memo, stand)
    then = fingerprint(stand)
    reader = StandMemo(memo.file)
    assert reader.stamp is None
    assert reader.recall(stand) is not None and reader.stamp == then
    with (stand / "stand.yaml").open("a", encoding="utf-8") as out:
        out.write("# changed\n")
    later = StandMemo(memo.file)
    assert later.recall(stand) is None and later.stamp is None
    assert later.last_good(stand) is not None
    assert later.stamp == then != fingerprint(stand)

"""`kiosk validate --format text|json|github` and `kiosk validate --watch`."""

from __future__ import annotations

import io
import json
import re
import threading
import time
from pathlib import Path

import pytest

from kiosk.authoring.report import fingerprint, github_annotation, render, watch
from kiosk.cli import main
from kiosk.content import Problem, Severity, load_stand
from tests.stands import MINIMAL, edit, line_of, write_stand

BROKEN = edit(MINIMAL, "    title: Story", "    title: Story\n    tilte: x")


def test_github_format_annotates_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_stand(tmp_path / "stand", BROKEN)
    monkeypatch.chdir(tmp_path)  # the checkout: paths are relative to it
    assert main(["validate", "--format", "github", str(folder)]) == 1
    out = capsys.readouterr().out.splitlines()
    line = line_of(BROKEN, "tilte")
    assert out == [f"::error file=stand/stand.yaml,line={line},col=5,title=kiosk validate"
                   f"::unknown field 'tilte' (did you mean 'title'?)"]


def test_github_annotation_escapes_what_would_end_it() -> None:
    problem = Problem(Path("a,b:c/stand.yaml"), 3, 7, Severity.WARNING,
                      "50% of it\nis: here", "fix, then go")
    assert github_annotation(problem) == (
        "::warning file=a%2Cb%3Ac/stand.yaml,line=3,col=7,title=kiosk validate"
        "::50%25 of it\\x0ais: here (fix, then go)")  # `printable` escaped the newline
    no_line = Problem(Path("s/stand.yaml"), 0, 0, Severity.ERROR, "the stand has no stand.yaml")
    assert github_annotation(no_line).startswith("::error file=s/stand.yaml,title=")


def test_problem_newlines_cannot_inject_a_command() -> None:
    problem = Problem(Path("s.yaml"), 1, 1, Severity.ERROR, "x", "")
    object.__setattr__(problem, "message", "x\n::error::forged")  # past `printable`
    assert "\n" not in github_annotation(problem)
    assert "%0A::error::forged" in github_annotation(problem)


@pytest.mark.parametrize("args", [["--json"], ["--format", "json"]])
def test_json_format_and_its_alias(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   args: list[str]) -> None:
    folder = write_stand(tmp_path, BROKEN)
    assert main(["validate", *args, str(folder)]) == 1
    reported = json.loads(capsys.readouterr().out)
    assert [(p["line"], p["severity"], p["message"]) for p in reported] == [
        (line_of(BROKEN, "tilte"), "error", "unknown field 'tilte'")]


def test_text_format_is_the_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_stand(tmp_path, BROKEN)
    assert main(["validate", "--format", "text", str(folder)]) == 1
    text = capsys.readouterr()
    assert main(["validate", str(folder)]) == 1
    assert capsys.readouterr() == text
    assert f"stand.yaml:{line_of(BROKEN, 'tilte')}:5: error: unknown field 'tilte'" in text.out
    assert "NOT valid (1 error, 0 warnings)" in text.err


def test_render_every_format() -> None:
    problems = load_stand_problems()
    assert render(problems, "text").count("\n") == len(problems)
    assert len(json.loads(render(problems, "json"))) == len(problems)
    assert render((), "github") == "" and render((), "json") == "[]\n"
    with pytest.raises(ValueError):
        render(problems, "xml")


def load_stand_problems() -> tuple[Problem, ...]:
    problem = Problem(Path("s/stand.yaml"), 2, 1, Severity.ERROR, "m", "h")
    return (problem, problem)


def test_watch_validates_again_after_each_change(tmp_path: Path) -> None:
    folder = write_stand(tmp_path, MINIMAL)
    out = io.StringIO()
    stop = threading.Event()
    results: list[int] = []

    def check() -> int:
        problems = load_stand(folder).problems
        print(f"{len(problems)} problems", file=out)
        results.append(len(problems))
        return 1 if problems else 0

    thread = threading.Thread(target=watch, args=(folder, check),
                              kwargs={"interval": 0.02, "stream": out, "stop": stop.is_set})
    thread.start()
    try:
        _wait(lambda: results == [0])
        (folder / "stand.yaml").write_text(BROKEN, encoding="utf-8")
        _wait(lambda: results == [0, 1])
        (folder / "stand.yaml").write_text(MINIMAL, encoding="utf-8")
        _wait(lambda: results == [0, 1, 0])
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()
    text = out.getvalue()
    assert len(re.findall(r"^──────── \d\d:\d\d:\d\d ────────$", text, re.M)) == 3  # one a run
    assert "Ctrl-C to stop" in text


def _wait(condition: object, timeout: float = 5.0) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_ctrl_c_ends_watching_with_success(tmp_path: Path) -> None:
    folder = write_stand(tmp_path, BROKEN)

    def interrupted() -> int:
        raise KeyboardInterrupt

    assert watch(folder, interrupted, interval=0.01, stream=io.StringIO()) == 0


def test_kiosk_validate_watch_exits_0_on_ctrl_c(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_stand(tmp_path, BROKEN)
    import kiosk.authoring.report as report

    def sleep(_: float) -> None:
        raise KeyboardInterrupt  # Ctrl-C while waiting for a change

    monkeypatch.setattr(report.time, "sleep", sleep)
    assert main(["validate", "--watch", "--format", "github", str(folder)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("::error file=")
    assert "────────" in captured.err


def test_fingerprint_sees_added_and_changed_files(tmp_path: Path) -> None:
    folder = write_stand(tmp_path, MINIMAL)
    before = fingerprint(folder)
    (folder / "media").mkdir()
    (folder / "media" / "a.png").write_bytes(b"x")
    assert fingerprint(folder) != before

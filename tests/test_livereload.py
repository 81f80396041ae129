"""Live reload order: the screen only changes to the stand as it is on disk now, and only when
that is valid; the log names what is shown. The watcher's work runs on its worker thread and
its results reach the UI thread by signal (a timer is never started from the worker).

The stand's files are a stand-in here: `stand.yaml` holds a title, or BROKEN; the load function
gives the sample stand with that title (or an error), so the order is tested, not validation.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk.content import LoadResult
from kiosk.content.model import Text
from kiosk.content.problems import Problem, Severity
from kiosk.ui.app import Kiosk
from kiosk.ui.runtime import Runtime
from kiosk.venue.settings import Settings


@dataclass(repr=False)
class Stand:
    folder: Path
    base: LoadResult
    gate: threading.Event  # cleared: the next validation waits for it
    threads: list[str]

    def write(self, title: str) -> None:
        (self.folder / "stand.yaml").write_text(f"title: {title}\n", encoding="utf-8")

    def load(self, folder: Path) -> LoadResult:
        self.threads.append(threading.current_thread().name)
        self.gate.wait(10)
        text = (folder / "stand.yaml").read_text(encoding="utf-8").removeprefix("title: ").strip()
        if text == "BROKEN":
            problem = Problem(folder / "stand.yaml", 1, 8, Severity.ERROR, "a broken edit")
            return LoadResult(folder, None, (problem,))
        assert self.base.stand is not None
        stand = self.base.stand.model_copy(update={"title": Text.same(text)})
        return LoadResult(folder, stand, ())


@dataclass(repr=False)
class Live:
    kiosk: Kiosk
    runtime: Runtime
    stand: Stand

    @property
    def title(self) -> str:
        return str(self.kiosk.controller.title)

    def browse(self) -> None:
        self.kiosk.controller.activity()
        assert self.kiosk.controller.phase == "browsing"

    def idle(self) -> None:
        self.kiosk.controller.resetToAttract()


@pytest.fixture
def live(qapp: Any, sample_result: LoadResult, tmp_path: Path,
         caplog: pytest.LogCaptureFixture) -> Iterator[Live]:
    caplog.set_level(logging.INFO)
    folder = tmp_path / "stand"
    shutil.copytree(sample_result.folder / "media", folder / "media")
    gate = threading.Event()
    gate.set()
    stand = Stand(folder, sample_result, gate, [])
    stand.write("Shown at start")
    assert sample_result.stand is not None
    kiosk = Kiosk(stand.load(folder), idle_timeout=60)
    stand.threads.clear()
    runtime = Runtime(kiosk.controller, settings=Settings(), locate=lambda: folder,
                      load=stand.load, parent=kiosk.engine)
    assert runtime.watcher is not None
    runtime.watcher._debounce.setInterval(50)  # file events: checked 50 ms later, not 1.5 s
    yield Live(kiosk, runtime, stand)
    gate.set()
    runtime.close()
    kiosk.engine.deleteLater()


def checked(live: Live, qtbot: Any) -> None:
    """Ask for a check now (as the debounce or SIGHUP would) and wait until it is done."""
    assert live.runtime.watcher is not None
    with qtbot.waitSignal(live.runtime.watcher.validated, timeout=10_000):
        live.runtime.watcher.check()
    qtbot.waitUntil(lambda: live.runtime.watcher is not None and live.runtime.watcher.is_settled)


def test_a_valid_edit_then_a_broken_one_shows_neither(
    live: Live, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    live.browse()
    live.stand.write("Edit one")
    checked(live, qtbot)
    assert live.runtime.pending is not None  # waiting: a visitor is there
    live.stand.write("BROKEN")
    checked(live, qtbot)
    assert live.runtime.pending is None
    live.idle()
    assert live.title == "Shown at start", "the valid edit is no longer on disk: not shown"
    rejected = [r.getMessage() for r in caplog.records if "not valid" in r.getMessage()]
    assert len(rejected) == 1
    assert "keeps showing stand khojaly-31 (the version shown at start)" in rejected[0]
    assert "is dropped: it is no longer what is on disk" in rejected[0]
    assert not any("now showing" in r.getMessage() for r in caplog.records)


def test_a_broken_edit_then_its_fix_shows_the_fix(
    live: Live, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    live.stand.write("BROKEN")
    checked(live, qtbot)
    assert live.title == "Shown at start"
    assert live.runtime.last_rejected is not None
    live.stand.write("Fixed")
    checked(live, qtbot)
    assert live.title == "Fixed"  # nobody there: shown at once
    assert live.runtime.last_rejected is None
    shown = [r.getMessage() for r in caplog.records if "now showing" in r.getMessage()]
    assert len(shown) == 1 and "the files as of" in shown[0]
    assert live.runtime.shown_label in shown[0]  # the log and the status line agree
    assert live.runtime.shown_label in live.runtime.status_line()


def test_rapid_edits_during_a_check_end_on_the_last_one(
    live: Live, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """The repeated-change path: checks asked for while one runs are folded into one more,
    started from the UI thread after the first result arrived there."""
    watcher = live.runtime.watcher
    assert watcher is not None
    received_on: list[bool] = []
    watcher.validated.connect(
        lambda _c: received_on.append(threading.current_thread() is threading.main_thread()))
    live.browse()
    live.stand.gate.clear()  # the first check blocks in validation
    live.stand.write("Edit one")
    watcher.check()
    qtbot.waitUntil(lambda: len(live.stand.threads) == 1)
    for n in (2, 3, 4):  # rapid edits while it runs
        live.stand.write(f"Edit {n}")
        watcher.check()
    assert not watcher.is_settled
    live.idle()  # an idle moment while changes are still being checked: nothing shown yet
    assert live.title == "Shown at start"
    live.stand.gate.set()
    qtbot.waitUntil(lambda: live.title == "Edit 4", timeout=10_000)
    assert len(live.stand.threads) == 2, "the three checks asked for while busy ran as one"
    assert all(name.startswith("validate") for name in live.stand.threads)
    assert received_on == [True, True]
    shown = [r.getMessage() for r in caplog.records if "now showing" in r.getMessage()]
    assert len(shown) == 1, "only the last version reached the screen"
    assert any("will not be shown" in r.getMessage() for r in caplog.records)


def test_the_status_line_names_the_waiting_change(
    live: Live, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    live.browse()
    live.stand.write("Edit one")
    checked(live, qtbot)
    live.runtime.report_status()
    line = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("status:"))
    assert "showing stand khojaly-31 (the version shown at start)" in line
    assert "visitor: browsing" in line and "waiting for the idle moment" in line
    live.idle()
    assert live.title == "Edit one"


# --- the rule as a property: random edits, checks, visits and idle moments ----------------------

Step = tuple[str, str]
TITLES = st.sampled_from(["Alpha", "Beta", "BROKEN"])
STEPS = st.one_of(
    st.tuples(st.just("save"), TITLES),  # an edit, and its check (the usual case)
    st.tuples(st.just("edit"), TITLES),  # an edit not checked yet
    st.tuples(st.just("check"), st.just("")),
    st.tuples(st.just("visitor"), st.just("")),
    st.tuples(st.just("idle"), st.just("")),
)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEPS, min_size=1, max_size=12))
@example(steps=[("visitor", ""), ("save", "Alpha"), ("save", "BROKEN"), ("idle", "")])
@example(steps=[("save", "BROKEN"), ("visitor", ""), ("save", "Beta"), ("idle", "")])
def test_the_screen_follows_the_rule_whatever_the_order(live: Live, qtbot: Any,
                                                        steps: list[Step]) -> None:
    """A model of the rule, checked after every step: a check of a valid folder makes it the
    waiting version (replacing any other), of a broken one drops what waits; an idle moment
    shows what waits. File events are off here, so checks happen only when the steps say."""
    watcher = live.runtime.watcher
    assert watcher is not None
    watcher._fs.blockSignals(True)
    watcher._poll.stop()
    if live.kiosk.controller.phase != "attract":
        live.idle()
    # start each example from a settled state: the files on disk are the ones shown
    live.stand.write(live.title)
    checked(live, qtbot)
    assert live.runtime.pending is None
    disk, shown, waiting = live.title, live.title, None
    shown_is_disk, waiting_is_disk = True, False  # no edit since they were checked
    for kind, title in steps:
        if kind in ("edit", "save"):
            live.stand.write(title)
            disk = title
            shown_is_disk = waiting_is_disk = False
        if kind in ("check", "save"):
            live.runtime.reload()  # as SIGHUP or the staff menu does: checked even if unchanged
            qtbot.waitUntil(lambda: watcher.is_settled and watcher.current != "", timeout=5000)
            if disk == "BROKEN" or shown_is_disk:
                waiting = None  # broken: nothing; unchanged since shown: nothing to replace
            else:
                waiting, waiting_is_disk = disk, True
        if kind == "visitor":
            live.kiosk.controller.activity()
        elif kind == "idle":
            live.idle()
        if live.kiosk.controller.phase == "attract" and waiting is not None:
            shown, waiting, shown_is_disk = waiting, None, waiting_is_disk
        assert live.title == shown, (kind, title)
        assert pending_title(live) == waiting, (kind, title)


def pending_title(live: Live) -> str | None:
    pending = live.runtime.pending
    if pending is None or pending.result.stand is None:
        return None
    return pending.result.stand.title.get_text("en", "en")


def test_a_stand_yaml_deleted_and_put_back_is_watched_again(live: Live, qtbot: Any) -> None:
    # its file watch goes with the deleted file: later edits in place were seen by the
    # 10 s poll only, not by a file event
    watcher = live.runtime.watcher
    assert watcher is not None
    yaml_file = live.stand.folder / "stand.yaml"
    aside = live.stand.folder.parent / "stand.yaml.aside"
    yaml_file.rename(aside)  # moved away and back: the same file, nothing new to show
    qtbot.waitUntil(lambda: str(yaml_file) not in watcher._fs.files(), timeout=5000)
    aside.rename(yaml_file)
    qtbot.wait(200)
    watcher.check()  # the check after it comes back (a file event or the poll)
    qtbot.waitUntil(lambda: watcher.is_settled, timeout=5000)
    assert str(yaml_file) in watcher._fs.files()
    # an edit in place: seen by a file event (the 10 s poll is far off)
    with qtbot.waitSignal(watcher.validated, timeout=5000), yaml_file.open("r+b") as handle:
        handle.write(b"title: Edited in place\n")
        handle.truncate()

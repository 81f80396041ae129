"""The remarks panel's pager (arrows and one dot per remark): only where there is more than
one remark to move between. A single remark showed two arrows that did nothing and one dot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.content import load_stand
from tests.stands import FULL, full_media, write_stand
from tests.uidriver import find, running_kiosk, settle, visible


def _remarks_pager(result: Any) -> tuple[int, bool]:
    with running_kiosk(result, animations=False) as kiosk:
        kinds = [panel.kind for panel in result.stand.panels]
        kiosk.controller.activity()
        kiosk.controller.goTo(kinds.index("remarks"))
        settle(300)
        remarks = find(kiosk.window, "remarks")
        return remarks.property("count"), visible(find(kiosk.window, "position"))


def test_one_remark_has_no_pager(qapp: object, tmp_path: Path) -> None:
    assert _remarks_pager(load_stand(write_stand(tmp_path, FULL, full_media()))) == (1, False)


def test_several_remarks_have_their_pager(qapp: object, sample_stand: Path) -> None:
    count, shown = _remarks_pager(load_stand(sample_stand))
    assert count > 1 and shown

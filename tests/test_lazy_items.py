"""What visitors rarely or never see is made when it is needed, not held all day (issue 15,
memory): a sensitive notice only over what is sensitive, the focus ring only around what has
the focus, the staff menu only while staff use it, the picture viewer at its first use. The
sample stand's screens held 953 items before (with the panels built ahead), 468 after, and
the C heap 5 MB less (docs/benchmarks.md, "A fifth look")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Q_ARG, QMetaObject

from kiosk.content import load_stand
from tests.uidriver import find, find_all, items, running_kiosk, settle

ITEMS_BUDGET = 600
"""The sample stand's items after the panels are built ahead: 468 on 2026-12-04. A change
that makes far more (a part of every item, made whether shown or not) should be a choice."""


def _delegate(item: Any) -> Any:
    """The section, figure, group or remark `item` belongs to."""
    while item is not None and item.objectName().split("-")[0] not in (
            "section", "figure", "group", "remark"):
        item = item.parentItem()
    return item


def test_only_sensitive_items_have_a_notice(qapp: object, sample_stand: Path) -> None:
    with running_kiosk(load_stand(sample_stand), animations=False) as kiosk:
        kiosk.controller.activity()
        settle(300)
        notices = find_all(kiosk.window, "sensitiveNotice")
        owners = [_delegate(notice) for notice in notices]
        built = [item for item in items(kiosk.window) if item.objectName().startswith(
            ("section-", "figure-", "remark-", "group-")) and _delegate(item) is item]
        assert notices and len(built) > 2 * len(notices)  # (most items are not sensitive)
        assert all(owner is not None and owner.property("sensitive") for owner in owners)


def test_a_picture_under_a_notice_is_not_decoded_until_shown(qapp: object,
                                                             sample_stand: Path) -> None:
    """The sample's "Extreme cruelty" section: its picture is asked for only after Show."""
    with running_kiosk(load_stand(sample_stand), animations=False) as kiosk:
        kiosk.controller.activity()
        settle(300)
        covered = next(section for section in find_all(kiosk.window, "sectionFigure")
                       if _delegate(section).property("sensitive"))
        section = _delegate(covered)
        picture = next(child for child in covered.childItems()
                       if child.metaObject().className().startswith("QQuickImage"))
        assert section.property("image") != ""
        assert picture.property("source").toString() == ""
        section.setProperty("revealed", True)
        settle(100)
        assert picture.property("source").toString().endswith(
            section.property("image").rsplit("/", 1)[-1])


def test_the_viewer_is_made_at_its_first_use(qapp: object, sample_stand: Path) -> None:
    with running_kiosk(load_stand(sample_stand), animations=False) as kiosk:
        kiosk.controller.activity()
        settle(300)
        assert find_all(kiosk.window, "viewerImage") == []
        viewer = find(kiosk.window, "imageViewer")
        image = next(section.property("image") for section in find_all(kiosk.window, "section-0"))
        QMetaObject.invokeMethod(viewer, "show", Q_ARG("QVariant", image),
                                 Q_ARG("QVariant", "A caption"), Q_ARG("QVariant", "A credit"))
        settle(100)
        (picture,) = find_all(kiosk.window, "viewerImage")
        assert viewer.property("open") and picture.property("source").toString() == image


def test_the_screens_hold_no_more_items_than_they_need(qapp: object, sample_stand: Path
                                                        ) -> None:
    with running_kiosk(load_stand(sample_stand), animations=False) as kiosk:
        kiosk.controller.activity()
        settle(300)
        count = len(items(kiosk.window))
        assert find_all(kiosk.window, "pinPad") == [] and find_all(kiosk.window, "staffPage") == []
    assert count <= ITEMS_BUDGET, count

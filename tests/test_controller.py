"""The view model renders a panel's rows when a view first asks for them, and keeps them in
the visitor's language from then on."""

from __future__ import annotations

from typing import Any

from kiosk.content import LoadResult


def _controller(qapp: Any, sample_result: LoadResult) -> Any:
    from kiosk.ui.controller import KioskController

    assert sample_result.stand is not None
    return KioskController(sample_result.stand, sample_result.folder, 60)


def test_rows_are_rendered_when_a_view_asks_for_them(qapp: Any, sample_result: LoadResult) -> None:
    controller = _controller(qapp, sample_result)
    assert controller.panels.rowCount() == len(sample_result.stand.panels)  # titles at once
    assert all(model.rowCount() == 0 for model in controller._contents)
    first = controller.panelContent(0)
    assert first.rowCount() > 0
    assert all(model.rowCount() == 0 for model in controller._contents[1:])
    assert controller.panelContent(len(controller._contents)) is None


def test_a_panel_shown_follows_the_language_and_the_others_wait(
    qapp: Any, sample_result: LoadResult
) -> None:
    controller = _controller(qapp, sample_result)
    stand = sample_result.stand
    assert stand is not None and len(stand.languages) > 1
    shown = controller.panelContent(0)
    before = [shown.row(i) for i in range(shown.rowCount())]
    controller.setLanguage(stand.languages[1])
    after = [shown.row(i) for i in range(shown.rowCount())]
    assert after != before
    assert controller._contents[1].rowCount() == 0
    later = controller.panelContent(1)
    from kiosk.ui.formats import LocaleFormats
    from kiosk.visit.present import Presenter

    language = stand.languages[1]
    expected = Presenter(stand, sample_result.folder, language, LocaleFormats(language)).rows(1)
    assert [later.row(i) for i in range(later.rowCount())] == expected

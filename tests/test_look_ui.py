"""A stand's own look on screen: its accent in the pixels, its logo, its notices, its labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtQuick import QQuickItem

from kiosk.content import LoadResult, load_stand
from tests.stands import LOGO_RGB, LOOK_ACCENT, write_look_stand
from tests.uidriver import find, running_kiosk, settle, shown, tap, tap_item


def _look_result(tmp_path: Path) -> LoadResult:
    result = load_stand(write_look_stand(tmp_path / "lighthouse"))
    assert result.ok and result.problems == (), [p.format() for p in result.problems]
    return result


def _share(grab: QImage, item: QQuickItem, rgb: tuple[int, int, int]) -> float:
    """The share of a grid of points over `item` whose pixel is `rgb` (within 2 levels)."""
    top_left = item.mapToScene(item.boundingRect().topLeft())
    colour = QColor(*rgb)
    points = [(top_left.x() + item.width() * (i + 0.5) / 12,
               top_left.y() + item.height() * (j + 0.5) / 6)
              for i in range(12) for j in range(6)]
    close = 0
    for x, y in points:
        seen = grab.pixelColor(int(x), int(y))
        close += all(abs(a - b) <= 2 for a, b in ((seen.red(), colour.red()),
                     (seen.green(), colour.green()), (seen.blue(), colour.blue())))
    return close / len(points)


@pytest.fixture
def look_kiosk(qapp: object, tmp_path: Path) -> Any:
    with running_kiosk(_look_result(tmp_path), animations=False) as kiosk:
        settle(200)
        yield kiosk


def test_the_stand_accent_fills_the_prompt_and_the_logo_shows(look_kiosk: Any) -> None:
    window = look_kiosk.window
    grab = window.grabWindow()
    prompt = find(window, "prompt")
    assert _share(grab, prompt, LOOK_ACCENT) > 0.3  # the fill, around the words
    assert _share(grab, prompt, (0x8E, 0x1B, 0x2B)) == 0  # not the kiosk's own crimson
    logo = find(window, "attractLogo")
    assert shown(logo) and logo.height() <= 0.15 * window.height()  # modest
    assert _share(grab, logo, LOGO_RGB) > 0.9
    # overlay none: the picture as it is, no tone, no drifting glow
    assert not find(window, "attractOverlay").isVisible()
    assert not find(window, "glow").isVisible()


def test_the_accent_marks_the_chosen_language_and_high_contrast_wins(look_kiosk: Any) -> None:
    window = look_kiosk.window
    tap(window, window.contentItem().boundingRect().center().toPoint())
    settle(200)
    chosen = find(window, "language-en")
    assert _share(window.grabWindow(), chosen, LOOK_ACCENT) > 0.3
    assert shown(find(window, "barLogo"))
    tap_item(window, "toggle-highContrast")
    settle(100)
    assert _share(window.grabWindow(), chosen, LOOK_ACCENT) == 0


def test_notices_and_labels_in_the_visitors_language(look_kiosk: Any) -> None:
    window = look_kiosk.window
    look_kiosk.controller.activity()  # a visit starts (a tap could land on a Show button)
    look_kiosk.controller.setLanguage("fr")
    settle(300)
    notices = [item.property("content") for item in _all(window, "sensitiveNotice")]
    assert "Suivent des photographies de l'équipage noyé." in notices
    assert "Ce qui suit relate un naufrage qui a coûté des vies." in notices
    buttons = [item for item in _all(window, "reveal")]
    assert buttons and all(b.property("text") == "Afficher" for b in buttons)
    look_kiosk.controller.setLanguage("ar")
    settle(100)
    assert "تليها صور لطاقم السفينة الغرقى." in [
        item.property("content") for item in _all(window, "sensitiveNotice")]


def test_the_kiosks_own_notice_is_in_the_visitors_language(qapp: object, tmp_path: Path) -> None:
    from tests.stands import LOOK_STAND

    text = LOOK_STAND.replace("sensitive_notice:", "credit_line:", 1)
    text = "\n".join(line for line in text.splitlines()
                     if not line.startswith(("credit_line:", '  en: "The', '  fr: "Ce', '  ar: "يروي')))
    result = load_stand(write_look_stand(tmp_path / "plain", text + "\n"))
    assert result.ok, [p.format() for p in result.problems]
    with running_kiosk(result, animations=False) as kiosk:
        kiosk.controller.activity()
        kiosk.controller.setLanguage("fr")
        settle(300)
        notices = [item.property("content") for item in _all(kiosk.window, "sensitiveNotice")]
        assert ("Le contenu qui suit peut heurter la sensibilité de certains visiteurs."
                in notices)


def test_language_buttons_show_each_languages_own_name(look_kiosk: Any) -> None:
    names = [row["name"] for row in look_kiosk.controller.languages]
    assert names == ["English", "Français", "العربية"]


def test_language_names_never_borrow_another_variant() -> None:
    from kiosk.ui.controller import language_name

    assert language_name("EN") == "English"  # not "American English"
    assert language_name("pt-BR") == "Português"
    assert language_name("sw") == "Kiswahili"
    assert language_name("tlh") == "tlh"


def test_a_language_name_no_font_draws_is_its_code(qapp: object,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A language button of empty boxes names nothing (हिन्दी where no font is for
    Devanagari): the code in capitals instead. Names the fonts draw are shown as before."""
    from PySide6.QtGui import QFontDatabase

    from kiosk.ui import controller

    assert controller.drawable("Ελληνικά") and controller.drawable("עברית")
    assert controller.language_name("el") == "Ελληνικά"
    hindi = "\u0939\u093f\u0928\u094d\u0926\u0940"
    devanagari = QFontDatabase.WritingSystem.Devanagari in QFontDatabase.writingSystems()
    assert controller.drawable(hindi) == devanagari
    monkeypatch.setattr(controller, "_endonym", lambda code: hindi)
    assert controller.language_name("hi") == (hindi if devanagari else "HI")
    # a machine with fonts for no script at all: every name is its code
    monkeypatch.setattr(QFontDatabase, "writingSystems", lambda *args: [])
    monkeypatch.setattr(controller, "_endonym", lambda code: "Ελληνικά")
    assert controller.language_name("el") == "EL"


def _all(window: Any, name: str) -> list[QQuickItem]:
    from tests.uidriver import find_all

    return [item for item in find_all(window, name) if shown(item)]



def test_labels_the_stand_gives_are_on_screen(qapp: object, tmp_path: Path) -> None:
    from tests.stands import LOOK_STAND

    text = LOOK_STAND + "labels:\n  fr: {show_content: Voir}\n  en: {continue: Touch to explore}\n"
    result = load_stand(write_look_stand(tmp_path / "labelled", text))
    assert result.ok, [p.format() for p in result.problems]
    with running_kiosk(result, animations=False) as kiosk:
        assert kiosk.controller.prompts[0] == "Touch to explore"
        assert "Continuer" in kiosk.controller.prompts  # French: the kiosk's own
        kiosk.controller.activity()
        kiosk.controller.setLanguage("fr")
        settle(300)
        buttons = _all(kiosk.window, "reveal")
        assert buttons and all(b.property("text") == "Voir" for b in buttons)


@pytest.mark.parametrize("mode", ["dark", "light", "highContrast"])
def test_a_stands_accent_keeps_text_readable_in_every_mode(look_kiosk: Any, mode: str) -> None:
    from kiosk.content.colours import contrast

    theme = look_kiosk.engine.singletonInstance("Kiosk", "Theme")
    theme.setProperty("light", mode == "light")
    theme.setProperty("highContrast", mode == "highContrast")
    colour = lambda name: QColor(theme.property(name)).name()  # noqa: E731
    for background in ("bg", "surface", "surfaceRaised"):
        assert contrast(colour("accentText"), colour(background)) >= 4.5, (mode, background)
    assert contrast(colour("textOnAccent"), colour("accent")) >= 4.5, mode
    if mode == "highContrast":
        assert colour("accentText") == "#ffd84d"  # high contrast wins over the stand
    else:
        assert colour("accent") == "#1d5c7a"

"""A stand's own look and words, Qt-free: contrast, language tags, labels, notices."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.content import LoadResult, Severity, colours, langtags, load_stand
from kiosk.content.plain import is_rtl
from kiosk.content.strings import LABEL_KEYS, LANGUAGE_NAMES, STRINGS, built_in, strings_for
from kiosk.visit.present import PlainFormats, Presenter
from tests.stands import LOOK_STAND, MINIMAL, at, check, edit, only, png, write_stand

ERROR, WARNING = Severity.ERROR, Severity.WARNING
Load = Callable[..., LoadResult]


@pytest.fixture
def load(tmp_path: Path) -> Load:
    def _load(text: str, files: dict[str, bytes] | None = None) -> LoadResult:
        return load_stand(write_stand(tmp_path / "stand", text, files))

    return _load


# --- contrast --------------------------------------------------------------------------


def test_contrast_follows_wcag() -> None:
    assert colours.contrast("#ffffff", "#000000") == pytest.approx(21.0)
    assert colours.contrast("#777777", "#777777") == pytest.approx(1.0)
    assert colours.contrast("#ffffff", "#767676") == pytest.approx(4.54, abs=0.01)  # AA's edge
    assert colours.luminance("#fff") == pytest.approx(1.0)
    assert colours.contrast("#ffffff", "#8e1b2b") > 4.5  # the kiosk's own accent passes


@pytest.mark.parametrize("accent", ["#ffd84d", "#3fa34d", "#8e1b2b", "#1d4e89", "#ff00ff"])
def test_every_shade_of_an_accent_reads_well(accent: str) -> None:
    shades = colours.accent_shades(accent)
    for background in colours.DARK_BACKGROUNDS:
        assert colours.contrast(shades["accentText"], background) >= 4.5
        assert colours.contrast(shades["accentBright"], background) >= 3.0
    for background in colours.LIGHT_BACKGROUNDS:
        assert colours.contrast(shades["accentTextLight"], background) >= 4.5
    darker = colours.darker_for_white_text(accent)
    assert colours.contrast("#ffffff", darker) >= 4.5
    assert colours.luminance(darker) <= colours.luminance(accent)


# --- language tags ---------------------------------------------------------------------


@pytest.mark.parametrize("tag", ["en", "az", "pt-BR", "zh-Hant", "es-419", "az-Latn", "fil",
                                 "de-CH-1996", "sr-Cyrl-RS"])
def test_good_language_tags(tag: str) -> None:
    assert langtags.check(tag) is None


@pytest.mark.parametrize(("tag", "meant"), [
    ("EN", "en"), ("FR", "fr"), ("AR", "ar"), ("pt-br", "pt-BR"), ("zh-hant", "zh-Hant"),
    ("en_GB", "en-GB"), ("eng", "en"), ("English", "en"), ("iw", "he"), ("en-UK", "en-GB"),
])
def test_language_tags_written_otherwise_say_what_was_meant(tag: str, meant: str) -> None:
    problem = langtags.check(tag)
    assert problem is not None
    assert problem.hint.startswith(f"did you mean '{meant}'?"), problem.hint


@pytest.mark.parametrize("tag", ["xx", "en-ZZ", "en-Qqqq", "1a"])
def test_unknown_subtags_are_refused(tag: str) -> None:
    problem = langtags.check(tag)
    assert problem is not None and "did you mean" not in problem.hint


def test_right_to_left_follows_the_language_then_the_script() -> None:
    assert is_rtl("ar") and is_rtl("ar-EG") and is_rtl("he-IL") and is_rtl("az-Arab")
    assert not is_rtl("en") and not is_rtl("ku-Latn") and not is_rtl("ar-Latn")


def test_capital_language_codes_are_read_in_bcp_47s_case_with_a_warning(load: Load) -> None:
    text = edit(MINIMAL, "languages: [en]", "languages: [EN, FR, AR]")
    text = edit(text, "title: Mini", "title: {EN: Mini, FR: Mini, AR: ميني}")
    result = load(text)
    assert result.ok and result.stand is not None
    assert len(result.problems) == 3  # one for each, not one for each text
    check(result.problems[0], *at(text, "EN"), WARNING, "'EN' is read as 'en'", "did you mean 'en'?")
    check(result.problems[2], *at(text, "AR"), WARNING, "'AR' is read as 'ar'", "did you mean 'ar'?")
    stand = result.stand
    assert stand.languages == ("en", "fr", "ar")
    assert stand.text(stand.title, "ar") == "ميني" and is_rtl(stand.languages[2])


def test_a_code_with_an_underscore_is_an_error(load: Load) -> None:
    text = edit(MINIMAL, "languages: [en]", "languages: [en, en_GB]")
    problem = only(load(text))
    check(problem, *at(text, "en_GB"), ERROR, "'en_GB' is not a language code", "did you mean 'en-GB'?")


def test_the_same_language_twice_in_a_text_is_pointed_out(load: Load) -> None:
    text = edit(MINIMAL, "title: Mini", "title: {en: Mini, EN: Maxi}")
    problem = only(load(text))
    check(problem, *at(text, "Maxi"), WARNING, "'EN' is the same language as 'en'")


# --- the kiosk's own words -------------------------------------------------------------


EXHIBITION_LANGUAGES = ["en", "fr", "de", "es", "it", "tr", "zh", "ar", "he", "ru", "az", "uk"]


def test_the_common_exhibition_languages_have_every_label() -> None:
    for language in EXHIBITION_LANGUAGES:
        assert set(STRINGS[language]) == LABEL_KEYS, language
        assert all(text.strip() for text in STRINGS[language].values()), language
        assert language in LANGUAGE_NAMES
    # translated, not copied: the notice and "Show" differ from the English ones
    for language in EXHIBITION_LANGUAGES[1:]:
        assert STRINGS[language]["sensitive_notice"] != STRINGS["en"]["sensitive_notice"]
        assert STRINGS[language]["show_content"] != STRINGS["en"]["show_content"]
    assert LANGUAGE_NAMES["fr"] == "Français" and LANGUAGE_NAMES["ar"] == "العربية"


def test_the_default_notice_is_neutral() -> None:
    notice = STRINGS["en"]["sensitive_notice"].lower()
    assert "violence" not in notice and "distressing" in notice


def test_stand_labels_override_the_kiosks_own() -> None:
    labels = {"fr": {"show_content": "Voir"}, "sw": {"close": "Funga"}}
    assert strings_for("fr", labels)["show_content"] == "Voir"
    assert strings_for("fr", labels)["close"] == "Fermer"  # the rest built in
    assert strings_for("fr-CA", labels)["show_content"] == "Voir"  # the base language's
    assert strings_for("sw", labels)["close"] == "Funga"
    assert strings_for("sw", labels)["source"] == "Source"  # English for the rest
    assert built_in("sw") is None and built_in("ar-EG") == STRINGS["ar"]


def test_a_language_without_labels_is_pointed_out_at_its_entry(load: Load) -> None:
    text = edit(MINIMAL, "languages: [en]", "languages: [en, sw]")
    problem = only(load(text))
    check(problem, *at(text, "sw]"), WARNING, "no labels of its own in 'sw'", "labels:")


def test_labels_the_stand_gives_are_checked(load: Load) -> None:
    text = edit(MINIMAL, "languages: [en]", "languages: [en, sw]\n"
                "labels:\n  sw: {close: Funga, show_contnet: Onyesha}")
    result = load(text)
    error = next(p for p in result.problems if p.is_error)
    check(error, *at(text, "show_contnet"), ERROR, "'show_contnet' is not one of the kiosk's labels",
          "did you mean 'show_content'?")
    warning = next(p for p in result.problems if not p.is_error)
    check(warning, *at(text, "sw: {"), WARNING, "labels missing in 'sw'")
    full = "\n".join(f"    {key}: x{key}" for key in sorted(LABEL_KEYS))
    text = edit(MINIMAL, "languages: [en]", f"languages: [en, sw]\nlabels:\n  sw:\n{full}")
    result = load(text)
    assert result.problems == ()
    assert result.stand is not None
    assert result.stand.own_labels()["sw"]["close"] == "xclose"


# --- the stand's look ------------------------------------------------------------------


LOOK = """\
look:
  accent: "#1d4e89"
  attract_overlay: none
  logo: media/logo.png
"""


def test_a_stand_with_its_own_look(load: Load) -> None:
    result = load(MINIMAL + LOOK, {"media/logo.png": png(8, 4)})
    assert result.problems == ()
    assert result.stand is not None
    look = result.stand.look
    assert (look.accent, look.attract_overlay, look.logo) == ("#1d4e89", "none", "media/logo.png")


def test_a_stand_without_a_look_looks_as_before(load: Load) -> None:
    stand = load(MINIMAL).stand
    assert stand is not None
    assert stand.look.accent is None and stand.look.attract_overlay is None
    assert stand.look.logo is None


def test_an_accent_white_text_cannot_be_read_on_is_refused(load: Load) -> None:
    text = MINIMAL + 'look: {accent: "#ffd84d"}\n'
    problem = only(load(text))
    check(problem, *at(text, '"#ffd84d"'), ERROR, "contrast of 1.4:1")
    suggested = problem.hint.split('"')[1]
    assert colours.contrast("#ffffff", suggested) >= 4.5


@pytest.mark.parametrize(("look", "says"), [
    ('{accent: "red"}', "expected a colour"),
    ("{attract_overlay: nothing}", "expected 'none' or a tone"),
    ('{attract_overlay: {colour: "#000000", strength: 2}}', "from 0 to 1"),
    ('{attract_overlay: {color: "#000000"}}', "unknown field 'color'"),
])
def test_a_look_written_wrong(load: Load, look: str, says: str) -> None:
    result = load(MINIMAL + f"look: {look}\n")
    assert not result.ok
    assert says in " ".join(p.message for p in result.errors), result.problems


def test_a_light_overlay_under_light_words_is_pointed_out(load: Load) -> None:
    text = MINIMAL + 'look: {attract_overlay: {colour: "#c0c0c0", strength: 0.8}}\n'
    problem = only(load(text))
    check(problem, *at(text, '"#c0c0c0"'), WARNING, "below 4.5:1")


def test_the_logo_is_checked_as_images_are(load: Load) -> None:
    text = MINIMAL + LOOK
    problem = only(load(text, {"media/logo.png": b"not a png"}))
    assert problem.is_error and problem.line == at(text, "media/logo.png")[0]


# --- sensitive notices -----------------------------------------------------------------


NOTICES = """\
format: 1
id: notices
languages: [en, fr]
title: Wreck
sensitive_notice: {en: "About a shipwreck.", fr: "À propos d'un naufrage."}
panels:
  - id: story
    kind: background
    title: Story
    sections:
      - heading: Own
        sensitive: {notice: {en: "Photographs of the drowned.", fr: "Photographies de noyés."}}
      - heading: Stand
        sensitive: true
      - heading: Open
"""


def test_sensitive_notices_in_the_stands_words(load: Load) -> None:
    result = load(NOTICES)
    assert result.problems == ()
    assert result.stand is not None
    rows = Presenter(result.stand, result.folder, "fr", PlainFormats()).rows(0)
    assert [row["sensitive"] for row in rows] == [True, True, False]
    assert [row["sensitiveNotice"] for row in rows] == [
        "Photographies de noyés.", "À propos d'un naufrage.", ""]
    without = load(NOTICES.replace("sensitive_notice:", "subtitle:"))
    assert without.stand is not None
    rows = Presenter(without.stand, without.folder, "fr", PlainFormats()).rows(0)
    assert rows[1]["sensitive"] and rows[1]["sensitiveNotice"] == ""  # the kiosk's, in French


@pytest.mark.parametrize(("written", "says", "hint"), [
    ("{notise: {en: Careful.}}", "unknown field 'notise'", "did you mean 'notice'?"),
    ("{}", "missing required field 'notice'", ""),
    ("yes", "expected true or false", ""),
])
def test_a_sensitive_notice_written_wrong(load: Load, written: str, says: str, hint: str) -> None:
    text = NOTICES.replace("sensitive: true", f"sensitive: {written}")
    result = load(text)
    assert not result.ok
    assert {p.line for p in result.problems} == {at(text, f"sensitive: {written}")[0]}
    problem = next(p for p in result.problems if says in p.message)
    assert problem.hint == hint, problem


def test_a_notice_missing_a_language_is_pointed_out(load: Load) -> None:
    text = NOTICES.replace(', fr: "Photographies de noyés."', "")
    problem = only(load(text))
    check(problem, *at(text, '{en: "Photographs'), WARNING, "no 'fr' text")


def test_the_look_notices_and_labels_survive_the_memo(tmp_path: Path) -> None:
    from kiosk.content.memo import StandMemo
    from tests.stands import write_look_stand

    text = LOOK_STAND_WITH_LABELS
    result = load_stand(write_look_stand(tmp_path / "stand", text))
    assert result.ok, [p.format() for p in result.problems]
    memo = StandMemo(tmp_path / "memo.pickle")
    assert memo.remember(result)
    recalled = memo.recall(result.folder)
    assert recalled is not None and recalled.stand is not None
    for stand in (result.stand, recalled.stand):
        assert stand is not None
        assert stand.look.accent == "#1d5c7a" and stand.look.logo == "media/logo.png"
        assert stand.look.attract_overlay.colour == "#0b1a2a"
        assert stand.own_labels() == {"en": {"continue": "Touch to explore"}}
        rows = Presenter(stand, result.folder, "fr", PlainFormats()).rows(0)
        assert rows[0]["sensitiveNotice"] == "Suivent des photographies de l'équipage noyé."


LOOK_STAND_WITH_LABELS = LOOK_STAND.replace(
    "  attract_overlay: none", '  attract_overlay: {colour: "#0b1a2a", strength: 0.6}'
) + "labels:\n  en: {continue: Touch to explore}\n"

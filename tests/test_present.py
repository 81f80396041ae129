"""What each panel shows in a language, without Qt."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import LoadResult, load_stand
from kiosk.visit.present import PlainFormats, Presenter, paragraphs


def presenter(result: LoadResult, language: str) -> Presenter:
    assert result.stand is not None
    return Presenter(result.stand, result.folder, language, PlainFormats())


def test_paragraphs_split_at_blank_lines_only() -> None:
    assert paragraphs("one\nline\n\ntwo\n\n\n") == ["one line", "two"]
    assert paragraphs("") == []


def test_figures_keep_the_article_numbers(sample_result: LoadResult) -> None:
    rows = presenter(sample_result, "en").rows(1)
    values = [row["value"] for row in rows]
    assert values[:4] == [613, 487, 1275, 150]
    killed = rows[0]
    assert [part["value"] for part in killed["parts"]] == [63, 106, 70]
    assert killed["parts"][0]["fraction"] == 63 / 613
    assert rows[2]["valueText"] == "1,275"


def test_every_item_cites_its_source(sample_result: LoadResult) -> None:
    view = presenter(sample_result, "en")
    for index in range(len(sample_result.stand.panels)):  # type: ignore[union-attr]
        for row in view.rows(index):
            assert row["sourceIds"] == ["mfa-event-article"]


def test_texts_follow_the_language(sample_result: LoadResult) -> None:
    english = presenter(sample_result, "en").panel(0)["title"]
    russian = presenter(sample_result, "ru").panel(0)["title"]
    assert english != russian


def test_only_the_quoted_remark_is_a_quotation(sample_result: LoadResult) -> None:
    remarks = presenter(sample_result, "en").rows(3)
    quotes = [row for row in remarks if row["isQuote"]]
    assert len(quotes) == 1
    assert quotes[0]["text"].startswith("Despite the military-political provocations")


def test_the_quotation_is_marked_as_a_translation_outside_its_language(
    sample_result: LoadResult,
) -> None:
    """Said in English: in English no mark; in Azerbaijani and Russian the visitor reads
    that the words are translated, in their own language. Reported speech is never marked."""
    marks = {language: [row["translatedFrom"] for row in presenter(sample_result, language).rows(3)]
             for language in ("en", "az", "ru")}
    assert marks["en"] == [""] * 6
    assert marks["az"] == ["İngilis dilindən tərcümə"] + [""] * 5
    assert marks["ru"] == ["Перевод с английского"] + [""] * 5


QUOTED = """\
format: 1
id: quoted
title: Quoted
languages: [en, ru, ka]
panels:
  - id: words
    kind: remarks
    title: Words
    remarks:
      - text: {en: "Peace is possible.", ru: "Мир возможен.", ka: "მშვიდობა შესაძლებელია."}
        form: quote
        original_language: fr
        original: "La paix est possible."
        speaker: A minister
      - text: {en: "Peace is near."}
        form: quote
        original_language: en-GB
        speaker: A minister
      - text: "Ja."
        form: quote
        original_language: de
        speaker: A minister
"""


def test_a_translation_names_the_language_and_shows_the_original_words(tmp_path: Path) -> None:
    (tmp_path / "stand.yaml").write_text(QUOTED, encoding="utf-8")
    result = load_stand(tmp_path)
    assert result.ok, [p.format() for p in result.problems]
    english, russian, georgian = (presenter(result, language).rows(0) for language in ("en", "ru", "ka"))
    assert english[0]["translatedFrom"] == "Translated from French"
    assert russian[0]["translatedFrom"] == "Перевод с французского"
    # a language the kiosk has no words of: its labels in English
    assert georgian[0]["translatedFrom"] == "Translated from French"
    assert english[0]["original"] == russian[0]["original"] == "La paix est possible."
    # en-GB words read in en are the words as said; the ru visitor reads them in English too
    # (no ru text), so still the original
    assert english[1]["translatedFrom"] == russian[1]["translatedFrom"] == ""
    # one text for every language: the words as said, in every language
    assert russian[2]["translatedFrom"] == "" and russian[2]["original"] == ""


def test_the_mark_for_a_language_without_a_phrase_names_it() -> None:
    from kiosk.content.strings import translated_from

    assert translated_from("ru", "uk") == "Перевод; язык оригинала: украинский"
    assert translated_from("en", "ka") == "Translated from Georgian"
    # every language with the kiosk's own labels marks a translation in its own words,
    # naming the language as it does (not "Translated from Italian" on a Chinese screen)
    assert translated_from("fr", "sw") == "Traduction ; langue originale : swahili"
    assert translated_from("zh", "it") == "译文；原文语言：意大利语"
    assert translated_from("zh", "de") == "译文；原文语言：德语"
    assert translated_from("it", "zh") == "Traduzione; lingua originale: cinese"
    assert translated_from("he", "lad") == "תרגום; שפת המקור: לאדינו"
    assert translated_from("sw", "it") == "Translated from Italian"  # no labels: English
    assert translated_from("az", "sw") == "Tərcümə; orijinalın dili: Swahili"
    assert translated_from("he", "qq") == "תרגום; שפת המקור: qq"
    # ISO 639's "Modern Greek (1453-)" is Greek to a visitor
    assert translated_from("en", "el") == "Translated from Greek"
    assert "Modern" not in translated_from("he", "el")


def test_the_stands_own_translation_label_marks_a_translation() -> None:
    """A stand in a language the kiosk has no words for gives its own (labels: el:
    translation:); it was ignored for the built-in English."""
    from kiosk.content.strings import translated_from

    labels = {"el": {"translation": "Μετάφραση· γλώσσα πρωτοτύπου: {language}"},
              "en": {"translation": "Our translation from {language}"}}
    greek = translated_from("el", "it", labels)
    assert greek.startswith("Μετάφραση· γλώσσα πρωτοτύπου: ") and "{" not in greek
    assert translated_from("en", "it", labels) == "Our translation from Italian"
    assert translated_from("en-GB", "it", labels) == "Our translation from Italian"
    assert translated_from("ru", "it", labels) == translated_from("ru", "it")  # none of its own
    odd = {"en": {"translation": "Translated {0} {language} {x"}}  # braces of its own: as typed
    assert translated_from("en", "it", odd) == "Translated {0} Italian {x"
    assert translated_from("en", "qq") == "Translation; original language: qq"


def test_a_group_shows_the_total_the_stand_states_and_no_other(sample_result: LoadResult) -> None:
    """The parliaments group states 10; the next one (7 parliaments and the bodies of 22 U.S.
    states) states none, and the kiosk adds up nothing of its own: no 29."""
    groups = presenter(sample_result, "en").rows(2)
    assert [(g["total"], g["totalText"]) for g in groups] == [(10, "10"), (0, ""), (0, "")]
    states = [e for e in groups[1]["entries"] if e["count"] == 22]
    assert states and states[0]["countText"] == "22" and not states[0]["onMap"]


def test_source_rows_resolve(sample_result: LoadResult) -> None:
    row = presenter(sample_result, "az").source("mfa-event-article")
    assert row["title"]
    assert presenter(sample_result, "en").source("nope") == {}


def test_every_language_of_the_programs_own_words_is_complete() -> None:
    from kiosk.content.strings import STRINGS, strings_for

    for language, words in STRINGS.items():
        assert set(words) == set(STRINGS["en"]), language
    assert strings_for("sw")["source"] == "Source"  # unknown: English
    assert strings_for("ar-EG")["source"] == STRINGS["ar"]["source"]  # base language


CITED_WITHIN = """\
format: 1
id: cited
title: Cited
languages: [en]
panels:
  - id: numbers
    kind: figures
    title: Numbers
    figures:
      - label: Visitors
        value: 100
        source: ledger
        parts:
          - {label: Children, value: 40, source: survey, sensitive: true}
          - {label: Adults, value: 60, source: ledger}
  - id: who
    kind: recognitions
    title: Who
    groups:
      - label: Parliaments
        entries:
          - {name: One, source: survey}
          - {name: Two, source: ledger}
          - {name: Three}
      - label: Others
        source: ledger
        entries:
          - {name: Four}
sources:
  - {id: ledger, title: The ledger}
  - {id: survey, title: The survey}
"""


def test_parts_and_entries_bring_their_sources_and_their_care(tmp_path: Path) -> None:
    """`source` and `sensitive` on a figure's parts and a group's entries: the card's Source
    button lists every source cited in it (its own first), and one sensitive part covers it."""
    (tmp_path / "stand.yaml").write_text(CITED_WITHIN, encoding="utf-8")
    result = load_stand(tmp_path)
    assert result.ok, [p.format() for p in result.problems]
    view = presenter(result, "en")
    figure = view.rows(0)[0]
    assert figure["sourceIds"] == ["ledger", "survey"]
    assert figure["sensitive"] is True
    parliaments, others = view.rows(1)
    assert parliaments["sourceIds"] == ["survey", "ledger"]  # no source of its own
    assert parliaments["sensitive"] is False
    assert others["sourceIds"] == ["ledger"]


def test_the_mark_reads_right_to_left_in_arabic_and_hebrew() -> None:
    result = load_stand(Path(__file__).parent / "fixtures" / "rtl-stand")
    assert result.ok, [p.format() for p in result.problems]
    marks = {language: presenter(result, language).rows(3)[0]["translatedFrom"]
             for language in ("ar", "he", "en")}
    assert marks == {"ar": "مترجم من الإنجليزية", "he": "תורגם מאנגלית", "en": ""}


def test_a_figure_without_an_icon_gets_none_and_a_small_photo_its_pixel_width() -> None:
    """From the city stand, written as an outside exhibitor would: eight of its twelve figures
    showed a plain dot (a placeholder icon); its 160 px print was blown up to fill a column."""
    result = load_stand(Path(__file__).parent / "fixtures" / "city-stand")
    view = presenter(result, "es")
    figures = view.rows(1)
    assert [row["icon"] for row in figures[:4]] == ["fa5s.users", "", "", "fa5s.water"]
    sections = view.rows(0)
    assert sections[3]["pixelWidth"] == 160  # media/market-1890-small.jpg
    assert sections[0]["pixelWidth"] == 300  # the 1:4 tower



def test_a_video_is_shown_by_its_poster_until_it_plays() -> None:
    media_stand = Path(__file__).parent / "fixtures" / "media-stand"
    result = load_stand(media_stand)
    for language in ("en", "ar"):
        row = presenter(result, language).rows(0)[0]
        assert row["image"].endswith("media/pattern-poster.jpg"), row["image"]
        assert row["video"] == (media_stand.resolve() / "media" / "pattern.mp4").as_uri()
        assert row["caption"] == {"en": "A test pattern", "ar": "نمط اختبار"}[language]
    sample = presenter(load_stand(Path(__file__).parent / "fixtures" / "rtl-stand"), "en")
    assert sample.rows(0)[0]["video"] == ""


def test_a_recording_row_carries_what_the_player_needs() -> None:
    media_stand = Path(__file__).parent / "fixtures" / "media-stand"
    result = load_stand(media_stand)
    for language in ("en", "ar"):
        section = presenter(result, language).rows(0)[0]
        video = section["recording"]
        assert video["file"] == "media/pattern.mp4" and video["duration"] == 4000
        assert video["poster"].endswith("media/pattern-poster.jpg")
        assert video["captions"] and not video["noSound"]
        assert video["description"] is True  # its player shows the description's button
        assert section["sound"] == {}
        remark = presenter(result, language).rows(1)[0]
        assert remark["sound"]["file"] == "media/remark.m4a" and remark["sound"]["poster"] == ""
        assert remark["sound"]["description"] is False
    assert presenter(result, "fr").rows(0)[0]["recording"]["captions"] is False
    sample = presenter(load_stand(Path(__file__).parent / "fixtures" / "rtl-stand"), "en")
    assert sample.rows(0)[0]["recording"] == {} and sample.rows(0)[0]["sound"] == {}

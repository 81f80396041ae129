"""What each panel shows in a language, without Qt."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import LoadResult, load_stand
from kiosk.present import PlainFormats, Presenter, paragraphs


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


def test_recognition_totals_count_bodies(sample_result: LoadResult) -> None:
    groups = presenter(sample_result, "en").rows(2)
    assert groups[0]["total"] == 10
    assert groups[1]["total"] == 7 + 22
    states = [e for e in groups[1]["entries"] if e["count"] == 22]
    assert states and states[0]["countText"] == "22" and not states[0]["onMap"]


def test_source_rows_resolve(sample_result: LoadResult) -> None:
    row = presenter(sample_result, "az").source("mfa-event-article")
    assert row["title"]
    assert presenter(sample_result, "en").source("nope") == {}


def test_every_language_of_the_programs_own_words_is_complete() -> None:
    from kiosk.strings import STRINGS, strings_for

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

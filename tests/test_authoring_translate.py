"""The translation round trip: `kiosk translate export` to PO, `kiosk translate import` back
into stand.yaml with its comments and layout kept."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from kiosk.authoring.translate import export_po, import_po, units
from kiosk.cli import main
from kiosk.content import load_stand
from tests.stands import FULL, copy_sample, full_media, write_stand


def _comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def _fill(po_file: Path, translate: object) -> None:
    """What a translator (here a script) does: fill in every msgstr."""
    assert callable(translate)
    po = polib.pofile(str(po_file))
    for entry in po:
        entry.msgstr = translate(entry)
    po.save(str(po_file))


def test_sample_stand_to_french_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's "done when": export to French, fill by a script, import; the stand
    validates with French as a fourth language, its comments intact."""
    folder = copy_sample(tmp_path / "stand")
    before = (folder / "stand.yaml").read_text(encoding="utf-8")
    po_file = tmp_path / "fr.po"
    assert main(["translate", "export", str(folder), "--to", "fr", "--out", str(po_file)]) == 0
    po = polib.pofile(str(po_file))
    assert po.metadata["Language"] == "fr"
    entries = list(po)
    assert len(entries) > 50
    first = entries[0]
    assert (first.msgctxt, first.msgid, first.msgstr) == (
        "title", "The Khojaly genocide: 31 years", "")
    heading = next(e for e in entries if e.msgctxt == "background/sections/0/heading")
    assert heading.msgid == "The commemorative event"
    assert "panel 'background' (background), field sections[0].heading" in heading.comment
    assert heading.occurrences == [("stand.yaml", str(_line(before, "The commemorative event")))]
    assert len({e.msgctxt for e in entries}) == len(entries)  # every id is unique

    _fill(po_file, lambda entry: f"[fr] {entry.msgid}")
    assert main(["translate", "import", str(folder), str(po_file)]) == 0
    assert f"fr: {len(entries)} texts written" in capsys.readouterr().err

    after = (folder / "stand.yaml").read_text(encoding="utf-8")
    assert _comments(after) == _comments(before)
    result = load_stand(folder)
    assert result.errors == () and result.warnings == ()
    assert result.stand is not None
    assert result.stand.languages == ("en", "az", "ru", "fr")
    assert result.stand.title["fr"] == "[fr] The Khojaly genocide: 31 years"
    body = result.stand.panels[0].sections[0].body  # type: ignore[union-attr]
    assert body is not None and body["fr"] == f"[fr] {body['en']}"  # paragraphs kept
    # nothing else changed: without the French lines, the file is as it was, byte for byte
    assert "translations: {az: review, ru: review, fr: review}" in after  # awaits review
    assert _without(after, "fr").replace("[en, az, ru, fr]", "[en, az, ru]").replace(
        ", fr: review}", "}") == before

    # exported again: every text has its translation; imported again: nothing changes
    again = polib.pofile(export_po(folder, "fr"))
    assert all(e.msgstr == f"[fr] {e.msgid}" for e in again)
    outcome = import_po(folder, po_file)
    assert (outcome.written, outcome.unchanged) == (0, len(entries))
    assert (folder / "stand.yaml").read_text(encoding="utf-8") == after


def _without(text: str, language: str) -> str:
    """`text` without the `language:` entries (and the lines of their blocks)."""
    text = re.sub(rf', {language}: "(?:[^"\\\\]|\\\\.)*"', "", text)  # in {en: ..., xx: ...}
    lines = text.split("\n")
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        indent = len(line) - len(line.lstrip())
        if line.lstrip().startswith(f"{language}: "):
            index += 1
            if line.rstrip().endswith("|-"):  # its block: deeper lines, and blank ones within
                while index < len(lines) and (
                    lines[index].startswith(" " * (indent + 1))
                    or (not lines[index] and index + 1 < len(lines)
                        and lines[index + 1].startswith(" " * (indent + 1)))
                ):
                    index += 1
            continue
        kept.append(line)
        index += 1
    return "\n".join(kept)


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_an_existing_translation_is_replaced_in_place(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "stand")
    before = (folder / "stand.yaml").read_text(encoding="utf-8")
    po_file = tmp_path / "az.po"
    po_file.write_text(export_po(folder, "az"), encoding="utf-8")
    po = polib.pofile(str(po_file))
    assert po[0].msgstr == "Xocalı soyqırımı: 31 il"  # the current translation
    for entry in po:
        entry.msgstr = "Yeni başlıq" if entry.msgctxt == "title" else ""
    po.save(str(po_file))
    outcome = import_po(folder, po_file)
    assert outcome.written == 1
    after = (folder / "stand.yaml").read_text(encoding="utf-8")
    assert after == before.replace('az: "Xocalı soyqırımı: 31 il"', 'az: "Yeni başlıq"')


def test_flow_maps_and_lists_get_the_new_language(tmp_path: Path) -> None:
    folder = write_stand(tmp_path / "stand", FULL, full_media())
    po_file = tmp_path / "ru.po"
    po_file.write_text(export_po(folder, "ru"), encoding="utf-8")
    _fill(po_file, lambda entry: f"ру {entry.msgid}")
    outcome = import_po(folder, po_file)
    assert outcome.written > 10 and not outcome.restored
    text = (folder / "stand.yaml").read_text(encoding="utf-8")
    assert 'title: {en: "Full stand", az: "Tam stend", ru: "ру Full stand"}' in text
    assert "languages: [en, az, ru]" in text
    result = load_stand(folder)
    assert result.errors == () and result.warnings == ()
    assert result.stand is not None and result.stand.title["ru"] == "ру Full stand"


def test_quotes_newlines_and_fuzzy_entries(tmp_path: Path) -> None:
    folder = write_stand(tmp_path / "stand", FULL, full_media())
    po_file = tmp_path / "fr.po"
    po_file.write_text(export_po(folder, "fr"), encoding="utf-8")
    po = polib.pofile(str(po_file))
    tricky = 'L\'« histoire » "citée": #1\n\nDeux\\n'
    for entry in po:
        entry.msgstr = tricky
        if entry.msgctxt == "subtitle":
            entry.flags.append("fuzzy")
    po.save(str(po_file))
    outcome = import_po(folder, po_file)
    assert any("subtitle: marked fuzzy" in why for why in outcome.skipped)
    result = load_stand(folder)
    assert result.stand is not None, [p.format() for p in result.problems]
    assert result.stand.title["fr"] == tricky
    assert "fr" not in result.stand.subtitle  # type: ignore[operator]


def test_texts_not_per_language_and_the_source_language(tmp_path: Path) -> None:
    folder = write_stand(tmp_path / "stand", FULL, full_media())
    languages, found = units(folder, "fr")
    assert languages == ["en", "az"]
    assert "story/sections/0/image/credit" not in {u.context for u in found}  # `credit: "Staff"`
    assert main(["translate", "export", str(folder), "--to", "en"]) == 2
    assert main(["translate", "export", str(folder), "--to", "not a code"]) == 2


def test_an_import_that_would_break_the_stand_is_undone(tmp_path: Path) -> None:
    folder = write_stand(tmp_path / "stand", FULL, full_media())
    before = (folder / "stand.yaml").read_text(encoding="utf-8")
    po_file = tmp_path / "fr.po"
    po_file.write_text(export_po(folder, "fr"), encoding="utf-8")
    _fill(po_file, lambda entry: "x" * 200_000)  # longer than any text may be
    outcome = import_po(folder, po_file)
    assert outcome.restored
    assert (folder / "stand.yaml").read_text(encoding="utf-8") == before


def test_xliff_round_trip(tmp_path: Path) -> None:
    from xml.etree import ElementTree as ET

    folder = copy_sample(tmp_path / "stand")
    before = (folder / "stand.yaml").read_text(encoding="utf-8")
    xliff = tmp_path / "fr.xlf"
    assert main(["translate", "export", str(folder), "--to", "fr", "--format", "xliff",
                 "--out", str(xliff)]) == 0
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    root = ET.parse(xliff).getroot()
    file = root.find("x:file", ns)
    assert file is not None and file.get("source-language") == "en"
    units = root.findall(".//x:trans-unit", ns)
    assert units[0].get("id") == "title"
    for unit in units:  # what a CAT tool does
        target = unit.find("x:target", ns)
        source = unit.find("x:source", ns)
        assert target is not None and source is not None and target.get("state") == "new"
        target.text = f"[fr] {source.text}"
        target.set("state", "translated")
    units[1].find("x:target", ns).set("state", "needs-review-translation")  # type: ignore[union-attr]
    ET.ElementTree(root).write(xliff, encoding="UTF-8", xml_declaration=True)
    outcome = import_po(folder, xliff)
    assert outcome.written == len(units) - 1
    assert any("subtitle: marked needs-review-translation" in why for why in outcome.skipped)
    result = load_stand(folder)
    assert result.errors == () and result.stand is not None
    assert result.stand.languages == ("en", "az", "ru", "fr")
    after = (folder / "stand.yaml").read_text(encoding="utf-8")
    assert _comments(after) == _comments(before)


def test_xliff_with_entities_is_refused(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "stand")
    bomb = tmp_path / "bomb.xlf"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xliff/>')
    assert main(["translate", "import", str(folder), str(bomb)]) == 2


@pytest.mark.parametrize("language", ['fr: x\nevil: "y"', "fr}", "../../etc", "f"])
def test_a_file_s_language_must_be_a_code(tmp_path: Path, language: str) -> None:
    folder = write_stand(tmp_path / "stand", FULL, full_media())
    before = (folder / "stand.yaml").read_bytes()
    po = polib.pofile(export_po(folder, "fr"))
    po.metadata["Language"] = language
    for entry in po:
        entry.msgstr = "x"
    po_file = tmp_path / "fr.po"
    po.save(str(po_file))
    assert main(["translate", "import", str(folder), str(po_file)]) == 2
    assert (folder / "stand.yaml").read_bytes() == before


def test_a_regional_code_is_written_as_staff_write_it(tmp_path: Path) -> None:
    folder = write_stand(tmp_path / "stand", FULL, full_media())
    po = polib.pofile(export_po(folder, "pt-BR"))
    po.metadata["Language"] = "pt_BR"  # as PO tools write it
    for entry in po:
        entry.msgstr = f"pt {entry.msgid}"
    po_file = tmp_path / "pt.po"
    po.save(str(po_file))
    outcome = import_po(folder, po_file)
    assert outcome.language == "pt-BR"
    result = load_stand(folder)
    assert result.errors == () and result.stand is not None
    assert result.stand.languages[-1] == "pt-BR"


def test_characters_yaml_would_read_otherwise_are_escaped(tmp_path: Path) -> None:
    folder = write_stand(tmp_path / "stand", FULL, full_media())
    po = polib.pofile(export_po(folder, "fr"))
    tricky = "one\u2028two\u00a0three \"q\" 'a' # b: c"
    for entry in po:
        entry.msgstr = tricky if entry.msgctxt == "title" else ""
    po_file = tmp_path / "fr.po"
    po.save(str(po_file))
    outcome = import_po(folder, po_file)
    assert outcome.result is not None
    assert [p.message for p in outcome.result.errors] == []
    result = load_stand(folder)
    assert result.marks is not None and result.marks.data["title"]["fr"] == tricky

"""Hindi, Georgian, Armenian and Thai are drawn with bundled fonts: a Hindi stand had no
font for Devanagari (every letter an empty box at a venue), and Georgian and Armenian were
drawn with whatever the machine had (DejaVu Sans here, nothing on a bare venue PC), so
`kiosk validate` warned of them rightly, though the developer's screen showed them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.content import load_stand
from kiosk.content.glyphs import bundled
from kiosk.paths import FONTS_DIR
from tests.stands import MINIMAL, edit, write_stand

ROOT = Path(__file__).resolve().parent.parent
HINDI_STAND = ROOT / "tests/fixtures/hindi-stand"

SENTENCES = {  # conjuncts, matras above and below, reph; Thai marks stacked on a letter
    "hi": "श्री कृष्ण की प्रदर्शनी इस क्षेत्र के ठप्पे दिखाती है।",
    "ka": "ხელით ნაბეჭდი ქსოვილების გამოფენა",
    "hy": "Ձեռքով տպագրված կտորների ցուցահանդես",
    "th": "นิทรรศการผ้าพิมพ์ลายด้วยมือ",
}
FAMILIES = {"hi": "Noto Sans Devanagari", "ka": "Noto Sans Georgian",
            "hy": "Noto Sans Armenian", "th": "Noto Sans Thai"}


def test_the_new_fonts_are_debians_files_named_in_the_readme() -> None:
    """Regular and Bold of each script, unmodified from fonts-noto-core 20201225-1: the
    README gives their SHA-256 (test_fonts checks every file against it) and a table row."""
    readme = (FONTS_DIR / "README.md").read_text(encoding="utf-8")
    for family in FAMILIES.values():
        for style in ("Regular", "Bold"):
            name = f"{family.replace(' ', '')}-{style}.ttf"
            assert (FONTS_DIR / name).is_file(), name
            assert re.search(rf"^[0-9a-f]{{64}}  {re.escape(name)}$", readme, re.MULTILINE), name
            assert re.search(rf"^\| {re.escape(name)} \| `{family}` \|.*"
                             r"fonts-noto-core 20201225-1 \|", readme, re.MULTILINE), name


def test_validate_finds_a_font_for_each_script(tmp_path: Path) -> None:
    covered = bundled()
    for language, sentence in SENTENCES.items():
        drawn = {c for c in sentence if not c.isspace()}
        assert drawn <= covered, (language, sorted(drawn - covered))
    text = edit(MINIMAL, "languages: [en]", "languages: [en, hi, ka, hy, th]")
    text = edit(text, "title: Mini", "title: {en: Mini, "
                + ", ".join(f"{code}: {sentence}" for code, sentence in SENTENCES.items()) + "}")
    text = edit(text, "heading: One", "heading: {en: One, "
                + ", ".join(f"{code}: {sentence}" for code, sentence in SENTENCES.items()) + "}")
    result = load_stand(write_stand(tmp_path / "stand", text))
    assert not [p.format() for p in result.problems if "no font of the kiosk" in p.message]


@pytest.mark.parametrize("language", sorted(SENTENCES))
@pytest.mark.parametrize("bold", [False, True])
def test_qt_lays_each_script_out_in_its_bundled_font(qapp: object, language: str,
                                                     bold: bool) -> None:
    """As a Text in Theme.sans lays the sentence out: every glyph is a real one (not the
    empty box, glyph 0), from the script's bundled font or Noto Sans (spaces, punctuation),
    never from a system font. Regular and Bold both exist, so neither is synthesised."""
    from PySide6.QtGui import QFont, QTextLayout

    font = QFont("Noto Sans")
    font.setPixelSize(40)
    font.setBold(bold)
    layout = QTextLayout(SENTENCES[language], font)
    layout.beginLayout()
    layout.createLine().setLineWidth(100_000)
    layout.endLayout()
    runs = layout.glyphRuns()
    for run in runs:
        # no font at all draws boxes with glyph 1 from a font that is no file (no character
        # map; asking its name crashes PySide6 6.12)
        assert run.rawFont().fontTable("cmap"), "no font has these characters"
        assert 0 not in run.glyphIndexes(), run.rawFont().familyName()
        assert run.rawFont().styleName() == ("Bold" if bold else "Regular")
    used = {run.rawFont().familyName().lower() for run in runs}
    assert FAMILIES[language].lower() in used
    assert used <= {FAMILIES[language].lower(), "noto sans"}, used


def test_devanagari_conjuncts_and_matras_are_shaped(qapp: object) -> None:
    """क्ष, त्र, श्र are one glyph each, and the i-matra stands before its consonant: text
    shaped by the font's OpenType rules, not one glyph per character side by side."""
    from PySide6.QtGui import QFont, QRawFont, QTextLayout

    def glyphs(text: str) -> list[int]:
        layout = QTextLayout(text, QFont("Noto Sans"))
        layout.beginLayout()
        layout.createLine().setLineWidth(10_000)
        layout.endLayout()
        return [g for run in layout.glyphRuns() for g in run.glyphIndexes()]

    for word, shaped in (("क्षेत्र", 3), ("श्री", 2), ("प्रदर्शनी", 6)):
        assert 0 < len(glyphs(word)) <= shaped < len(word), (word, glyphs(word))
    raw = QRawFont.fromFont(QFont("Noto Sans Devanagari"))
    ka = raw.glyphIndexesForString("क")[0]
    ki = glyphs("कि")  # the i-matra (a form sized to its consonant) first, on the left
    assert len(ki) == 2 and ki[1] == ka and ki[0] not in (0, ka), ki


def test_the_hindi_stand_validates_and_snapshots(tmp_path: Path) -> None:
    """A hi/en stand (an invented block-printing exhibition; partners named in Georgian,
    Armenian and Thai): valid with no warning, and every panel is drawn."""
    result = load_stand(HINDI_STAND)
    assert result.ok and result.problems == (), [p.format() for p in result.problems]
    out = tmp_path / "shots"
    subprocess.run([sys.executable, "-m", "kiosk", "snapshot", str(HINDI_STAND), "--lang", "hi",
                    "--out", str(out)], check=True, capture_output=True, timeout=180)
    assert sorted(p.name for p in out.iterdir()) == [
        "ankde-hi.png", "attract-hi.png", "awazen-hi.png", "itihas-hi.png", "sahyog-hi.png"]

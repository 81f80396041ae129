"""A language tag with a region writes dates and numbers as the region does: what
docs/content-format.md tells staff who want British dates (an exhibitor saw "March 21,
1894" in English and found no way to write "21 March 1894")."""

from __future__ import annotations

from kiosk.content.strings import STRINGS, strings_for
from kiosk.ui.formats import LocaleFormats


def test_a_region_writes_dates_and_numbers_as_it_does() -> None:
    assert LocaleFormats("en").date("1894-03-21") == "March 21, 1894"
    assert LocaleFormats("en-GB").date("1894-03-21") == "21 March 1894"
    assert LocaleFormats("en-GB").date("1871-05") == "May 1871"
    assert LocaleFormats("de").number(2750000) == "2.750.000"
    assert LocaleFormats("de-CH").number(2750000) == "2'750'000"
    assert LocaleFormats("es").number(2750000) == "2.750.000"
    assert LocaleFormats("es-MX").number(2750000) == "2,750,000"


def test_british_english_is_named_so_and_has_the_kiosks_english_words(qapp: object) -> None:
    from kiosk.ui.controller import language_name

    assert language_name("en-GB") == "British English"
    assert strings_for("en-GB") == STRINGS["en"]

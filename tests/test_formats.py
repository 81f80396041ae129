"""Dates and numbers as the visitor's language writes them (kiosk.ui.formats)."""

from __future__ import annotations

import pytest

from kiosk.ui.formats import LocaleFormats

ARABIC_INDIC = set("٠١٢٣٤٥٦٧٨٩")
WESTERN = set("0123456789")


@pytest.mark.parametrize("date", ["1954", "1872-03", "2023-02-24"])
def test_arabic_dates_use_the_digits_arabic_numbers_use(date: str) -> None:
    formats = LocaleFormats("ar")
    shown = formats.date(date)
    number = formats.number(1954)
    assert set(number) & ARABIC_INDIC  # the figures' digits
    assert set(shown) & ARABIC_INDIC, shown
    assert not set(shown) & WESTERN, shown  # never 1954 beside ١٨٧٢


def test_month_names_as_written_in_running_text() -> None:
    assert LocaleFormats("fr").date("1899-01") == "janvier 1899"
    assert LocaleFormats("en").date("1899-01") == "January 1899"
    assert LocaleFormats("de").date("1899-01") == "Januar 1899"
    assert LocaleFormats("en").date("1954") == "1954"


@pytest.mark.parametrize(("language", "expected"), [
    ("zh", "1968年8月"),  # was "八月 1968": a month name before a Western-ordered year
    ("ja", "1968年8月"),
    ("es", "agosto de 1968"),
    ("pt", "agosto de 1968"),
    ("hu", "1968. augusztus"),
    ("ru", "август 1968 г."),  # the standalone (nominative) name, not the "августа" of a date
    ("he", "אוגוסט 1968"),
    ("it", "agosto 1968"),
])
def test_a_month_and_year_in_the_languages_own_order(language: str, expected: str) -> None:
    assert LocaleFormats(language).date("1968-08").replace("\u202f", " ") == expected

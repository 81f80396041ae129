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

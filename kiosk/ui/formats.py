"""Numbers and dates as the visitor's language writes them (Qt's locale data)."""

from __future__ import annotations

import re

from PySide6.QtCore import QDate, QLocale

from kiosk.content.plain import DATE_RE


class LocaleFormats:
    def __init__(self, language: str) -> None:
        self.locale = QLocale(language.replace("-", "_"))

    def number(self, value: int) -> str:
        if not -(2**63) <= value < 2**63:  # beyond Qt's integers: digits, grouped
            return f"{value:,}"
        return self.locale.toString(value)

    def date(self, value: str) -> str:
        match = DATE_RE.match(value)
        if not match:
            return value
        year, month, day = match.groups()
        if day:
            date = QDate(int(year), int(month), int(day))
            pattern = self.locale.dateFormat(QLocale.FormatType.LongFormat)
            # a date on a panel reads best without the weekday ("15 January 2020")
            pattern = re.sub(r"d{4}[,،\s]*|[,،\s]*d{4}", "", pattern).strip(" ,،")
            return self.locale.toString(date, pattern).strip()
        # the year in the language's digits, as its numbers are (Arabic: ١٩٥٤, never 1954
        # beside ١٨٧٢); the month as the language writes it in running text ("janvier
        # 1899" in French, not "Janvier")
        year_text = self.locale.toString(QDate(int(year), 1, 1), "yyyy")
        if month:
            name = self.locale.standaloneMonthName(int(month), QLocale.FormatType.LongFormat)
            return f"{name} {year_text}"
        return year_text

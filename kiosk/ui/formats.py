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
            ordered = month_pattern(self.locale.dateFormat(QLocale.FormatType.LongFormat), name)
            if ordered is None:
                return f"{name} {year_text}"
            return self.locale.toString(QDate(int(year), int(month), 1), ordered).strip()
        return year_text


_TOKEN = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|[^A-Za-z']+")


def month_pattern(long_format: str, month_name: str) -> str | None:
    """The language's own order for a month and year, from its long date format without the
    day and weekday: "1968年8月" (zh), "octubre de 1947" (es), "1968. augusztus" (hu), not
    "八月 1968". A day's or weekday's field goes with the words and punctuation after it
    ("d 'de' ", "d日", "d, "). A month written as a word is the standalone name (Russian
    "январь 1899", not the "января" of a full date). None when the format has no year and
    month left (the caller then writes "month year")."""
    tokens = [match.group(0) for match in _TOKEN.finditer(long_format)]

    def field(token: str) -> bool:
        return token[0].isascii() and token[0].isalpha()

    kept: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if field(token) and token[0] == "d":
            index += 1
            while index < len(tokens) and not field(tokens[index]):
                index += 1  # its words and punctuation, up to the next field
            continue
        kept.append(token)
        index += 1
    if not any(t[0] == "y" for t in kept) or not any(t[0] == "M" for t in kept):
        return None
    literal = "'" + month_name.replace("'", "''") + "'"
    pattern = "".join(literal if t in ("MMMM", "MMM") else t for t in kept)
    return pattern.strip(" ,،")

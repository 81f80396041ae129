"""Opening hours: `"09:00-18:00"`, `"10:00-13:00, 14:00-20:00"`, `closed`, by day. No Qt."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAILY = "daily"

TimeRange = tuple[int, int]
"""Minutes after midnight, start and end; end <= start means the range runs past midnight."""
Hours = Mapping[str, tuple[TimeRange, ...]]
"""The ranges of each day named (`mon`...`sun`, or `daily` for the days not named)."""


_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_hours(value: Any) -> tuple[TimeRange, ...]:
    """`"09:00-18:00"`, `"10:00-13:00, 14:00-20:00"`, `closed` -> ranges. Raises ValueError."""
    if value is False or (isinstance(value, str) and value.strip().lower() == "closed"):
        return ()
    if not isinstance(value, str):
        raise ValueError('expected hours like "09:00-18:00", or closed')
    ranges = []
    for part in value.split(","):
        match = _TIME_RE.match(part)
        if not match:
            raise ValueError(f"'{part.strip()}' is not a time range like 09:00-18:00")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2 != 0):
            raise ValueError(f"'{part.strip()}' is not a time of day")
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if start == end:
            raise ValueError(f"'{part.strip()}' starts and ends at the same time")
        ranges.append((start, end))
    return tuple(ranges)


def is_open(hours: Hours, when: datetime) -> bool:
    """Whether `when` is within the opening hours (no opening_hours: always open).

    A day not named uses `daily`; a day not named without `daily` is open all day. A range
    that ends before it starts (22:00-02:00) runs past midnight into the next day.
    """
    if not hours:
        return True

    def ranges(day: datetime) -> tuple[TimeRange, ...] | None:
        name = WEEKDAYS[day.weekday()]
        if name in hours:
            return hours[name]
        return hours.get(DAILY)

    minute = when.hour * 60 + when.minute
    today = ranges(when)
    if today is None:
        return True
    for start, end in today:
        if (start < end and start <= minute < end) or (end <= start and minute >= start):
            return True
    yesterday = ranges(when - timedelta(days=1)) or ()
    return any(end <= start and minute < end for start, end in yesterday)

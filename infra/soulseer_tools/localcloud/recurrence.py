"""EventBridge schedule expressions: `rate(value unit)` and the six-field `cron(...)`, evaluated in UTC.

cron fields: minutes hours day-of-month month day-of-week year; day-of-month or day-of-week is `?`;
`*`, numbers, `a-b`, lists, `/step`, month names (JAN-DEC) and day names (SUN-SAT; 1 = Sunday) are
understood. `L`, `W` and `#` are refused with a clear error (the local cloud does not need them)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

_RATE = re.compile(r"^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$")
_CRON = re.compile(r"^cron\((.+)\)$")
_UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
_MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, 1)}
_DAYS = {name: i for i, name in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), 1)}
_SEARCH_YEARS = 5


@dataclass(frozen=True)
class Recurrence:
    """A rate (`every`) or a cron (`fields`); `next_after(t)` is the first firing strictly after t."""

    every: timedelta | None = None
    minutes: frozenset[int] = frozenset()
    hours: frozenset[int] = frozenset()
    days: frozenset[int] | None = None  # day of month; None: `?`
    months: frozenset[int] = frozenset()
    weekdays: frozenset[int] | None = None  # 1 = Sunday ... 7 = Saturday; None: `?`
    years: frozenset[int] | None = None  # None: any year

    def next_after(self, moment: datetime, anchor: datetime | None = None) -> datetime:
        """For a rate, firings are anchor + k * every (EventBridge counts from when the rule was created)."""
        if self.every is not None:
            start = anchor or moment
            periods = max(int((moment - start) / self.every) + 1, 1)
            return start + periods * self.every
        return self._next_cron(moment.astimezone(UTC))

    def _next_cron(self, moment: datetime) -> datetime:
        day = moment.date()
        for _ in range(366 * _SEARCH_YEARS):
            if self._day_matches(day):
                for hour in sorted(self.hours):
                    for minute in sorted(self.minutes):
                        candidate = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
                        if candidate > moment:
                            return candidate
            day += timedelta(days=1)
        raise ValueError("the cron expression never fires in the next years")

    def _day_matches(self, day: date) -> bool:
        if day.month not in self.months or (self.years is not None and day.year not in self.years):
            return False
        if self.days is not None and day.day not in self.days:
            return False
        weekday = (day.isoweekday() % 7) + 1  # Sunday -> 1 ... Saturday -> 7
        return self.weekdays is None or weekday in self.weekdays


def parse_expression(expression: str) -> Recurrence:
    text = " ".join(expression.split())
    rate = _RATE.match(text)
    if rate:
        value, unit = int(rate.group(1)), rate.group(2).rstrip("s")
        if value < 1:
            raise ValueError(f"{expression!r}: a rate is at least 1")
        return Recurrence(every=timedelta(seconds=value * _UNIT_SECONDS[unit]))
    cron = _CRON.match(text)
    if not cron:
        raise ValueError(f"{expression!r} is neither rate(...) nor cron(...)")
    fields = cron.group(1).split(" ")
    if len(fields) != 6:
        raise ValueError(f"{expression!r}: cron takes 6 fields (minutes hours day-of-month month day-of-week year)")
    minutes, hours, days, months, weekdays, years = fields
    if (days == "?") == (weekdays == "?"):
        raise ValueError(f"{expression!r}: exactly one of day-of-month and day-of-week must be '?'")
    return Recurrence(
        minutes=_field(minutes, 0, 59),
        hours=_field(hours, 0, 23),
        days=None if days == "?" else _field(days, 1, 31),
        months=_field(months, 1, 12, _MONTHS),
        weekdays=None if weekdays == "?" else _field(weekdays, 1, 7, _DAYS),
        years=None if years in ("*", "?") else _field(years, 1970, 2199),
    )


def _value(text: str, names: dict[str, int] | None) -> int:
    if names and text.upper() in names:
        return names[text.upper()]
    if not text.isdigit():
        raise ValueError(f"{text!r} is not understood by the local scheduler")
    return int(text)


def _field(text: str, low: int, high: int, names: dict[str, int] | None = None) -> frozenset[int]:
    values: set[int] = set()
    for part in text.split(","):
        base, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"{part!r}: a step is at least 1")
        if base in ("*", "?"):
            first, last = low, high
        elif "-" in base:
            start, end = base.split("-", 1)
            first, last = _value(start, names), _value(end, names)
        else:
            first = _value(base, names)
            last = high if step_text else first
        if not low <= first <= last <= high:
            raise ValueError(f"{part!r} is outside {low}-{high}")
        values.update(range(first, last + 1, step))
    return frozenset(values)

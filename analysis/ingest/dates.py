"""The window of plausible digest dates, shared by every way a date is found.

A digest dated 9999 or 1970 is a typo or a broken generator, not news; stored, it
would stretch every chart's axis across millennia. The window runs from
`date_min` to `date_max_days_ahead` days after now (both settings).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from analysis import settings


def plausible_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    """(earliest, latest) plausible publication instants, in UTC."""
    now = now or datetime.now(UTC)
    earliest = datetime.combine(date.fromisoformat(settings.get("date_min")), time(), UTC)
    latest = now + timedelta(days=settings.get_float("date_max_days_ahead"))
    return earliest, latest


def is_plausible(value: datetime) -> bool:
    earliest, latest = plausible_window()
    try:
        return earliest <= value.astimezone(UTC) <= latest
    except (OverflowError, ValueError):
        return False


def window_text() -> str:
    earliest, latest = plausible_window()
    return (
        f"the plausible window {earliest.date()} .. {latest.date()} "
        "(TRENDBOARD_DATE_MIN, TRENDBOARD_DATE_MAX_DAYS_AHEAD)"
    )


def bounded(
    found: tuple[datetime | None, str],
    fallback: Callable[[], tuple[datetime | None, str]],
    problem: Callable[..., None],
) -> tuple[datetime | None, str]:
    """The resolved (date, source) if plausible; else the fallback's (title or file name), else none.

    A front-matter date outside the window falls back with a warning; a date from
    the title or file name outside it (or a fallback outside it) rejects the file.
    """
    value, source = found
    if value is None or is_plausible(value):
        return found
    shown = value.isoformat()
    if source == "front_matter":
        problem(
            1,
            f"front-matter date {shown} is outside {window_text()}; using the title or file name",
            "warning",
        )
        value, source = fallback()
        if value is None or is_plausible(value):
            return value, source
        shown = value.isoformat()
    problem(None, f"date {shown} (from the {source.replace('_', ' ')}) is outside {window_text()}")
    return None, ""

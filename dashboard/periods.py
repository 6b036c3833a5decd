"""Which periods a "change" figure may fairly compare. Pure functions, no Streamlit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dashboard.state import previous_period

# A digest covers the four hours after its time stamp.
CADENCE = timedelta(hours=4)


@dataclass(frozen=True)
class Comparison:
    current: tuple[date, date]
    previous: tuple[date, date]
    dropped_partial_day: bool  # the range's last day is not over in the data; it was left out


def comparison(
    start: date | None,
    end: date | None,
    data_first: datetime | None,
    data_last: datetime | None,
    tz,
) -> Comparison | None:
    """The current and previous period of equal length, both fully covered by the data, or None.

    None when the range is open or the previous period starts before the
    first item (an empty or half-empty previous period would turn every
    count into a rise). A last day that the data does not cover to its end
    is left out of both, so an unfinished day does not read as a drop.
    """
    if not (start and end and data_first and data_last):
        return None
    last_covered = data_last.astimezone(tz) + CADENCE
    dropped = last_covered < datetime.combine(end + timedelta(days=1), time(), tz)
    if dropped:
        end = min(end, last_covered.date() - timedelta(days=1))
    if end < start:
        return None
    previous = previous_period(start, end)
    if datetime.combine(previous[0], time(), tz) < _floor_day(data_first.astimezone(tz)):
        return None
    return Comparison((start, end), previous, dropped)


def _floor_day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)

"""The time granularities a chart can be bucketed by, and every fact about each, in one table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pandas as pd


@dataclass(frozen=True)
class Granularity:
    name: str
    interval: str
    """The bucket width as DuckDB INTERVAL text (what ICU's `time_bucket` takes)."""
    width: timedelta | None
    """The fixed bucket width; None for calendar months, whose length varies."""
    label_format: str
    """strftime pattern naming one bucket."""
    bar_milliseconds: int
    """Width of a bar on a time axis; a month is drawn 30 days wide."""

    @property
    def length(self) -> pd.Timedelta | pd.DateOffset:
        """What to add to a bucket's start (a tz-aware Timestamp) to reach its end."""
        return pd.DateOffset(months=1) if self.width is None else pd.Timedelta(self.width)

    def label(self, bucket: pd.Timestamp) -> str:
        return bucket.strftime(self.label_format)


GRANULARITIES: dict[str, Granularity] = {
    g.name: g
    for g in (
        Granularity("4h", "4 hours", timedelta(hours=4), "%Y-%m-%d %H:%M", 4 * 3_600_000),
        Granularity("day", "1 day", timedelta(days=1), "%Y-%m-%d", 86_400_000),
        Granularity("week", "1 week", timedelta(weeks=1), "%Y-%m-%d", 7 * 86_400_000),
        Granularity("month", "1 month", None, "%Y-%m", 30 * 86_400_000),
    )
}

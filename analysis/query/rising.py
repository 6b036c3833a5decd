"""Rising now: the keys of any kind (keywords, companies, models) whose rate in a recent window
beats the weeks before it, with growth, a daily sparkline, a new/breakout flag and the evidence.

The test is Dunning's signed G² (`signed_g2`) of the key's item rate in the window against
the baseline's; growth is the ratio of the two rates minus one. The keyword and model views
(`analysis.query.keywords.rising_keywords`, `analysis.query.products.rising_models`) are this
one test in their own columns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from analysis.query.filters import Filters, filtered_items
from analysis.query.kinds import KINDS
from analysis.query.sql import sql

# G² above 10.83 has p < 0.001 for one degree of freedom: a rise, not noise.
SIGNIFICANT_G2 = 10.83
# A key whose rate grew at least this many times is a breakout (when it was seen before at all).
BREAKOUT_RATIO = 5.0
RISING_NOW_COLUMNS = [
    "key",
    "label",
    "window_count",
    "baseline_count",
    "window_rate",
    "baseline_rate",
    "ratio",
    "growth",
    "g2",
    "flag",
    "new",
    "sparkline",
    "item_ids",
]


@dataclass(frozen=True)
class Window:
    """The recent window and the baseline right before it, whole days in the display zone."""

    start: date
    end: date
    baseline_start: date

    @property
    def baseline_end(self) -> date:
        return self.start - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def baseline_days(self) -> int:
        return (self.start - self.baseline_start).days


def rising_window(con, f: Filters, window_days: int, baseline_days: int) -> Window | None:
    """The window ends on the range's last day (or the data's, for an open range). The
    baseline starts no earlier than the data: days without digests would make every key
    look new. It is empty (`baseline_days` 0) when the window starts with the data."""
    from analysis.query.database import data_extent_days

    first, last = data_extent_days(con, f.zone)
    end = f.end or last
    if end is None:
        return None
    start = end - timedelta(days=window_days - 1)
    baseline_start = start - timedelta(days=baseline_days)
    if first is not None:
        baseline_start = min(max(baseline_start, first), start)
    return Window(start=start, end=end, baseline_start=baseline_start)


def rising(
    con,
    f: Filters,
    kind: str = "keyword",
    window_days: int = 7,
    baseline_days: int = 28,
    min_support: int = 3,
    min_g2: float = SIGNIFICANT_G2,
    limit: int = 30,
) -> pd.DataFrame:
    """Columns `RISING_NOW_COLUMNS`; only rising keys with G² ≥ `min_g2` and window count ≥ `min_support`.

    `sparkline` holds the key's item count per day over baseline and window
    (oldest first); `flag` is 'new' (not seen in the baseline), 'breakout'
    (rate up ≥ BREAKOUT_RATIO times) or ''.
    """
    window = rising_window(con, f, window_days, baseline_days)
    if window is None or not window.baseline_days:
        return pd.DataFrame(columns=RISING_NOW_COLUMNS)
    window_f = f.with_range(window.start, window.end)
    baseline_f = f.with_range(window.baseline_start, window.baseline_end)
    days = window.days + window.baseline_days
    counts = (
        sql(
            """
        WITH win AS ({window}), base AS ({baseline}),
        both_periods AS (SELECT item_id, published_at, TRUE AS recent FROM win
                         UNION ALL SELECT item_id, published_at, FALSE FROM base),
        pairs AS (SELECT DISTINCT p.item_id, p.key, p.label, b.recent,
                         CAST(floor((epoch_us(b.published_at) - epoch_us(CAST({origin} AS TIMESTAMPTZ)))
                                    / 86400000000) AS INTEGER) AS day
                  FROM ({pairs}) p JOIN both_periods b USING (item_id)),
        per_key AS (
            SELECT key, mode(label) AS label,
                   count(DISTINCT item_id) FILTER (WHERE recent) AS window_count,
                   count(DISTINCT item_id) FILTER (WHERE NOT recent) AS baseline_count,
                   list(DISTINCT item_id ORDER BY item_id) FILTER (WHERE recent) AS item_ids
            FROM pairs GROUP BY key HAVING count(DISTINCT item_id) FILTER (WHERE recent) >= {support}),
        daily AS (
            SELECT key, day, count(DISTINCT item_id) AS n FROM pairs
            WHERE key IN (SELECT key FROM per_key) GROUP BY key, day)
        SELECT k.*, (SELECT list(d.day ORDER BY d.day) FROM daily d WHERE d.key = k.key) AS days,
               (SELECT list(d.n ORDER BY d.day) FROM daily d WHERE d.key = k.key) AS day_counts,
               (SELECT count(*) FROM win) AS window_items, (SELECT count(*) FROM base) AS baseline_items
        FROM per_key k""",
            window=filtered_items(window_f),
            baseline=filtered_items(baseline_f),
            origin=baseline_f.start_instant(),
            pairs=KINDS[kind].pairs(f),
            support=min_support,
        )
        .run(con)
        .df()
    )
    if counts.empty:
        return pd.DataFrame(columns=RISING_NOW_COLUMNS)
    n1, n2 = int(counts["window_items"].iloc[0]), int(counts["baseline_items"].iloc[0])
    counts["window_rate"] = counts["window_count"] / n1
    counts["baseline_rate"] = counts["baseline_count"] / n2 if n2 else 0.0
    counts["g2"] = signed_g2(
        counts["window_count"].to_numpy(), n1, counts["baseline_count"].to_numpy(), n2
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        counts["ratio"] = np.where(
            counts["baseline_count"] > 0, counts["window_rate"] / counts["baseline_rate"], math.inf
        )
    counts["growth"] = counts["ratio"] - 1
    counts["new"] = counts["baseline_count"] == 0
    counts["flag"] = np.where(
        counts["new"], "new", np.where(counts["ratio"] >= BREAKOUT_RATIO, "breakout", "")
    )
    counts["sparkline"] = [
        _daily(d, n, days) for d, n in zip(counts["days"], counts["day_counts"], strict=False)
    ]
    counts["item_ids"] = counts["item_ids"].map(lambda ids: [int(i) for i in ids])
    ranked = counts[counts["g2"] >= min_g2].sort_values(["g2", "window_count"], ascending=False)
    return ranked[RISING_NOW_COLUMNS].head(limit).reset_index(drop=True)


def _daily(days, counts, length: int) -> list[int]:
    values = [0] * length
    for day, n in zip(days, counts, strict=False):
        if 0 <= day < length:
            values[int(day)] = int(n)
    return values


def signed_g2(a: np.ndarray, n1: int, b: np.ndarray, n2: int) -> np.ndarray:
    """Dunning's log-likelihood for a 2×2 table (term in window/baseline vs. other items), signed.

    Positive when the window rate exceeds the baseline rate. A baseline with no
    items gives 0: there is nothing to compare against.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if n1 == 0 or n2 == 0:
        return np.zeros_like(a)
    total = n1 + n2
    observed = [a, b, n1 - a, n2 - b]
    row_term, row_other = a + b, total - a - b
    expected = [
        row_term * n1 / total,
        row_term * n2 / total,
        row_other * n1 / total,
        row_other * n2 / total,
    ]
    g2 = np.zeros_like(a)
    for o, e in zip(observed, expected, strict=False):
        with np.errstate(divide="ignore", invalid="ignore"):
            g2 += np.where(o > 0, o * np.log(o / e), 0.0)
    g2 *= 2
    return np.where(a / n1 >= b / n2, g2, -g2)

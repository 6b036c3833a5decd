"""How much of each stored digest's text reached its items (digests.text_kept)."""

from __future__ import annotations

import pandas as pd


def text_kept_by_series(con) -> pd.DataFrame:
    """Per series: files, the median and the lowest share kept, and files under `threshold`."""
    return con.execute(
        """SELECT coalesce(series, '') AS series, count(*) AS files,
                  median(text_kept) AS median_kept, min(text_kept) AS min_kept,
                  count(*) FILTER (WHERE text_kept < 0.7) AS files_under_70
           FROM digests WHERE text_kept IS NOT NULL
           GROUP BY 1 ORDER BY files DESC, 1"""
    ).df()


def least_kept_files(con, limit: int = 20) -> pd.DataFrame:
    """The stored files that kept the smallest share of their text, lowest first."""
    return con.execute(
        """SELECT source_path, series, text_kept, item_count, date_source, published_at
           FROM digests WHERE text_kept IS NOT NULL
           ORDER BY text_kept, source_path LIMIT ?""",
        [limit],
    ).df()

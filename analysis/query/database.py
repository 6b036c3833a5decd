"""Queries about the database as a whole, whatever the filters: its time extent, the values the
filters offer, its counts, and the problems ingest recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

import pandas as pd

from analysis.ingest.parse import TEXT_KEPT_WARNING
from analysis.query.sql import EXTENT
from analysis.timezones import parse_tz

OPTION_LIMIT = 400
"""At most this many companies and sources are offered as filter values (the most frequent)."""


def data_extent(con) -> tuple[datetime | None, datetime | None]:
    """The first and last publication instants, or (None, None) without items."""
    return EXTENT.run(con).fetchone()


def data_extent_days(con, tz: str | tzinfo) -> tuple[date | None, date | None]:
    """The first and last publication days in the display zone `tz` (a name or a tzinfo)."""
    first, last = data_extent(con)
    zone = parse_tz(tz) if isinstance(tz, str) else tz
    return (
        first.astimezone(zone).date() if first else None,
        last.astimezone(zone).date() if last else None,
    )


def filter_options(con) -> dict[str, list[str]]:
    """Values for the filter widgets, most frequent first: every category (inferred or
    declared), the `OPTION_LIMIT` most mentioned companies and sources, every digest series."""

    def column(query: str, params: list | None = None) -> list[str]:
        return [row[0] for row in con.execute(query, params or []).fetchall()]

    return {
        "categories": column("""
            SELECT category FROM (SELECT category FROM item_categories
                                  UNION ALL SELECT unnest(categories) FROM digests)
            GROUP BY 1 ORDER BY count(*) DESC, 1"""),
        "companies": column(
            "SELECT company FROM item_companies GROUP BY 1 "
            "ORDER BY count(DISTINCT item_id) DESC, 1 LIMIT ?",
            [OPTION_LIMIT],
        ),
        "sources": column(
            "SELECT source FROM item_sources GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT ?",
            [OPTION_LIMIT],
        ),
        "series": column(
            "SELECT series FROM digests WHERE series IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC, 1"
        ),
    }


def ingest_problems(con, limit: int = 500) -> pd.DataFrame:
    """source_path, line, reason, severity, seen_at — the newest recorded problems first."""
    return con.execute(
        """SELECT source_path, line, reason, severity, seen_at FROM ingest_errors
           ORDER BY seen_at DESC, source_path, line LIMIT ?""",
        [limit],
    ).df()


ENRICHED_TABLES = ("item_keywords", "item_companies", "item_categories")


@dataclass(frozen=True)
class DatabaseStats:
    digests: int
    items: int
    first_digest: datetime | None
    last_digest: datetime | None
    failed_files: int
    """Files with an error (not a warning) on record."""
    enriched_items: dict[str, int]
    """Items with at least one row in each of `ENRICHED_TABLES`."""


def database_stats(con) -> DatabaseStats:
    digests, first, last = con.execute(
        "SELECT count(*), min(published_at), max(published_at) FROM digests"
    ).fetchone()
    items = con.execute("SELECT count(*) FROM items").fetchone()[0]
    failed = con.execute(
        "SELECT count(DISTINCT source_path) FROM ingest_errors WHERE severity = 'error'"
    ).fetchone()[0]
    enriched = {
        table: con.execute(f"SELECT count(DISTINCT item_id) FROM {table}").fetchone()[0]
        for table in ENRICHED_TABLES
    }
    return DatabaseStats(digests, items, first, last, failed, enriched)


def text_kept_by_series(con) -> pd.DataFrame:
    """Per digest series: files, the median and the lowest share of text kept
    (`digests.text_kept`), and the files under `TEXT_KEPT_WARNING`."""
    return con.execute(
        """SELECT coalesce(series, '') AS series, count(*) AS files,
                  median(text_kept) AS median_kept, min(text_kept) AS min_kept,
                  count(*) FILTER (WHERE text_kept < ?) AS files_under_70
           FROM digests WHERE text_kept IS NOT NULL
           GROUP BY 1 ORDER BY files DESC, 1""",
        [TEXT_KEPT_WARNING],
    ).df()


def least_kept_files(con, limit: int = 20) -> pd.DataFrame:
    """The stored files that kept the smallest share of their text, lowest first."""
    return con.execute(
        """SELECT source_path, series, text_kept, item_count, date_source, published_at
           FROM digests WHERE text_kept IS NOT NULL
           ORDER BY text_kept, source_path LIMIT ?""",
        [limit],
    ).df()

"""Read-only queries: (connection, Filters) → long DataFrame with fixed columns.

Time series come in long format with the columns
`bucket, key, count, items, share, partial`:
`count` is the number of filtered items in the bucket that carry the key,
`items` the number of filtered items in the bucket, `share = count / items`
(with `Filters.count_by == "stories"` both count stories instead: the items of one story
in one bucket count once, and an item no story holds yet counts as its own), and
`partial` marks a first or last bucket that the range only partly covers (so a
half-covered bucket is not read as a drop). Buckets are aligned in the
display time zone and returned as tz-aware timestamps in that zone.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import duckdb
import pandas as pd

from analysis.query import sql as fragments
from analysis.query.database import data_extent
from analysis.query.filters import (
    Filters,
    daily_answerable,
    filtered_items,
    filtered_units,
    in_days,
)
from analysis.query.sql import Sql, sql

SERIES_COLUMNS = ["bucket", "key", "count", "items", "share", "partial"]
CADENCE = timedelta(hours=4)


def _bucket_totals(f: Filters) -> Sql:
    """The CTEs `filtered`, `bucketed` (item_id, bucket, unit) and `totals` (bucket, items).

    `unit` is what is counted (`filtered_units`): the item, or its story."""
    units = sql(
        "SELECT item_id, {bucket} AS bucket, unit FROM filtered", bucket=fragments.bucket(f)
    )
    return sql(
        """
        filtered AS ({filtered}),
        bucketed AS ({units}),
        totals AS (SELECT bucket, count(DISTINCT unit) AS items FROM bucketed GROUP BY bucket)""",
        filtered=filtered_units(f),
        units=units,
    )


def _daily_base(f: Filters, daily: Sql) -> Sql:
    """The CTEs `totals` (bucket, items) and `counts` (bucket, key, count) from the per-day
    tables; `daily` yields (day, key, count) rows, one per day and key."""
    return sql(
        """
        totals AS (SELECT {bucket} AS bucket, CAST(sum(items) AS BIGINT) AS items
                   FROM daily_items WHERE {days} GROUP BY 1),
        counts AS (SELECT {bucket} AS bucket, key, CAST(sum(count) AS BIGINT) AS count
                   FROM ({daily}) WHERE {days} GROUP BY 1, 2 HAVING sum(count) > 0)""",
        bucket=fragments.bucket(f, "day"),
        days=in_days(f),
        daily=daily,
    )


def wanted_keys(wanted: list[str] | Sql) -> Sql:
    """SQL yielding (key, ord): the keys given, or a ranking's, when `wanted` is SQL yielding
    them — so that a top-N series ranks in the statement that counts, not in one of its own."""
    if isinstance(wanted, Sql):
        return wanted
    return sql(
        "SELECT w.key, w.ord FROM unnest(CAST({wanted} AS VARCHAR[])) WITH ORDINALITY AS w(key, ord)",
        wanted=list(wanted),
    )


def ranked_keys(ranking: Sql, key: str, order: str) -> Sql:
    """(key, ord) of a ranking query's rows, for `keyed_series`'s `wanted`."""
    return sql(
        f"SELECT {key} AS key, row_number() OVER (ORDER BY {order}) AS ord FROM ({{ranking}})",
        ranking=ranking,
    )


def keyed_series(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    keys: Sql,
    wanted: list[str] | Sql | None = None,
    daily: Sql | None = None,
) -> pd.DataFrame:
    """Per-bucket counts of items per key; `keys` yields (item_id, key) pairs, `daily` the
    same counts per day from a per-day table (day, key, count), used when the filters allow.

    With `wanted` (a list, or a ranking: `wanted_keys`), only those keys are returned, in its
    order (a key absent from a bucket gets 0).
    """
    if daily is not None and daily_answerable(con, f):
        return _daily_series(con, f, daily, wanted)
    if wanted is None:
        return series_from_bucketed(
            con,
            f,
            sql(
                "SELECT b.bucket, b.unit, k.key FROM bucketed b JOIN ({keys}) k USING (item_id)",
                keys=keys,
            ),
        )
    # Every requested key in every bucket (0 where absent), buckets in order and
    # keys in the order given, in the same statement, not completed in pandas.
    query = sql(
        """
        WITH {base},
        wanted AS ({wanted}),
        pairs AS (SELECT DISTINCT b.bucket, b.unit, k.key FROM bucketed b JOIN ({keys}) k USING (item_id)
                  WHERE k.key IN (SELECT key FROM wanted)),
        counts AS (SELECT bucket, key, count(*) AS count FROM pairs GROUP BY bucket, key)
        SELECT t.bucket, w.key, coalesce(c.count, 0) AS count, t.items
        FROM totals t CROSS JOIN wanted w LEFT JOIN counts c ON c.bucket = t.bucket AND c.key = w.key
        ORDER BY t.bucket, w.ord""",
        base=_bucket_totals(f),
        wanted=wanted_keys(wanted),
        keys=keys,
    )
    frame = query.run(con).df()
    frame["key"] = frame["key"].astype(object)
    return _finish_series(con, f, frame)


def _daily_series(con, f: Filters, daily: Sql, wanted: list[str] | Sql | None) -> pd.DataFrame:
    """`keyed_series` summed from per-day rows: the same frame, without reading an item."""
    if wanted is None:
        query = sql(
            """
            WITH {base}
            SELECT t.bucket, c.key, c.count, t.items
            FROM totals t JOIN counts c USING (bucket)
            ORDER BY t.bucket, c.key""",
            base=_daily_base(f, daily),
        )
        return _finish_series(con, f, query.run(con).df())
    query = sql(
        """
        WITH wanted AS ({wanted}),
        {base}
        SELECT t.bucket, w.key, coalesce(c.count, 0) AS count, t.items
        FROM totals t CROSS JOIN wanted w LEFT JOIN counts c ON c.bucket = t.bucket AND c.key = w.key
        ORDER BY t.bucket, w.ord""",
        wanted=wanted_keys(wanted),
        base=_daily_base(
            f, sql("SELECT * FROM ({daily}) WHERE key IN (SELECT key FROM wanted)", daily=daily)
        ),
    )
    frame = query.run(con).df()
    frame["key"] = frame["key"].astype(object)
    return _finish_series(con, f, frame)


def series_from_bucketed(
    con: duckdb.DuckDBPyConnection, f: Filters, pairs: Sql, daily: Sql | None = None
) -> pd.DataFrame:
    """Like `keyed_series` for all keys, from SQL yielding (bucket, unit, key) rows that may
    use the CTE `bucketed` (item_id, bucket, unit) of the filtered items — e.g. to reach a key
    through a join that DuckDB cannot narrow to the filtered items by itself."""
    if daily is not None and daily_answerable(con, f):
        return _daily_series(con, f, daily, None)
    query = sql(
        """
        WITH {base},
        pairs AS (SELECT DISTINCT bucket, unit, key FROM ({pairs})),
        counts AS (SELECT bucket, key, count(*) AS count FROM pairs GROUP BY bucket, key)
        SELECT t.bucket, c.key, c.count, t.items
        FROM totals t JOIN counts c USING (bucket)
        ORDER BY t.bucket, c.key""",
        base=_bucket_totals(f),
        pairs=pairs,
    )
    return _finish_series(con, f, query.run(con).df())


def _finish_series(con, f: Filters, frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(
            {
                c: pd.Series(dtype=t)
                for c, t in zip(
                    SERIES_COLUMNS,
                    ["datetime64[us, UTC]", "object", "int64", "int64", "float64", "bool"],
                    strict=True,
                )
            }
        )
    frame = frame.copy()
    frame["bucket"] = _to_display_tz(frame["bucket"], f)
    frame["count"] = frame["count"].astype("int64")
    frame["items"] = frame["items"].astype("int64")
    frame["share"] = frame["count"] / frame["items"]
    frame["partial"] = partial_buckets(con, f, frame["bucket"])
    return frame[SERIES_COLUMNS].reset_index(drop=True)


def _to_display_tz(series: pd.Series, f: Filters) -> pd.Series:
    return pd.to_datetime(series, utc=True).dt.tz_convert(f.zone)


def partial_buckets(con, f: Filters, buckets: pd.Series) -> pd.Series:
    """True for buckets that the selected range (or the data, when open) covers only in part."""
    range_start, range_end = f.start_instant(), f.end_instant()
    if range_start is None or range_end is None:
        first, last = data_extent(con)  # a scan of every item: only when the range is open
        if first is None:
            return pd.Series(False, index=buckets.index)
        range_start = range_start or _floor_cadence(first.astimezone(f.zone))
        range_end = range_end or _floor_cadence(last.astimezone(f.zone)) + CADENCE
    else:
        # A range reaching past the data (its last day not over yet) has a partial last bucket:
        # a half-filled day must not read as a drop.
        first, last = data_extent(con)
        if first is None:
            return pd.Series(False, index=buckets.index)
        range_start = max(range_start, _floor_cadence(first.astimezone(f.zone)))
        range_end = min(range_end, _floor_cadence(last.astimezone(f.zone)) + CADENCE)
    # Vectorised: a per-bucket Python call cost 0.4 s for 28k buckets (10 keys, all weeks of 1M items).
    ends = buckets + f.granularity_facts.length
    return (buckets < pd.Timestamp(range_start)) | (ends > pd.Timestamp(range_end))


def _floor_cadence(moment: datetime) -> datetime:
    return moment.replace(hour=moment.hour - moment.hour % 4, minute=0, second=0, microsecond=0)


# ------------------------------------------------------------------ items


def items_over_time(con, f: Filters) -> pd.DataFrame:
    """bucket, items, digests, partial."""
    if daily_answerable(con, f):
        query = sql(
            """
            SELECT {bucket} AS bucket, CAST(sum(items) AS BIGINT) AS items,
                   CAST(sum(digests) AS BIGINT) AS digests
            FROM daily_items WHERE {days} GROUP BY 1 ORDER BY 1""",
            bucket=fragments.bucket(f, "day"),
            days=in_days(f),
        )
    else:
        # One pass over the filtered items (with their digest_id), no join back to `items`.
        query = sql(
            """
        WITH filtered AS ({filtered})
        SELECT {bucket} AS bucket, count(*) AS items, count(DISTINCT digest_id) AS digests
        FROM filtered GROUP BY 1 ORDER BY 1""",
            filtered=filtered_items(f, ("digest_id",)),
            bucket=fragments.bucket(f),
        )
    frame = query.run(con).df()
    if frame.empty:
        return pd.DataFrame(
            {
                "bucket": pd.Series(dtype="datetime64[us, UTC]"),
                "items": pd.Series(dtype="int64"),
                "digests": pd.Series(dtype="int64"),
                "partial": pd.Series(dtype="bool"),
            }
        )
    frame["bucket"] = _to_display_tz(frame["bucket"], f)
    frame["partial"] = partial_buckets(con, f, frame["bucket"])
    return frame


def key_figures(con, f: Filters) -> dict[str, int]:
    if daily_answerable(con, f):
        # A digest's items share its time, so each digest is on one day: days add up.
        query = sql(
            """
            SELECT (SELECT sum(items) FROM daily_items WHERE {days}),
                   (SELECT sum(digests) FROM daily_items WHERE {days}),
                   (SELECT count(DISTINCT source_key) FROM daily_sources WHERE {days}),
                   (SELECT count(DISTINCT company) FROM daily_companies WHERE {days})""",
            days=in_days(f),
        )
    else:
        query = _scanned_key_figures(f)
    row = query.run(con).fetchone()
    return dict(
        zip(["items", "digests", "sources", "companies"], (int(v or 0) for v in row), strict=True)
    )


def _scanned_key_figures(f: Filters) -> Sql:
    # Joins, not `IN (SELECT ...)`: item ids are unique in `filtered`, so the
    # result is the same, and a join pushes the filtered id range into the scans
    # of the enrichment tables (rows are stored in item order, so a date range
    # reads only its own row groups). With a date range only, `filtered` is
    # re-read rather than materialized: scanning `items` again is cheaper than
    # buffering 1M rows (100 vs 135 ms); text, company, source and category
    # tests are worth computing once.
    costly = bool(f.text.strip() or f.companies or f.sources or f.categories)
    return sql(
        f"""
        WITH filtered AS {"" if costly else "NOT "}MATERIALIZED ({{filtered}})
        SELECT (SELECT count(*) FROM filtered) AS items,
               (SELECT count(DISTINCT digest_id) FROM filtered) AS digests,
               (SELECT count(DISTINCT {{source_key}})
                  FROM item_sources s JOIN filtered USING (item_id)) AS sources,
               (SELECT count(DISTINCT c.company) FROM item_companies c JOIN filtered USING (item_id)) AS companies""",
        filtered=filtered_items(f, ("digest_id",)),
        source_key=fragments.source_key("s"),
    )


def list_items(
    con,
    f: Filters,
    *,
    limit: int = 50,
    offset: int = 0,
    order: str = "newest",
    item_ids: list[int] | None = None,
) -> pd.DataFrame:
    """Items with their keywords, companies, models and categories, and where they come from
    (series, section, source label, file and line), newest (or oldest) first."""
    if item_ids is None:
        return _item_page(con, f, limit=limit, offset=offset, order=order)
    return _item_page(
        con,
        f,
        limit=limit,
        offset=offset,
        order=order,
        # Ids may come as numpy integers (from a DataFrame cell), which DuckDB cannot bind.
        where=sql(
            "WHERE item_id IN (SELECT unnest(CAST({ids} AS BIGINT[])))",
            ids=[int(i) for i in item_ids],
        ),
    )


def _item_page(
    con,
    f: Filters,
    *,
    limit: int,
    offset: int,
    order: str,
    where: Sql = Sql(""),
    key_items: Sql | None = None,
) -> pd.DataFrame:
    """One page of filtered items (rows matching `where`, and yielded by `key_items` when given).

    The page is chosen first from narrow columns, then only its rows get their
    text and their keyword, company and category lists (correlated subqueries
    per item aggregated the whole enrichment tables — 2.4 s for a page at 1M
    items). Every join below has the page on its small side, so DuckDB pushes
    the page's id range into the scans and reads only those row groups.
    """
    direction = "DESC" if order == "newest" else "ASC"
    ctes = [
        sql("filtered AS ({filtered})", filtered=filtered_items(f, ("digest_id", "position"))),
        sql(
            f"candidates AS {'MATERIALIZED ' if key_items else ''}(SELECT * FROM filtered {{where}})",
            where=where,
        ),
    ]
    member_filter = ""
    if key_items is not None:
        # Bounded by the candidates' id range rather than joined to them: the
        # bounds become a scan filter, so only the candidates' row groups of the
        # key's table are read. (Joined, DuckDB guessed that 'OpenAI' has 1/93
        # of the company rows, built its hash table on them — 800k rows at 1M
        # items — and scanned the whole table: 80 ms instead of 3.)
        ctes.append(
            sql(
                """members AS (
            SELECT DISTINCT k.item_id FROM ({key_items}) k
            WHERE k.item_id BETWEEN (SELECT min(item_id) FROM candidates) AND (SELECT max(item_id) FROM candidates))""",
                key_items=key_items,
            )
        )
        member_filter = "WHERE item_id IN (SELECT item_id FROM members)"
    ctes.append(
        sql(
            f"""page AS MATERIALIZED (
            SELECT item_id, digest_id, published_at, position FROM candidates {member_filter}
            ORDER BY published_at {direction}, position LIMIT {{limit}} OFFSET {{offset}})""",
            limit=limit,
            offset=offset,
        )
    )
    ctes.append(
        sql(
            """kw AS (SELECT k.item_id, list(DISTINCT k.keyword ORDER BY k.keyword) AS keywords
               FROM item_keywords k JOIN page USING (item_id) WHERE {visible} GROUP BY k.item_id)""",
            visible=fragments.keyword_visible(f.model, "k"),
        )
    )
    ctes.append(
        Sql("""co AS (SELECT c.item_id, list(DISTINCT c.company ORDER BY c.company) AS companies
               FROM item_companies c JOIN page USING (item_id) GROUP BY c.item_id)""")
    )
    ctes.append(
        Sql("""ca AS (SELECT g.item_id, list(DISTINCT g.category ORDER BY g.category) AS categories
               FROM item_categories g JOIN page USING (item_id) GROUP BY g.item_id)""")
    )
    ctes.append(
        Sql("""mo AS (SELECT m.item_id, list(DISTINCT m.product ORDER BY m.product) AS models
               FROM item_products m JOIN page USING (item_id) GROUP BY m.item_id)""")
    )
    frame = (
        sql(
            f"""
        WITH {{ctes}}
        SELECT p.item_id, p.published_at, i.headline, i.author, i.url, i.summary,
               kw.keywords, co.companies, mo.models, ca.categories, d.series, i.section,
               i.source_label, d.source_path, i.source_line
        FROM page p JOIN items i ON i.item_id = p.item_id JOIN digests d ON d.digest_id = p.digest_id
             LEFT JOIN kw ON kw.item_id = p.item_id LEFT JOIN co ON co.item_id = p.item_id
             LEFT JOIN mo ON mo.item_id = p.item_id LEFT JOIN ca ON ca.item_id = p.item_id
        ORDER BY p.published_at {direction}, p.position""",
            ctes=fragments.join(ctes, ", "),
        )
        .run(con)
        .df()
    )
    if not frame.empty:
        frame["published_at"] = _to_display_tz(frame["published_at"], f)
    return frame


def count_items(con, f: Filters) -> int:
    return int(
        sql("SELECT count(*) FROM ({filtered})", filtered=filtered_items(f)).run(con).fetchone()[0]
    )


def items_in_bucket(
    con,
    f: Filters,
    bucket_start: datetime,
    *,
    key_kind: str | None = None,
    key: str | None = None,
    limit: int = 200,
) -> pd.DataFrame:
    """Drill-down: the items behind one point of a time chart."""
    start = pd.Timestamp(bucket_start)
    if start.tzinfo is None:
        start = start.tz_localize(f.zone)
    end = start + f.granularity_facts.length
    lo = max(start.to_pydatetime(), f.start_instant() or start.to_pydatetime())
    hi = min(end.to_pydatetime(), f.end_instant() or end.to_pydatetime())
    # One statement; the key's table is read only over the bucket's id range (see `_item_page`).
    return _item_page(
        con,
        replace(f, start=None, end=None),
        limit=limit,
        offset=0,
        order="newest",
        where=sql("WHERE published_at >= {lo} AND published_at < {hi}", lo=lo, hi=hi),
        key_items=items_carrying_key(key_kind, key, f),
    )


def items_carrying_key(key_kind: str | None, key: str | None, f: Filters) -> Sql | None:
    """The items carrying a chart's key: a stored key, or a free term (Compare's lines)."""
    if key_kind is None or key is None:
        return None
    if key_kind == "term":
        from analysis.query.terms import term_items

        return term_items(key, f)
    return fragments.items_with_key(key_kind, key, f.model)

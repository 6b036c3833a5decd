"""Read-only queries: (connection, Filters) → long DataFrame with fixed columns.

Time series come in long format with the columns
`bucket, key, count, items, share, partial`:
`count` is the number of filtered items in the bucket that carry the key,
`items` the number of filtered items in the bucket, `share = count / items`,
and `partial` marks a first or last bucket that the range only partly covers
(so a half-covered bucket is not read as a drop). Buckets are aligned in the
display time zone and returned as tz-aware timestamps in that zone.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import duckdb
import pandas as pd

from analysis.query.filters import Filters, filtered_items_sql
from analysis.timezones import parse_tz

SERIES_COLUMNS = ["bucket", "key", "count", "items", "share", "partial"]
CADENCE = timedelta(hours=4)


# time_bucket's origin for widths without months: Monday 2000-01-03 00:00, in µs since the epoch.
_BUCKET_ORIGIN_US = 946_857_600_000_000
_WIDTH_US = {"4h": 4 * 3_600_000_000, "day": 86_400_000_000, "week": 7 * 86_400_000_000}


def _bucket_sql(f: Filters, column: str = "published_at") -> tuple[str, list]:
    """SQL for `time_bucket(f.interval, column, f.tz)`, with its parameters.

    ICU's time-zone-aware time_bucket costs about 0.3 µs per row (290 ms for
    1M items on the benchmark machine). For a fixed UTC offset — the default
    display zone is +08:00 — the same buckets are plain integer arithmetic on
    epoch microseconds (6 ms for 1M items); a month is the calendar month of
    the shifted wall-clock time. Zones with DST rules keep ICU.
    """
    zone = parse_tz(f.tz)
    if not isinstance(zone, timezone):
        return f"time_bucket(CAST(? AS INTERVAL), {column}, ?)", [f.interval, f.duckdb_tz]
    offset = int(zone.utcoffset(None) // timedelta(microseconds=1))
    if f.granularity == "month":
        return (
            f"make_timestamptz(epoch_us(date_trunc('month', make_timestamp(epoch_us({column}) "
            f"+ CAST(? AS BIGINT)))) - CAST(? AS BIGINT))",
            [offset, offset],
        )
    width = _WIDTH_US[f.granularity]
    # bucket = t - ((t + offset - origin) mod width), with a floor modulo (also before 2000).
    return (
        f"make_timestamptz(epoch_us({column}) - ((epoch_us({column}) + CAST(? AS BIGINT)) % CAST(? AS BIGINT) "
        f"+ CAST(? AS BIGINT)) % CAST(? AS BIGINT))",
        [offset - _BUCKET_ORIGIN_US, width, width, width],
    )


def _bucket_totals_sql(f: Filters) -> tuple[str, list]:
    items_sql, params = filtered_items_sql(f)
    bucket, bucket_params = _bucket_sql(f)
    sql = f"""
        filtered AS ({items_sql}),
        bucketed AS (SELECT item_id, {bucket} AS bucket FROM filtered),
        totals AS (SELECT bucket, count(*) AS items FROM bucketed GROUP BY bucket)"""
    return sql, params + bucket_params


def keyed_series(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    keys_sql: str,
    keys_params: list,
    keys: list[str] | None = None,
) -> pd.DataFrame:
    """Per-bucket counts of items per key; `keys_sql` yields (item_id, key) pairs.

    With `keys`, only those keys are returned (a key absent from a bucket gets 0).
    """
    if keys is None:
        return series_from_bucketed(
            con,
            f,
            f"SELECT b.bucket, b.item_id, k.key FROM bucketed b JOIN ({keys_sql}) k USING (item_id)",
            keys_params,
        )
    base, params = _bucket_totals_sql(f)
    # Every requested key in every bucket (0 where absent), buckets in order and
    # keys in the order given, in the same statement: the grid used to be
    # completed in pandas after a second query for the bucket totals.
    sql = f"""
        WITH {base},
        wanted AS (SELECT w.key, w.ord FROM unnest(CAST(? AS VARCHAR[])) WITH ORDINALITY AS w(key, ord)),
        pairs AS (SELECT DISTINCT b.bucket, b.item_id, k.key FROM bucketed b JOIN ({keys_sql}) k USING (item_id)
                  WHERE k.key IN (SELECT key FROM wanted)),
        counts AS (SELECT bucket, key, count(*) AS count FROM pairs GROUP BY bucket, key)
        SELECT t.bucket, w.key, coalesce(c.count, 0) AS count, t.items
        FROM totals t CROSS JOIN wanted w LEFT JOIN counts c ON c.bucket = t.bucket AND c.key = w.key
        ORDER BY t.bucket, w.ord"""
    frame = con.execute(sql, params + [list(keys)] + keys_params).df()
    frame["key"] = frame["key"].astype(object)  # as the pandas-completed grid had it
    return _finish_series(con, f, frame)


def series_from_bucketed(
    con: duckdb.DuckDBPyConnection, f: Filters, pairs_sql: str, pairs_params: list
) -> pd.DataFrame:
    """Like `keyed_series` for all keys, from SQL yielding (bucket, item_id, key) rows that may
    use the CTE `bucketed` (item_id, bucket) of the filtered items — e.g. to reach a key through
    a join that DuckDB cannot narrow to the filtered items by itself."""
    base, params = _bucket_totals_sql(f)
    sql = f"""
        WITH {base},
        pairs AS (SELECT DISTINCT bucket, item_id, key FROM ({pairs_sql})),
        counts AS (SELECT bucket, key, count(*) AS count FROM pairs GROUP BY bucket, key)
        SELECT t.bucket, c.key, c.count, t.items
        FROM totals t JOIN counts c USING (bucket)
        ORDER BY t.bucket, c.key"""
    return _finish_series(con, f, con.execute(sql, params + pairs_params).df())


def bucket_totals(con, f: Filters) -> pd.DataFrame:
    base, params = _bucket_totals_sql(f)
    return con.execute(f"WITH {base} SELECT bucket, items FROM totals ORDER BY bucket", params).df()


def _finish_series(con, f: Filters, frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(
            {
                c: pd.Series(dtype=t)
                for c, t in zip(
                    SERIES_COLUMNS,
                    ["datetime64[us, UTC]", "object", "int64", "int64", "float64", "bool"],
                    strict=False,
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
    tz = parse_tz(f.tz)
    series = pd.to_datetime(series, utc=True)
    return series.dt.tz_convert(tz)


def data_extent(con) -> tuple[datetime | None, datetime | None]:
    return con.execute("SELECT min(published_at), max(published_at) FROM items").fetchone()


def partial_buckets(con, f: Filters, buckets: pd.Series) -> pd.Series:
    """True for buckets that the selected range (or the data, when open) covers only in part."""
    range_start, range_end = f.start_instant(), f.end_instant()
    if range_start is None or range_end is None:
        first, last = data_extent(con)  # a scan of every item: only when the range is open
        if first is None:
            return pd.Series(False, index=buckets.index)
        tz = parse_tz(f.tz)
        range_start = range_start or _floor_cadence(first.astimezone(tz))
        range_end = range_end or _floor_cadence(last.astimezone(tz)) + CADENCE
    elif con.execute("SELECT NOT EXISTS (SELECT 1 FROM items)").fetchone()[0]:
        return pd.Series(False, index=buckets.index)
    # Vectorised: a per-bucket Python call cost 0.4 s for 28k buckets (10 keys, all weeks of 1M items).
    ends = buckets + _bucket_length(f.granularity)
    return (buckets < pd.Timestamp(range_start)) | (ends > pd.Timestamp(range_end))


def _floor_cadence(moment: datetime) -> datetime:
    return moment.replace(hour=moment.hour - moment.hour % 4, minute=0, second=0, microsecond=0)


def _bucket_length(granularity: str) -> pd.DateOffset | pd.Timedelta:
    if granularity == "month":
        return pd.DateOffset(months=1)
    return {
        "4h": pd.Timedelta(hours=4),
        "day": pd.Timedelta(days=1),
        "week": pd.Timedelta(weeks=1),
    }[granularity]


def _bucket_end(start: pd.Timestamp, granularity: str) -> pd.Timestamp:
    return start + _bucket_length(granularity)


# ------------------------------------------------------------------ items


def items_over_time(con, f: Filters) -> pd.DataFrame:
    """bucket, items, digests, partial."""
    # One pass over the filtered items (with their digest_id); joining the
    # buckets back to the totals and to `items` took three hash joins over every item.
    items_sql, params = filtered_items_sql(f, ("digest_id",))
    bucket, bucket_params = _bucket_sql(f)
    frame = con.execute(
        f"""
        WITH filtered AS ({items_sql})
        SELECT {bucket} AS bucket, count(*) AS items, count(DISTINCT digest_id) AS digests
        FROM filtered GROUP BY 1 ORDER BY 1""",
        params + bucket_params,
    ).df()
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
    # Joins, not `IN (SELECT ...)`: item ids are unique in `filtered`, so the
    # result is the same, and a join pushes the filtered id range into the scans
    # of the enrichment tables (rows are stored in item order, so a date range
    # reads only its own row groups). With a date range only, `filtered` is
    # re-read rather than materialized: scanning `items` again is cheaper than
    # buffering 1M rows (100 vs 135 ms); text, company, source and category
    # tests are worth computing once.
    items_sql, params = filtered_items_sql(f, ("digest_id",))
    costly = bool(f.text.strip() or f.companies or f.sources or f.categories)
    row = con.execute(
        f"""
        WITH filtered AS {"" if costly else "NOT "}MATERIALIZED ({items_sql})
        SELECT (SELECT count(*) FROM filtered) AS items,
               (SELECT count(DISTINCT digest_id) FROM filtered) AS digests,
               (SELECT count(DISTINCT coalesce(lower(s.handle), s.source))
                  FROM item_sources s JOIN filtered USING (item_id)) AS sources,
               (SELECT count(DISTINCT c.company) FROM item_companies c JOIN filtered USING (item_id)) AS companies""",
        params,
    ).fetchone()
    return dict(
        zip(["items", "digests", "sources", "companies"], (int(v or 0) for v in row), strict=False)
    )


ITEM_COLUMNS = [
    "item_id",
    "published_at",
    "headline",
    "author",
    "url",
    "summary",
    "keywords",
    "companies",
    "categories",
    "source_path",
    "source_line",
]


def list_items(
    con,
    f: Filters,
    *,
    limit: int = 50,
    offset: int = 0,
    order: str = "newest",
    item_ids: list[int] | None = None,
) -> pd.DataFrame:
    """Items with their keywords, companies and categories, newest (or oldest) first."""
    if item_ids is None:
        return _item_page(con, f, limit=limit, offset=offset, order=order)
    return _item_page(
        con,
        f,
        limit=limit,
        offset=offset,
        order=order,
        where="WHERE item_id IN (SELECT unnest(CAST(? AS BIGINT[])))",
        where_params=[list(item_ids)],
    )


def _item_page(
    con,
    f: Filters,
    *,
    limit: int,
    offset: int,
    order: str,
    where: str = "",
    where_params: list | None = None,
    key_items: tuple[str, list] | None = None,
) -> pd.DataFrame:
    """One page of filtered items (rows matching `where`, and yielded by `key_items` when given).

    The page is chosen first from narrow columns, then only its rows get their
    text and their keyword, company and category lists. (Correlated subqueries
    per item used to aggregate the whole enrichment tables — 2.4 s for a page
    at 1M items.) Every join below has the page on its small side, so DuckDB
    pushes the page's id range into the scans and reads only those row groups.
    """
    items_sql, params = filtered_items_sql(f, ("digest_id", "position"))
    params += where_params or []
    direction = "DESC" if order == "newest" else "ASC"
    ctes = [
        f"filtered AS ({items_sql})",
        f"candidates AS {'MATERIALIZED ' if key_items else ''}(SELECT * FROM filtered {where})",
    ]
    member_filter = ""
    if key_items is not None:
        key_sql, key_params = key_items
        # Bounded by the candidates' id range rather than joined to them: the
        # bounds become a scan filter, so only the candidates' row groups of the
        # key's table are read. (Joined, DuckDB guessed that 'OpenAI' has 1/93
        # of the company rows, built its hash table on them — 800k rows at 1M
        # items — and scanned the whole table: 80 ms instead of 3.)
        ctes.append(f"""members AS (
            SELECT DISTINCT k.item_id FROM ({key_sql}) k
            WHERE k.item_id BETWEEN (SELECT min(item_id) FROM candidates) AND (SELECT max(item_id) FROM candidates))""")
        params += key_params
        member_filter = "WHERE item_id IN (SELECT item_id FROM members)"
    ctes.append(f"""page AS MATERIALIZED (
            SELECT item_id, digest_id, published_at, position FROM candidates {member_filter}
            ORDER BY published_at {direction}, position LIMIT ? OFFSET ?)""")
    ctes.append("""kw AS (SELECT k.item_id, list(DISTINCT k.keyword ORDER BY k.keyword) AS keywords
               FROM item_keywords k JOIN page USING (item_id) WHERE k.model = ? GROUP BY k.item_id)""")
    ctes.append("""co AS (SELECT c.item_id, list(DISTINCT c.company ORDER BY c.company) AS companies
               FROM item_companies c JOIN page USING (item_id) GROUP BY c.item_id)""")
    ctes.append("""ca AS (SELECT g.item_id, list(DISTINCT g.category ORDER BY g.category) AS categories
               FROM item_categories g JOIN page USING (item_id) GROUP BY g.item_id)""")
    frame = con.execute(
        f"""
        WITH {", ".join(ctes)}
        SELECT p.item_id, p.published_at, i.headline, i.author, i.url, i.summary,
               kw.keywords, co.companies, ca.categories, d.source_path, i.source_line
        FROM page p JOIN items i ON i.item_id = p.item_id JOIN digests d ON d.digest_id = p.digest_id
             LEFT JOIN kw ON kw.item_id = p.item_id LEFT JOIN co ON co.item_id = p.item_id
             LEFT JOIN ca ON ca.item_id = p.item_id
        ORDER BY p.published_at {direction}, p.position""",
        params + [limit, offset, f.model],
    ).df()
    if not frame.empty:
        frame["published_at"] = _to_display_tz(frame["published_at"], f)
    return frame


def count_items(con, f: Filters) -> int:
    items_sql, params = filtered_items_sql(f)
    return int(con.execute(f"SELECT count(*) FROM ({items_sql})", params).fetchone()[0])


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
        start = start.tz_localize(parse_tz(f.tz))
    end = _bucket_end(start, f.granularity)
    lo = max(start.to_pydatetime(), f.start_instant() or start.to_pydatetime())
    hi = min(end.to_pydatetime(), f.end_instant() or end.to_pydatetime())
    narrowed = Filters(**{**f.__dict__, "start": None, "end": None})
    # One statement (it used to collect the ids, then list them with a
    # `list_contains` test on every item); the key's table is read only over
    # the bucket's id range (see `_item_page`).
    return _item_page(
        con,
        narrowed,
        limit=limit,
        offset=0,
        order="newest",
        where="WHERE published_at >= ? AND published_at < ?",
        where_params=[lo, hi],
        key_items=_key_items_sql(key_kind, key, f),
    )


def _key_items_sql(key_kind: str | None, key: str | None, f: Filters) -> tuple[str, list] | None:
    """SQL yielding the `item_id` of the items carrying a chart's key, or None for no key."""
    if key_kind is None or key is None:
        return None
    tables = {
        "keyword": (
            "SELECT item_id FROM item_keywords WHERE keyword_norm = ? AND (model = ? OR model = '')",
            [key, f.model],
        ),
        "company": ("SELECT item_id FROM item_companies WHERE company = ?", [key]),
        "product": ("SELECT item_id FROM item_products WHERE product = ?", [key]),
        "family": ("SELECT item_id FROM item_products WHERE family = ?", [key]),
        "source": (
            "SELECT item_id FROM item_sources WHERE coalesce(lower(handle), source) = ?",
            [key],
        ),
        "category": ("SELECT item_id FROM item_categories WHERE category = ?", [key]),
        "declared_category": (
            "SELECT i.item_id FROM items i JOIN digests d USING (digest_id) WHERE list_contains(d.categories, ?)",
            [key],
        ),
    }
    return tables[key_kind]

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

from datetime import datetime, timedelta

import duckdb
import pandas as pd

from analysis.filters import Filters, filtered_items_sql
from analysis.timezones import parse_tz

SERIES_COLUMNS = ["bucket", "key", "count", "items", "share", "partial"]
CADENCE = timedelta(hours=4)


def _bucket_totals_sql(f: Filters) -> tuple[str, list]:
    items_sql, params = filtered_items_sql(f)
    sql = f"""
        filtered AS ({items_sql}),
        bucketed AS (
            SELECT item_id, time_bucket(CAST(? AS INTERVAL), published_at, ?) AS bucket FROM filtered),
        totals AS (SELECT bucket, count(*) AS items FROM bucketed GROUP BY bucket)"""
    return sql, params + [f.interval, f.duckdb_tz]


def keyed_series(con: duckdb.DuckDBPyConnection, f: Filters, keys_sql: str, keys_params: list,
                 keys: list[str] | None = None) -> pd.DataFrame:
    """Per-bucket counts of items per key; `keys_sql` yields (item_id, key) pairs.

    With `keys`, only those keys are returned (a key absent from a bucket gets 0).
    """
    base, params = _bucket_totals_sql(f)
    key_filter = "WHERE list_contains(?, k.key)" if keys is not None else ""
    sql = f"""
        WITH {base},
        pairs AS (SELECT DISTINCT b.bucket, b.item_id, k.key FROM bucketed b JOIN ({keys_sql}) k USING (item_id)
                  {key_filter}),
        counts AS (SELECT bucket, key, count(*) AS count FROM pairs GROUP BY bucket, key)
        SELECT t.bucket, c.key, coalesce(c.count, 0) AS count, t.items
        FROM totals t JOIN counts c USING (bucket)
        ORDER BY t.bucket, c.key"""
    all_params = params + keys_params + ([list(keys)] if keys is not None else [])
    frame = con.execute(sql, all_params).df()
    if keys is not None:
        frame = _fill_missing_keys(con, f, frame, keys)
    return _finish_series(con, f, frame)


def _fill_missing_keys(con, f: Filters, frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    totals = bucket_totals(con, f)
    if totals.empty:
        return frame
    if not keys:
        return frame
    grid = totals.merge(pd.DataFrame({"key": pd.Series(list(keys), dtype=object)}), how="cross")
    # An empty result comes back with untyped columns; align the key's type with the grid's.
    found = frame[["bucket", "key", "count"]].astype({"key": object})
    merged = grid.merge(found, on=["bucket", "key"], how="left")
    merged["count"] = merged["count"].fillna(0).astype("int64")
    return merged[["bucket", "key", "count", "items"]]


def bucket_totals(con, f: Filters) -> pd.DataFrame:
    base, params = _bucket_totals_sql(f)
    return con.execute(f"WITH {base} SELECT bucket, items FROM totals ORDER BY bucket", params).df()


def _finish_series(con, f: Filters, frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            SERIES_COLUMNS, [f"datetime64[us, UTC]", "object", "int64", "int64", "float64", "bool"])})
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
    first, last = data_extent(con)
    if first is None:
        return pd.Series(False, index=buckets.index)
    tz = parse_tz(f.tz)
    range_start = f.start_instant() or _floor_cadence(first.astimezone(tz))
    range_end = f.end_instant() or _floor_cadence(last.astimezone(tz)) + CADENCE
    starts = buckets
    ends = buckets.map(lambda b: _bucket_end(b, f.granularity))
    return (starts < pd.Timestamp(range_start)) | (ends > pd.Timestamp(range_end))


def _floor_cadence(moment: datetime) -> datetime:
    return moment.replace(hour=moment.hour - moment.hour % 4, minute=0, second=0, microsecond=0)


def _bucket_end(start: pd.Timestamp, granularity: str) -> pd.Timestamp:
    if granularity == "month":
        return start + pd.DateOffset(months=1)
    return start + {"4h": pd.Timedelta(hours=4), "day": pd.Timedelta(days=1), "week": pd.Timedelta(weeks=1)}[granularity]


# ------------------------------------------------------------------ items


def items_over_time(con, f: Filters) -> pd.DataFrame:
    """bucket, items, digests, partial."""
    base, params = _bucket_totals_sql(f)
    frame = con.execute(f"""
        WITH {base}
        SELECT t.bucket, t.items, count(DISTINCT i.digest_id) AS digests
        FROM totals t JOIN bucketed b USING (bucket) JOIN items i USING (item_id)
        GROUP BY t.bucket, t.items ORDER BY t.bucket""", params).df()
    if frame.empty:
        return pd.DataFrame({"bucket": pd.Series(dtype="datetime64[us, UTC]"), "items": pd.Series(dtype="int64"),
                             "digests": pd.Series(dtype="int64"), "partial": pd.Series(dtype="bool")})
    frame["bucket"] = _to_display_tz(frame["bucket"], f)
    frame["partial"] = partial_buckets(con, f, frame["bucket"])
    return frame


def key_figures(con, f: Filters) -> dict[str, int]:
    items_sql, params = filtered_items_sql(f)
    row = con.execute(f"""
        WITH filtered AS ({items_sql})
        SELECT count(*) AS items,
               count(DISTINCT i.digest_id) AS digests,
               (SELECT count(DISTINCT coalesce(lower(s.handle), s.source)) FROM item_sources s
                 WHERE s.item_id IN (SELECT item_id FROM filtered)) AS sources,
               (SELECT count(DISTINCT c.company) FROM item_companies c
                 WHERE c.item_id IN (SELECT item_id FROM filtered)) AS companies
        FROM filtered JOIN items i USING (item_id)""", params).fetchone()
    return dict(zip(["items", "digests", "sources", "companies"], (int(v or 0) for v in row)))


ITEM_COLUMNS = ["item_id", "published_at", "headline", "author", "url", "summary",
                "keywords", "companies", "categories", "source_path", "source_line"]


def list_items(con, f: Filters, *, limit: int = 50, offset: int = 0, order: str = "newest",
               item_ids: list[int] | None = None) -> pd.DataFrame:
    """Items with their keywords, companies and categories, newest (or oldest) first."""
    items_sql, params = filtered_items_sql(f)
    direction = "DESC" if order == "newest" else "ASC"
    id_filter = "WHERE list_contains(?, i.item_id)" if item_ids is not None else ""
    id_params = [list(item_ids)] if item_ids is not None else []
    frame = con.execute(f"""
        WITH filtered AS ({items_sql})
        SELECT i.item_id, i.published_at, i.headline, i.author, i.url, i.summary,
               (SELECT list(DISTINCT k.keyword ORDER BY k.keyword) FROM item_keywords k
                 WHERE k.item_id = i.item_id AND k.model = ?) AS keywords,
               (SELECT list(DISTINCT c.company ORDER BY c.company) FROM item_companies c
                 WHERE c.item_id = i.item_id) AS companies,
               (SELECT list(DISTINCT g.category ORDER BY g.category) FROM item_categories g
                 WHERE g.item_id = i.item_id) AS categories,
               d.source_path, i.source_line
        FROM filtered JOIN items i USING (item_id) JOIN digests d USING (digest_id)
        {id_filter}
        ORDER BY i.published_at {direction}, i.position
        LIMIT ? OFFSET ?""", params + [f.model] + id_params + [limit, offset]).df()
    if not frame.empty:
        frame["published_at"] = _to_display_tz(frame["published_at"], f)
    return frame


def count_items(con, f: Filters) -> int:
    items_sql, params = filtered_items_sql(f)
    return int(con.execute(f"SELECT count(*) FROM ({items_sql})", params).fetchone()[0])


def items_in_bucket(con, f: Filters, bucket_start: datetime, *, key_kind: str | None = None,
                    key: str | None = None, limit: int = 200) -> pd.DataFrame:
    """Drill-down: the items behind one point of a time chart."""
    start = pd.Timestamp(bucket_start)
    if start.tzinfo is None:
        start = start.tz_localize(parse_tz(f.tz))
    end = _bucket_end(start, f.granularity)
    lo = max(start.to_pydatetime(), f.start_instant() or start.to_pydatetime())
    hi = min(end.to_pydatetime(), f.end_instant() or end.to_pydatetime())
    narrowed = Filters(**{**f.__dict__, "start": None, "end": None})
    items_sql, params = filtered_items_sql(narrowed)
    key_sql, key_params = _key_membership_sql(key_kind, key, f)
    ids = [row[0] for row in con.execute(f"""
        SELECT item_id FROM ({items_sql}) WHERE published_at >= ? AND published_at < ? {key_sql}""",
        params + [lo, hi] + key_params).fetchall()]
    return list_items(con, narrowed, limit=limit, item_ids=ids)


def _key_membership_sql(key_kind: str | None, key: str | None, f: Filters) -> tuple[str, list]:
    if key_kind is None or key is None:
        return "", []
    tables = {
        "keyword": ("SELECT item_id FROM item_keywords WHERE keyword_norm = ? AND model = ?", [key, f.model]),
        "company": ("SELECT item_id FROM item_companies WHERE company = ?", [key]),
        "source": ("SELECT item_id FROM item_sources WHERE coalesce(lower(handle), source) = ?", [key]),
        "category": ("SELECT item_id FROM item_categories WHERE category = ?", [key]),
        "declared_category": ("SELECT i.item_id FROM items i JOIN digests d USING (digest_id) "
                              "WHERE list_contains(d.categories, ?)", [key]),
    }
    sql, params = tables[key_kind]
    return f"AND item_id IN ({sql})", params

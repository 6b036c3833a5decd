"""Per-day pre-aggregates: what the dashboard's aggregates sum instead of scanning every item.

One table per dimension (`DAILY_TABLES`, declared in `analysis.store.schema`), each holding per
day and key the number of distinct items (each (item, key) pair counted once, when the table
is built, so readers only add). `day` is the start of the item's day at one fixed UTC offset:
the display zone's when that is a fixed offset (the default, +08:00), else UTC; meta
`daily_offset_us` records it, and a reader whose zone has another offset (or DST rules) cannot
use the tables (`analysis.query.filters.daily_answerable`).

Writers keep them exact inside their own transaction: a day's rows are recomputed whole from
the item tables whenever one of its items or their enrichment rows change (`refresh`), so a
reader never sees them disagree with the items. Only items every query can show
(`DISPLAYABLE_FROM` .. `DISPLAYABLE_UNTIL`) are counted.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import duckdb

from analysis import settings
from analysis.timezones import parse_tz

OFFSET_KEY = "daily_offset_us"
DAY_US = 86_400_000_000

# pandas holds nanosecond timestamps (years 1677..2262), and a date near year 1 or 9999 has no
# equivalent in some zones. Rows stored outside this span (by hand, or before dates were
# bounded at ingest) are left out of every query rather than breaking every page.
DISPLAYABLE_FROM = datetime(1678, 1, 1, tzinfo=UTC)
DISPLAYABLE_UNTIL = datetime(2262, 1, 1, tzinfo=UTC)


def epoch_floor(column: str, shift: str, width: str) -> str:
    """SQL for the start of the `width`-µs bucket holding `column` when buckets start where
    epoch µs + `shift` is a multiple of `width` (a floor modulo, so also before 1970)."""
    return (
        f"make_timestamptz(epoch_us({column}) - ((epoch_us({column}) + {shift}) % {width}"
        f" + {width}) % {width})"
    )


def day_start(column: str, offset_us: int) -> str:
    """SQL for the start of `column`'s day at a UTC offset of `offset_us` µs."""
    return epoch_floor(column, f"CAST({offset_us} AS BIGINT)", f"CAST({DAY_US} AS BIGINT)")


def configured_offset_us() -> int:
    """The offset days are stored at: the display zone's when fixed, else UTC's."""
    zone = parse_tz(settings.get("display_tz"))
    if isinstance(zone, timezone):
        return int(zone.utcoffset(None) // timedelta(microseconds=1))
    return 0


def stored_offset_us(con: duckdb.DuckDBPyConnection) -> int | None:
    """The offset of the stored days, or None when the tables were never built (an older file)."""
    try:
        rows = con.execute("SELECT value FROM meta WHERE key = ?", [OFFSET_KEY]).fetchall()
    except duckdb.CatalogException:
        return None
    return int(rows[0][0]) if rows else None


# Each table's rows for the days in CTE `day_items (item_id, digest_id, published_at, day)`.
_ROWS: dict[str, str] = {
    "daily_items": """
        SELECT day, count(*), count(DISTINCT digest_id) FROM day_items GROUP BY day""",
    # `also_bold`: items whose bold terms give the keyword too, so that the items showing it
    # under model m (its rows plus the bold rows, model '') add up as m + '' - also_bold.
    "daily_keywords": """
        SELECT day, model, keyword_norm, count(*), count(*) FILTER (WHERE model <> '' AND with_bold)
        FROM (SELECT day, model, keyword_norm,
                     bool_or(model = '') OVER (PARTITION BY item_id, keyword_norm) AS with_bold
              FROM (SELECT DISTINCT d.day, k.item_id, k.model, k.keyword_norm
                    FROM item_keywords k JOIN day_items d USING (item_id) WHERE {bounded_k}))
        GROUP BY day, model, keyword_norm""",
    "daily_keyword_spellings": """
        SELECT d.day, k.model, k.keyword_norm, k.keyword, count(*)
        FROM item_keywords k JOIN day_items d USING (item_id) WHERE {bounded_k}
        GROUP BY d.day, k.model, k.keyword_norm, k.keyword""",
    "daily_companies": """
        SELECT day, company, count(*), count(*) FILTER (WHERE NOT only_products)
        FROM ({company_mentions}) GROUP BY day, company""",
    # Pairs a < b named in one item; `direct_items`: both named other than through a product.
    "daily_co_mentions": """
        SELECT a.day, a.company, b.company, count(*),
               count(*) FILTER (WHERE NOT a.only_products AND NOT b.only_products)
        FROM ({company_mentions}) a JOIN ({company_mentions}) b
             ON a.item_id = b.item_id AND a.company < b.company
        GROUP BY a.day, a.company, b.company""",
    "daily_sources": """
        SELECT d.day, {source_key}, s.source, s.handle, s.platform, s.affiliation, count(*)
        FROM item_sources s JOIN day_items d USING (item_id) WHERE {bounded_s}
        GROUP BY ALL""",
    # One row per item and product; an item names one product under one family and company.
    "daily_products": """
        SELECT day, product, family, company, count(*), sum(mentions),
               min(published_at), max(published_at)
        FROM (SELECT d.day, p.item_id, p.product, min(p.family) AS family,
                     min(p.company) AS company, count(*) AS mentions,
                     any_value(d.published_at) AS published_at
              FROM item_products p JOIN day_items d USING (item_id) WHERE {bounded_p}
              GROUP BY d.day, p.item_id, p.product)
        GROUP BY day, product, family, company""",
    "daily_families": """
        SELECT d.day, p.family, count(DISTINCT p.item_id)
        FROM item_products p JOIN day_items d USING (item_id) WHERE {bounded_p}
        GROUP BY d.day, p.family""",
    "daily_categories": """
        SELECT d.day, c.category, count(*)
        FROM item_categories c JOIN day_items d USING (item_id) WHERE {bounded_c}
        GROUP BY d.day, c.category""",
    "daily_declared_categories": """
        SELECT day, category, count(DISTINCT item_id)
        FROM (SELECT d.day, d.item_id, unnest(g.categories) AS category
              FROM day_items d JOIN digests g USING (digest_id))
        GROUP BY day, category""",
}
DAILY_TABLES = tuple(_ROWS)
# The days' item-id range, as a scan filter on the enrichment tables: rows are stored in item
# order, so only the days' row groups are read (joined alone, every row was probed).
_BOUNDS = "bounds AS (SELECT min(item_id) AS lo, max(item_id) AS hi FROM day_items)"


def _rows(table: str) -> str:
    bounded = {
        f"bounded_{alias}": f"{alias}.item_id BETWEEN (SELECT lo FROM bounds) AND (SELECT hi FROM bounds)"
        for alias in "kcsp"
    }
    # One row per item and company it names, and whether only through its products.
    company_mentions = """SELECT d.day, c.item_id, c.company, bool_and(c.via_product) AS only_products
        FROM item_companies c JOIN day_items d USING (item_id) WHERE {bounded_c}
        GROUP BY d.day, c.item_id, c.company""".format(**bounded)
    return _ROWS[table].format(
        source_key=source_key_sql("s"), company_mentions=company_mentions, **bounded
    )


ENTITY_TABLES = (
    "daily_companies",
    "daily_co_mentions",
    "daily_sources",
    "daily_products",
    "daily_families",
)
# What new items change: stored items have no enrichment rows yet.
ITEM_TABLES = ("daily_items", "daily_declared_categories")
KEYWORD_TABLES = ("daily_keywords", "daily_keyword_spellings", "daily_categories")


def visible_keywords_sql(alias: str = "", model: str = "?") -> str:
    """SQL true for the keyword rows a model's views read (over `item_keywords`): the model's own
    rows (`model` is its placeholder) plus the digests' bold terms, whose rows carry model ''."""
    column = f"{alias}.model" if alias else "model"
    return f"({column} = {model} OR {column} = '')"


def source_key_sql(alias: str = "") -> str:
    """SQL for the key a source is counted under (over `item_sources`): its handle when it has
    one, so one person under two display names counts once; otherwise its display name."""
    prefix = f"{alias}." if alias else ""
    return f"coalesce(lower({prefix}handle), {prefix}source)"


def _displayable(column: str) -> str:
    return f"{column} >= ? AND {column} < ?"


def days_of(con: duckdb.DuckDBPyConnection, column: str, ids: list[int]) -> list[int]:
    """The stored days (epoch µs) of the digests (`column` 'digest_id') or items ('item_id')
    in `ids`; an item's time is its digest's, so digests are looked up in `digests`."""
    if not ids:
        return []
    offset = stored_offset_us(con) or 0
    table = "digests" if column == "digest_id" else "items"
    ids = sorted(set(ids))
    rows = con.execute(
        f"SELECT DISTINCT epoch_us({day_start('published_at', offset)}) FROM {table} "
        f"WHERE {column} BETWEEN ? AND ? AND list_contains(?, {column})",
        [ids[0], ids[-1], ids],
    ).fetchall()
    return [row[0] for row in rows]


def refresh(
    con: duckdb.DuckDBPyConnection,
    days: list[int] | None,
    tables: tuple[str, ...] = DAILY_TABLES,
) -> None:
    """Recompute `tables` for `days` (epoch µs of their starts; None: every day) from the item
    tables. The caller owns the transaction, so readers see the change whole."""
    if days is not None and not days:
        return
    offset = stored_offset_us(con)
    if offset is None:
        return  # built whole by `ensure_current` on the next write connection
    day = day_start("published_at", offset)
    where, params = _displayable("published_at"), [DISPLAYABLE_FROM, DISPLAYABLE_UNTIL]
    if days is not None:
        days = sorted(set(days))
        # The range first: items are stored in time order, so it skips most row groups.
        where += " AND published_at >= make_timestamptz(?) AND published_at < make_timestamptz(?)"
        where += f" AND list_contains(?, epoch_us({day}))"
        params += [days[0], days[-1] + DAY_US, days]
    day_items = (
        f"day_items AS MATERIALIZED (SELECT item_id, digest_id, published_at, {day} AS day "
        f"FROM items WHERE {where})"
    )
    for table in tables:
        if days is None:
            con.execute(f"DELETE FROM {table}")
        else:
            con.execute(f"DELETE FROM {table} WHERE list_contains(?, epoch_us(day))", [days])
        con.execute(f"INSERT INTO {table} WITH {day_items}, {_BOUNDS} {_rows(table)}", params)


def ensure_current(con: duckdb.DuckDBPyConnection) -> None:
    """Build every table whole when they were never built or their days are at another offset
    than the display zone's now; a no-op otherwise (one meta read)."""
    wanted = configured_offset_us()
    if stored_offset_us(con) == wanted:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM meta WHERE key = ?", [OFFSET_KEY])
        con.execute("INSERT INTO meta VALUES (?, ?)", [OFFSET_KEY, str(wanted)])
        refresh(con, None)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise

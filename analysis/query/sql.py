"""SQL fragments shared by the queries, one per concept, each carrying its own parameters.

A fragment is composed with `sql(template, name=part, ...)`: a `{name}` field takes either another
fragment (inlined with its parameters) or a value (bound as `?`). Parameters are collected in the
order their fields appear, so no caller keeps `?` positions in step with a parameter list by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta, timezone
from string import Formatter
from typing import TYPE_CHECKING, Any

import duckdb

from analysis.store.daily import (
    DISPLAYABLE_FROM,
    DISPLAYABLE_UNTIL,
    epoch_floor,
    source_key_sql,
    visible_keywords_sql,
)

if TYPE_CHECKING:
    from analysis.query.filters import Filters

_FORMATTER = Formatter()


@dataclass(frozen=True)
class Sql:
    text: str
    params: tuple[Any, ...] = ()

    def run(self, con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
        return con.execute(self.text, list(self.params))


def sql(template: str, /, **parts: Any) -> Sql:
    """Fill `{name}` fields of `template` (literal braces doubled, as in str.format)."""
    text: list[str] = []
    params: list[Any] = []
    for literal, name, spec, conversion in _FORMATTER.parse(template):
        text.append(literal)
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"field {{{name}}}: format specs and conversions are not supported")
        part = parts[name]
        if isinstance(part, Sql):
            text.append(part.text)
            params.extend(part.params)
        else:
            text.append("?")
            params.append(part)
    return Sql("".join(text), tuple(params))


def join(parts: list[Sql], separator: str) -> Sql:
    return Sql(separator.join(p.text for p in parts), tuple(v for p in parts for v in p.params))


def _column(alias: str, name: str) -> str:
    return f"{alias}.{name}" if alias else name


# ------------------------------------------------------------------ keywords


def keyword_visible(model: str, alias: str = "") -> Sql:
    """True for the keyword rows a query reads: the current model's plus the digests' bold terms.

    Keyword rows come from two origins: `keybert` (rows carry the embedding model's name) and
    `bold` (the digest's own bold terms, rows carry an empty model name).
    """
    return sql(visible_keywords_sql(alias, "{model}"), model=model)


# ------------------------------------------------------------------ sources


def source_key(alias: str = "") -> Sql:
    """The key a source is counted under: its handle when it has one, so one person under two
    display names counts once; otherwise its display name."""
    return Sql(source_key_sql(alias))


# ------------------------------------------------------------------ keys


KEY_KINDS = ("keyword", "company", "product", "family", "source", "category", "declared_category")


def items_with_key(kind: str, key: str, model: str) -> Sql:
    """SQL yielding the `item_id` of the items that carry one chart key of the given kind."""
    if kind == "keyword":
        return sql(
            "SELECT item_id FROM item_keywords WHERE keyword_norm = {key} AND {visible}",
            key=key,
            visible=keyword_visible(model),
        )
    if kind == "company":
        return sql("SELECT item_id FROM item_companies WHERE company = {key}", key=key)
    if kind == "product":
        return sql("SELECT item_id FROM item_products WHERE product = {key}", key=key)
    if kind == "family":
        return sql("SELECT item_id FROM item_products WHERE family = {key}", key=key)
    if kind == "source":
        return sql(
            "SELECT item_id FROM item_sources WHERE {source_key} = {key}",
            source_key=source_key(),
            key=key,
        )
    if kind == "category":
        return sql("SELECT item_id FROM item_categories WHERE category = {key}", key=key)
    if kind == "declared_category":
        return sql(
            "SELECT i.item_id FROM items i JOIN digests d USING (digest_id) "
            "WHERE list_contains(d.categories, {key})",
            key=key,
        )
    raise ValueError(f"key kind must be one of {', '.join(KEY_KINDS)}")


# ------------------------------------------------------------------ extent


def displayable(column: str = "published_at") -> Sql:
    """Rows whose `column` every query and chart can show."""
    return sql(
        f"{column} >= {{first}} AND {column} < {{until}}",
        first=DISPLAYABLE_FROM,
        until=DISPLAYABLE_UNTIL,
    )


EXTENT = sql(
    "SELECT min(published_at), max(published_at) FROM items WHERE {shown}", shown=displayable()
)
"""The first and last publication instants of the items queries can show."""


# ------------------------------------------------------------------ shares


def count_total(by_units: bool) -> str:
    """The aggregate over the CTE `filtered` that a share divides by: its items, or their
    distinct `unit`s (`filters.filtered_units`, a story counting once)."""
    return "count(DISTINCT unit)" if by_units else "count(*)"


def share_of_filtered(
    filtered: Sql,
    counted: Sql,
    columns: tuple[str, ...],
    order: str,
    limit: int,
    by_units: bool = False,
) -> Sql:
    """Rankings: `counted` (which may read the CTE `filtered`) yields one row per key with its
    `items`; the result adds `share` (items / number of filtered items, or of their distinct
    `unit`s with `by_units`: `filters.filtered_units`) where `columns` names it.
    """
    return _ranking(
        sql(
            f"filtered AS ({{filtered}}), total AS (SELECT {count_total(by_units)} AS n FROM filtered)",
            filtered=filtered,
        ),
        counted,
        columns,
        order,
        limit,
    )


def share_of_days(days: Sql, counted: Sql, columns: tuple[str, ...], order: str, limit: int) -> Sql:
    """`share_of_filtered` from the per-day tables: `days` selects the range's rows of
    `daily_items`; `counted` reads the other per-day tables itself."""
    return _ranking(
        sql(
            "total AS (SELECT CAST(coalesce(sum(items), 0) AS BIGINT) AS n FROM daily_items WHERE {days})",
            days=days,
        ),
        counted,
        columns,
        order,
        limit,
    )


def _ranking(total: Sql, counted: Sql, columns: tuple[str, ...], order: str, limit: int) -> Sql:
    select = ", ".join("items / total.n AS share" if c == "share" else c for c in columns)
    return sql(
        f"""
        WITH {{total}},
        counted AS ({{counted}})
        SELECT {select}
        FROM counted, total
        ORDER BY {order} LIMIT {{limit}}""",
        total=total,
        counted=counted,
        limit=limit,
    )


def most_common(value: str, weight: str) -> str:
    """Aggregate: the non-NULL `value` of the largest summed `weight` (rows already grouped by
    value), ties to the smallest value — a `mode` that does not depend on the row order."""
    return f"first({value} ORDER BY {weight} DESC, {value}) FILTER (WHERE {value} IS NOT NULL)"


# ------------------------------------------------------------------ buckets

# time_bucket's origin for widths without months: Monday 2000-01-03 00:00, in µs since the epoch.
_BUCKET_ORIGIN_US = 946_857_600_000_000


def bucket(f: Filters, column: str = "published_at") -> Sql:
    """The start of the display-zone bucket holding `column`: `time_bucket(interval, column, zone)`.

    ICU's time-zone-aware time_bucket costs about 0.3 µs per row (290 ms for 1M items on the
    benchmark machine), and ICU has no name for a half-hour offset such as +05:30. For a fixed
    UTC offset — the default display zone is +08:00 — the same buckets are plain integer
    arithmetic on epoch microseconds (6 ms for 1M items); a month is the calendar month of the
    shifted wall-clock time. Zones with DST rules keep ICU.
    """
    granularity = f.granularity_facts
    if not isinstance(f.zone, timezone):
        return sql(
            f"time_bucket(CAST({{interval}} AS INTERVAL), {column}, {{zone}})",
            interval=granularity.interval,
            zone=f.duckdb_tz,
        )
    offset = int(f.zone.utcoffset(None) // timedelta(microseconds=1))
    if granularity.width is None:
        return sql(
            f"make_timestamptz(epoch_us(date_trunc('month', make_timestamp(epoch_us({column}) "
            f"+ CAST({{offset}} AS BIGINT)))) - CAST({{offset}} AS BIGINT))",
            offset=offset,
        )
    width = granularity.width // timedelta(microseconds=1)
    # bucket = t - ((t + offset - origin) mod width), with a floor modulo (also before 2000).
    return sql(
        epoch_floor(column, "CAST({shift} AS BIGINT)", "CAST({width} AS BIGINT)"),
        shift=offset - _BUCKET_ORIGIN_US,
        width=width,
    )

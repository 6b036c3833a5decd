"""Filters shared by every query, and the SQL that applies them (parameters bound, never formatted)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, tzinfo

from analysis import settings
from analysis.query.granularity import GRANULARITIES, Granularity
from analysis.query.sql import Sql, join, sql
from analysis.timezones import duckdb_tz_name, parse_tz

# What a trend counts: items, or stories (items telling one event count once per bucket).
COUNT_BY = ("items", "stories")


@dataclass(frozen=True)
class Filters:
    """What the user selected. Dates are whole days in the display time zone, both inclusive."""

    start: date | None = None
    end: date | None = None
    granularity: str = "day"
    tz: str = ""
    categories: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    series: tuple[str, ...] = ()  # digests.series
    text: str = ""
    model: str = ""
    count_by: str = "items"
    zone: tzinfo = field(init=False, repr=False, compare=False)
    """`tz` parsed, once per Filters."""

    def __post_init__(self) -> None:
        if self.granularity not in GRANULARITIES:
            raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}")
        if self.count_by not in COUNT_BY:
            raise ValueError(f"count_by must be one of {', '.join(COUNT_BY)}")
        if not self.tz:
            object.__setattr__(self, "tz", settings.get("display_tz"))
        if not self.model:
            object.__setattr__(self, "model", settings.get("model"))
        object.__setattr__(self, "zone", parse_tz(self.tz))

    def with_range(self, start: date | None, end: date | None) -> Filters:
        return replace(self, start=start, end=end)

    @property
    def duckdb_tz(self) -> str:
        return duckdb_tz_name(self.tz)

    @property
    def granularity_facts(self) -> Granularity:
        return GRANULARITIES[self.granularity]

    @property
    def interval(self) -> str:
        return self.granularity_facts.interval

    def start_instant(self) -> datetime | None:
        return datetime.combine(self.start, time(), self.zone) if self.start else None

    def end_instant(self) -> datetime | None:
        """Exclusive end: midnight after the last selected day."""
        return (
            datetime.combine(self.end + timedelta(days=1), time(), self.zone) if self.end else None
        )


def filtered_items(f: Filters, extra_columns: tuple[str, ...] = ()) -> Sql:
    """SQL selecting `item_id, published_at` of the items that pass the filters.

    `extra_columns` (names of `items` columns) are selected as well, after those
    two, so that a query needing them does not join `items` back to itself
    (a second pass over every item, which dominated queries at 1M items).
    """
    clauses: list[Sql] = []
    if f.start:
        clauses.append(sql("i.published_at >= {start}", start=f.start_instant()))
    if f.end:
        clauses.append(sql("i.published_at < {end}", end=f.end_instant()))
    if f.text.strip():
        pattern = "%" + _escape_like(f.text.strip()) + "%"
        clauses.append(
            sql(
                "(i.headline ILIKE {p} ESCAPE '\\' OR i.summary ILIKE {p} ESCAPE '\\')",
                p=pattern,
            )
        )
    if f.companies:
        clauses.append(
            sql(
                "i.item_id IN (SELECT item_id FROM item_companies WHERE list_contains({c}, company))",
                c=list(f.companies),
            )
        )
    if f.sources:
        clauses.append(
            sql(
                "i.item_id IN (SELECT item_id FROM item_sources WHERE list_contains({s}, source))",
                s=list(f.sources),
            )
        )
    if f.series:
        clauses.append(
            sql(
                "i.digest_id IN (SELECT digest_id FROM digests WHERE list_contains({s}, series))",
                s=list(f.series),
            )
        )
    if f.categories:
        # An item belongs to a category when enrichment assigned it, or, before
        # enrichment has run, when its digest declared it.
        clauses.append(
            sql(
                """(i.item_id IN (SELECT item_id FROM item_categories WHERE list_contains({c}, category))
            OR (i.item_id NOT IN (SELECT item_id FROM item_categories)
                AND len(list_intersect(d.categories, {c})) > 0))""",
                c=list(f.categories),
            )
        )
    where = join(clauses, " AND ") if clauses else Sql("TRUE")
    columns = ", ".join(["i.item_id", "i.published_at", *(f"i.{c}" for c in extra_columns)])
    # `digests` is joined only when the category clause needs its declared
    # categories: every item has its digest (they are stored and deleted
    # together), so the join filters nothing and only cost a hash join over
    # all items.
    source = "items i JOIN digests d USING (digest_id)" if f.categories else "items i"
    return sql(f"SELECT {columns} FROM {source} WHERE {{where}}", where=where)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

"""Filters shared by every query, and the SQL that applies them (parameters bound, never formatted)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from analysis import settings
from analysis.query.granularity import GRANULARITIES, Granularity
from analysis.query.sql import DISPLAYABLE_FROM, DISPLAYABLE_UNTIL, Sql, displayable, join, sql
from analysis.store.daily import DAY_US, stored_offset_us
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
        if not self.start:
            return None
        return _clamped(datetime.combine(max(self.start, date(1, 1, 2)), time(), self.zone))

    def end_instant(self) -> datetime | None:
        """Exclusive end: midnight after the last selected day."""
        if not self.end:
            return None
        end = min(self.end, date(9999, 12, 30)) + timedelta(days=1)
        return _clamped(datetime.combine(end, time(), self.zone))


def _clamped(value: datetime) -> datetime:
    """An instant inside the span queries can show (a range from a URL may reach year 1 or 9999)."""
    return min(max(value, DISPLAYABLE_FROM), DISPLAYABLE_UNTIL)


def filtered_items(f: Filters, extra_columns: tuple[str, ...] = ()) -> Sql:
    """SQL selecting `item_id, published_at` of the items that pass the filters.

    `extra_columns` (names of `items` columns) are selected as well, after those
    two, so that a query needing them does not join `items` back to itself
    (a second pass over every item, which dominated queries at 1M items).
    """
    clauses: list[Sql] = [displayable("i.published_at")]
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
    where = join(clauses, " AND ")
    columns = ", ".join(["i.item_id", "i.published_at", *(f"i.{c}" for c in extra_columns)])
    # `digests` is joined only when the category clause needs its declared
    # categories: every item has its digest (they are stored and deleted
    # together), so the join filters nothing and only cost a hash join over
    # all items.
    source = "items i JOIN digests d USING (digest_id)" if f.categories else "items i"
    return sql(f"SELECT {columns} FROM {source} WHERE {{where}}", where=where)


def filtered_units(f: Filters, extra_columns: tuple[str, ...] = ()) -> Sql:
    """`filtered_items` plus `unit`, what a count counts: the item, or with
    `count_by='stories'` its story (an item no story holds yet stands for itself, under a
    negative id no story has)."""
    base = filtered_items(f, extra_columns)
    if f.count_by == "stories":
        return sql(
            """SELECT fi.*, coalesce(st.story_id, -fi.item_id) AS unit
               FROM ({base}) fi LEFT JOIN item_stories st USING (item_id)""",
            base=base,
        )
    return sql("SELECT fi.*, fi.item_id AS unit FROM ({base}) fi", base=base)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def daily_answerable(con, f: Filters) -> bool:
    """True when the per-day tables (`analysis.store.daily`) give exactly what a scan of the
    filtered items gives: counted by item, buckets of a day or more in a fixed zone whose days
    are the stored days, a range of whole stored days, and no filter on text, company, source,
    series or category (an item's membership in those is not in the per-day rows)."""
    if settings.get("pre_aggregates") != "1":
        return False
    if (
        f.count_by != "items"
        or f.granularity_facts.width is not None
        and (f.granularity_facts.width < timedelta(days=1))
    ):
        return False
    if f.text.strip() or f.companies or f.sources or f.series or f.categories:
        return False
    if not isinstance(f.zone, timezone):
        return False
    offset = stored_offset_us(con)
    if offset is None or offset != f.zone.utcoffset(None) // timedelta(microseconds=1):
        return False
    bounds = [b for b in (f.start_instant(), f.end_instant()) if b is not None]
    # A range clamped to the displayable span may start inside a day.
    return all((_epoch_us(b) + offset) % DAY_US == 0 for b in bounds)


def _epoch_us(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def in_days(f: Filters, column: str = "day") -> Sql:
    """The per-day rows of the selected range (use only where `daily_answerable`)."""
    clauses = [Sql("TRUE")]
    if f.start:
        clauses.append(sql(f"{column} >= {{start}}", start=f.start_instant()))
    if f.end:
        clauses.append(sql(f"{column} < {{end}}", end=f.end_instant()))
    return join(clauses, " AND ")

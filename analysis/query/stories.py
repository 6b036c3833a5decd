"""Stories: the top stories of a range, one story's items, timeline, companies and models,
and the items most similar to any item.

A story's figures are counted over its items that pass the filters, so the top stories
of a week are ranked by what that week's digests said. Stories come from enrichment
(`analysis.enrich.stories`); an item enrichment has not reached yet belongs to none.
"""

from __future__ import annotations

import pandas as pd

from analysis.enrich.story_keys import (
    ITEM_SOURCE_KEY_SQL,
    ITEM_SOURCE_ROWS_SQL,
    STORIES_ROWS_KEY,
    product_column,
)
from analysis.query import sql as fragments
from analysis.query.filters import Filters, filtered_items
from analysis.query.series import _to_display_tz, partial_buckets
from analysis.query.sql import DISPLAYABLE_FROM, DISPLAYABLE_UNTIL, Sql, sql

TOP_STORY_COLUMNS = [
    "story_id",
    "title",
    "first_seen",
    "last_seen",
    "items",
    "digests",
    "sources",
    "duration_hours",
    "story_items",
]

# Spread: items + digests + sources (a story retold in many items, by many digests and many
# sources spreads widely), then the longer-lived; the other orders rank by one figure.
ORDERS: dict[str, str] = {
    "spread": "items + digests + sources DESC, duration_hours DESC, digests DESC",
    "items": "items DESC, digests DESC, sources DESC, duration_hours DESC",
    "digests": "digests DESC, items DESC, sources DESC, duration_hours DESC",
    "sources": "sources DESC, digests DESC, items DESC, duration_hours DESC",
    "duration": "duration_hours DESC, digests DESC, items DESC, sources DESC",
    "newest": "last_seen DESC, digests DESC, items DESC",
}

_ITEM_SOURCE_SQL = ITEM_SOURCE_KEY_SQL
# The items columns a story's figures read besides item_id and published_at.
_ITEM_COLUMNS = ("digest_id", "author", "url_host")


def _source_join() -> str:
    return f"LEFT JOIN ({ITEM_SOURCE_ROWS_SQL}) src ON src.item_id = i.item_id"


def top_stories(
    con, f: Filters, limit: int = 20, order: str = "spread", min_items: int = 1
) -> pd.DataFrame:
    """The stories of the filtered items, ranked (`order`: a key of ORDERS).

    Columns: story_id, title, first_seen, last_seen, items, digests, sources (all over the
    story's filtered items), duration_hours (last minus first seen) and story_items (the
    whole story, in and out of the range).

    When only a range is chosen, a story told wholly inside it is counted by its stored
    row in `stories` (the figures assignment wrote); only the stories that cross the
    range's ends are counted again over their items in the range. Any other filter, or
    stored rows gone stale (items deleted since they were written), counts every story
    over its filtered items.
    """
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}")
    stored = _range_only(f) and _stored_figures_current(con)
    counted = _range_only_figures(f) if stored else _filtered_figures(f)
    query = sql(
        f"""
        WITH {{counted}}
        SELECT * FROM (SELECT r.*, s.title, s.items AS story_items
                       FROM ranked r LEFT JOIN stories s USING (story_id)
                       WHERE r.items >= {{min_items}})
        ORDER BY {ORDERS[order]}, story_id
        LIMIT {{limit}}""",
        counted=counted,
        min_items=min_items,
        limit=limit,
    )
    frame = query.run(con).df()
    if not frame.empty:
        for column in ("first_seen", "last_seen"):
            frame[column] = _to_display_tz(frame[column], f)
    return frame[TOP_STORY_COLUMNS]


def _range_only(f: Filters) -> bool:
    return not (f.text.strip() or f.companies or f.sources or f.series or f.categories)


def _stored_figures_current(con) -> bool:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [STORIES_ROWS_KEY]).fetchone()
    rows = con.execute("SELECT count(*) FROM item_stories").fetchone()[0]
    return row is not None and row[0] == str(rows)


def _story_figures(items: str) -> str:
    """A story's figures over `items` (alias i, with item_id, published_at, digest_id,
    author, url_host), one row per story as `ranked` selects them."""
    return f"""
        SELECT st.story_id, min(i.published_at) AS first_seen, max(i.published_at) AS last_seen,
               count(*) AS items, count(DISTINCT i.digest_id) AS digests,
               count(DISTINCT {_ITEM_SOURCE_SQL}) AS sources,
               date_diff('second', min(i.published_at), max(i.published_at)) / 3600.0 AS duration_hours
        FROM {items} i JOIN item_stories st USING (item_id)
        {_source_join()}
        GROUP BY st.story_id"""


def _filtered_figures(f: Filters) -> Sql:
    return sql(
        f"filtered AS ({{filtered}}), ranked AS ({_story_figures('filtered')})",
        filtered=filtered_items(f, _ITEM_COLUMNS),
    )


def _range_only_figures(f: Filters) -> Sql:
    start = max(f.start_instant() or DISPLAYABLE_FROM, DISPLAYABLE_FROM)
    until = min(f.end_instant() or DISPLAYABLE_UNTIL, DISPLAYABLE_UNTIL)
    return sql(
        f"""inside AS (
            SELECT story_id, first_seen, last_seen, items, digests, sources,
                   date_diff('second', first_seen, last_seen) / 3600.0 AS duration_hours
            FROM stories WHERE first_seen >= {{start}} AND last_seen < {{until}}),
        crossing AS (
            SELECT story_id FROM stories
            WHERE first_seen < {{until}} AND last_seen >= {{start}}
              AND NOT (first_seen >= {{start}} AND last_seen < {{until}})),
        crossing_items AS MATERIALIZED (
            SELECT i.item_id, i.published_at, {", ".join(f"i.{c}" for c in _ITEM_COLUMNS)}
            FROM items i JOIN item_stories st USING (item_id)
            WHERE st.story_id IN (SELECT story_id FROM crossing)
              AND i.published_at >= {{start}} AND i.published_at < {{until}}),
        ranked AS (SELECT * FROM inside UNION ALL ({_story_figures("crossing_items")}))""",
        start=start,
        until=until,
    )


def story(con, f: Filters, story_id: int) -> dict | None:
    """The stored row of one story (the whole story, whatever f's range), or None."""
    row = con.execute(
        """SELECT story_id, title, first_seen, last_seen, items, digests, sources
           FROM stories WHERE story_id = ?""",
        [story_id],
    ).fetchone()
    if row is None:
        return None
    keys = ["story_id", "title", "first_seen", "last_seen", "items", "digests", "sources"]
    return dict(zip(keys, row, strict=True))


STORY_ITEM_COLUMNS = [
    "item_id",
    "published_at",
    "headline",
    "author",
    "url",
    "summary",
    "similarity",
    "digest_title",
    "source_path",
    "source_line",
]


def story_items(con, f: Filters, story_id: int) -> pd.DataFrame:
    """A story's items (all of them, in and out of f's range) in time order, with their
    similarity to the story when they joined."""
    frame = con.execute(
        """SELECT i.item_id, i.published_at, i.headline, i.author, i.url, i.summary, st.similarity,
                  d.title AS digest_title, d.source_path, i.source_line
           FROM item_stories st JOIN items i USING (item_id) JOIN digests d USING (digest_id)
           WHERE st.story_id = ?
           ORDER BY i.published_at, i.position""",
        [story_id],
    ).df()
    if not frame.empty:
        frame["published_at"] = _to_display_tz(frame["published_at"], f)
    return frame[STORY_ITEM_COLUMNS]


def story_timeline(con, f: Filters, story_id: int) -> pd.DataFrame:
    """bucket, items, digests, partial: how the story was told over time (f's granularity)."""
    frame = (
        sql(
            """SELECT {bucket} AS bucket, count(*) AS items, count(DISTINCT i.digest_id) AS digests
               FROM item_stories st JOIN items i USING (item_id)
               WHERE st.story_id = {story} GROUP BY 1 ORDER BY 1""",
            bucket=fragments.bucket(f, "i.published_at"),
            story=story_id,
        )
        .run(con)
        .df()
    )
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


def story_companies(con, f: Filters, story_id: int) -> pd.DataFrame:
    """company, items: the companies a story's items name (products count for their maker)."""
    return con.execute(
        """SELECT c.company, count(DISTINCT c.item_id) AS items
           FROM item_stories st JOIN item_companies c USING (item_id)
           WHERE st.story_id = ? GROUP BY 1 ORDER BY items DESC, company""",
        [story_id],
    ).df()


def story_models(con, f: Filters, story_id: int) -> pd.DataFrame:
    """model, items: the models and products a story's items name.

    From `item_products` when the models step has filled it, else from the product
    mentions of the company tagger."""
    column = product_column(con)
    if column is not None:
        sql = f"""SELECT p.{column} AS model, count(DISTINCT p.item_id) AS items
                  FROM item_stories st JOIN item_products p USING (item_id)
                  WHERE st.story_id = ? GROUP BY 1 ORDER BY items DESC, model"""
    else:
        sql = """SELECT c.mention AS model, count(DISTINCT c.item_id) AS items
                 FROM item_stories st JOIN item_companies c USING (item_id)
                 WHERE st.story_id = ? AND c.via_product GROUP BY 1 ORDER BY items DESC, model"""
    return con.execute(sql, [story_id]).df()


SIMILAR_COLUMNS = [
    "item_id",
    "published_at",
    "headline",
    "author",
    "url",
    "similarity",
    "story_id",
    "story_title",
]


def similar_items(con, f: Filters, item_id: int, limit: int = 10) -> pd.DataFrame:
    """The items nearest to `item_id` by embedding (cosine), each with its story.

    Searches every stored item of the model (vectors are unit length, so the inner
    product is the cosine); an item without a vector has no neighbours.
    """
    model = f.model
    frame = con.execute(
        """
        WITH probe AS (SELECT vector FROM item_embeddings WHERE item_id = ? AND model = ?),
        near AS (
            SELECT e.item_id, list_inner_product(e.vector, (SELECT vector FROM probe)) AS similarity
            FROM item_embeddings e
            WHERE e.model = ? AND e.item_id <> ? AND EXISTS (SELECT 1 FROM probe)
            ORDER BY similarity DESC LIMIT ?)
        SELECT n.item_id, i.published_at, i.headline, i.author, i.url, n.similarity,
               st.story_id, s.title AS story_title
        FROM near n JOIN items i USING (item_id)
        LEFT JOIN item_stories st ON st.item_id = n.item_id
        LEFT JOIN stories s ON s.story_id = st.story_id
        ORDER BY n.similarity DESC, n.item_id""",
        [item_id, model, model, item_id, limit],
    ).df()
    if not frame.empty:
        frame["published_at"] = _to_display_tz(frame["published_at"], f)
    return frame[SIMILAR_COLUMNS]


def story_of_item(con, f: Filters, item_id: int) -> int | None:
    row = con.execute("SELECT story_id FROM item_stories WHERE item_id = ?", [item_id]).fetchone()
    return int(row[0]) if row else None

"""SQL pieces that story enrichment and the story queries share; no model behind them, so the
dashboard's queries can read them without importing the embedding stack."""

from __future__ import annotations

from analysis.enrich.sources import source_key_sql

__all__ = ["ITEM_SOURCE_KEY_SQL", "ITEM_SOURCE_ROWS_SQL", "STORIES_ROWS_KEY", "product_column"]


def product_column(con) -> str | None:
    """The name column of `item_products` when that table exists (it comes from the models step)."""
    columns = [
        row[0]
        for row in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'item_products'"
        ).fetchall()
    ]
    for name in ("model", "product", "name", "canonical"):
        if name in columns:
            return name
    return None


ITEM_SOURCE_KEY_SQL = "coalesce(src.key, lower(i.author), i.url_host, CAST(i.item_id AS VARCHAR))"
ITEM_SOURCE_ROWS_SQL = (
    f"SELECT s.item_id, min({source_key_sql('s')}) AS key FROM item_sources s GROUP BY s.item_id"
)

# The meta key under which refreshing `stories` records how many `item_stories` rows it
# counted: while the count still holds, no item has left a story since (a changed digest
# deletes its items' rows), so the stored figures are current.
STORIES_ROWS_KEY = "stories_item_rows"

"""Two periods side by side: each key's share of items in both, and the change."""

from __future__ import annotations

import pandas as pd

from analysis.query.entities import top_companies
from analysis.query.filters import Filters, filtered_items
from analysis.query.keywords import top_keywords
from analysis.query.sql import Sql, share_of_filtered

DELTA_COLUMNS = ["key", "label", "items_a", "share_a", "items_b", "share_b", "delta"]


def category_shares(con, f: Filters, limit: int = 50) -> pd.DataFrame:
    """category, items, share — inferred item categories over the filtered range."""
    counted = Sql("""
        SELECT c.category, count(DISTINCT c.item_id) AS items
        FROM item_categories c JOIN filtered USING (item_id)
        GROUP BY 1""")
    query = share_of_filtered(
        filtered_items(f), counted, ("category", "items", "share"), "items DESC, category", limit
    )
    return query.run(con).df()


_DIMENSIONS = {
    "keywords": (lambda con, f, n: top_keywords(con, f, limit=n), "keyword_norm", "keyword"),
    "companies": (lambda con, f, n: top_companies(con, f, limit=n), "company", "company"),
    "categories": (category_shares, "category", "category"),
}


def period_deltas(
    con, first: Filters, second: Filters, dimension: str, limit: int = 15
) -> pd.DataFrame:
    """The keys with the largest change in share between two periods (same filters otherwise).

    Both periods must use the same granularity; shares are of each period's own
    item count, so periods of different length compare fairly.
    """
    if first.granularity != second.granularity:
        raise ValueError("compare two periods on the same granularity")
    fetch, key, label = _DIMENSIONS[dimension]
    pool = max(limit * 4, 60)

    def shares(f: Filters) -> pd.DataFrame:
        frame = fetch(con, f, pool)
        return pd.DataFrame(
            {
                "key": frame[key],
                "label": frame[label],
                "items": frame["items"],
                "share": frame["share"],
            }
        )

    merged = shares(first).merge(shares(second), on="key", how="outer", suffixes=("_a", "_b"))
    if merged.empty:
        return pd.DataFrame(columns=DELTA_COLUMNS)
    merged["label"] = merged["label_b"].fillna(merged["label_a"])
    for column in ("items_a", "items_b"):
        merged[column] = merged[column].fillna(0).astype("int64")
    for column in ("share_a", "share_b"):
        merged[column] = merged[column].fillna(0.0)
    merged["delta"] = merged["share_b"] - merged["share_a"]
    merged = merged.reindex(merged["delta"].abs().sort_values(ascending=False).index)
    return merged[DELTA_COLUMNS].head(limit).reset_index(drop=True)

"""Two periods side by side: each key's share of items in both, and the change."""

from __future__ import annotations

import pandas as pd

from analysis.query.filters import Filters, filtered_items
from analysis.query.kinds import KINDS
from analysis.query.sql import Sql, sql

DELTA_COLUMNS = ["key", "label", "items_a", "share_a", "items_b", "share_b", "delta"]


_DIMENSION_KINDS = {"keywords": "keyword", "companies": "company", "categories": "category"}


def kind_shares(
    con, f: Filters, kind: str, keys: list[str] | None = None, limit: int = 60
) -> pd.DataFrame:
    """key, label, items, share — the given keys (exact counts, 0 for none), or the top `limit`."""
    wanted = Sql("") if keys is None else sql("WHERE list_contains({keys}, p.key)", keys=list(keys))
    return (
        sql(
            """
        WITH filtered AS ({filtered}), total AS (SELECT count(*) AS n FROM filtered)
        SELECT p.key, mode(p.label) AS label, count(DISTINCT p.item_id) AS items,
               count(DISTINCT p.item_id) / any_value(total.n) AS share
        FROM ({pairs}) p JOIN filtered USING (item_id), total {wanted}
        GROUP BY p.key ORDER BY items DESC, p.key LIMIT {limit}""",
            filtered=filtered_items(f),
            pairs=KINDS[kind].pairs(f),
            wanted=wanted,
            limit=limit if keys is None else max(len(keys), 1),
        )
        .run(con)
        .df()
    )


def period_deltas(
    con, first: Filters, second: Filters, dimension: str, limit: int = 15
) -> pd.DataFrame:
    """The keys with the largest change in share between two periods (same filters otherwise).

    Candidates are each period's top keys; every candidate is then counted
    exactly in both periods, so a key outside one period's top list shows its
    true count there, not 0. Both periods must use the same granularity;
    shares are of each period's own item count, so periods of different
    length compare fairly.
    """
    if first.granularity != second.granularity:
        raise ValueError("compare two periods on the same granularity")
    kind = _DIMENSION_KINDS[dimension]
    pool = max(limit * 4, 60)
    candidates = list(
        dict.fromkeys(
            [
                *kind_shares(con, first, kind, limit=pool)["key"],
                *kind_shares(con, second, kind, limit=pool)["key"],
            ]
        )
    )
    if not candidates:
        return pd.DataFrame(columns=DELTA_COLUMNS)
    merged = (
        pd.DataFrame({"key": candidates})
        .merge(kind_shares(con, first, kind, keys=candidates), on="key", how="left")
        .merge(
            kind_shares(con, second, kind, keys=candidates),
            on="key",
            how="left",
            suffixes=("_a", "_b"),
        )
    )
    merged["label"] = merged["label_b"].fillna(merged["label_a"]).fillna(merged["key"])
    for column in ("items_a", "items_b"):
        merged[column] = merged[column].fillna(0).astype("int64")
    for column in ("share_a", "share_b"):
        merged[column] = merged[column].fillna(0.0)
    merged["delta"] = merged["share_b"] - merged["share_a"]
    merged = merged.reindex(merged["delta"].abs().sort_values(ascending=False, kind="stable").index)
    return merged[DELTA_COLUMNS].head(limit).reset_index(drop=True)

"""Models and products over time: rankings, trend lines per model or family, rising models.

Every count is of distinct items: an item naming `GPT-5.4` three times counts once.
"""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np
import pandas as pd

from analysis.enrich.products import product_matcher
from analysis.query import sql as fragments
from analysis.query.database import data_extent_days
from analysis.query.filters import Filters, filtered_items
from analysis.query.keywords import SIGNIFICANT_G2, signed_g2
from analysis.query.series import keyed_series
from analysis.query.sql import Sql, sql

RISING_MODEL_COLUMNS = [
    "product",
    "family",
    "company",
    "window_count",
    "baseline_count",
    "window_rate",
    "baseline_rate",
    "ratio",
    "g2",
    "new",
    "item_ids",
]
# The kind of a family comes from data/products.toml; rows only hold the family's name.
KINDS = ("model", "product")


def _families_of_kind(kind: str | None) -> list[str] | None:
    if kind is None:
        return None
    return [f.name for f in product_matcher().families if f.kind == kind]


def _kind_clause(kind: str | None, alias: str = "p") -> Sql:
    families = _families_of_kind(kind)
    if families is None:
        return Sql("TRUE")
    return sql(f"list_contains({{families}}, {alias}.family)", families=families)


def top_models(
    con, f: Filters, limit: int = 20, kind: str | None = None, family: str | None = None
) -> pd.DataFrame:
    """product, family, company, items, share (of filtered items), first_seen, last_seen."""
    return (
        sql(
            """
        WITH filtered AS ({filtered}), total AS (SELECT count(*) AS n FROM filtered),
        per_item AS (
            SELECT p.product, any_value(p.family) AS family, any_value(p.company) AS company,
                   p.item_id, any_value(filtered.published_at) AS published_at
            FROM item_products p JOIN filtered USING (item_id)
            WHERE {kind} AND ({family} IS NULL OR p.family = {family})
            GROUP BY p.product, p.item_id)
        SELECT product, mode(family) AS family, mode(company) AS company, count(*) AS items,
               count(*) / any_value(total.n) AS share,
               min(published_at) AS first_seen, max(published_at) AS last_seen
        FROM per_item, total
        GROUP BY product ORDER BY items DESC, product LIMIT {limit}""",
            filtered=filtered_items(f),
            kind=_kind_clause(kind),
            family=family,
            limit=limit,
        )
        .run(con)
        .df()
    )


def top_families(con, f: Filters, limit: int = 20, kind: str | None = None) -> pd.DataFrame:
    """family, company, items, share, models (distinct normalised names seen)."""
    counted = sql(
        """
        SELECT family, mode(company) AS company, count(DISTINCT item_id) AS items,
               count(DISTINCT product) AS models
        FROM (SELECT p.* FROM item_products p JOIN filtered USING (item_id) WHERE {kind})
        GROUP BY family""",
        kind=_kind_clause(kind),
    )
    query = fragments.share_of_filtered(
        filtered_items(f),
        counted,
        ("family", "company", "items", "share", "models"),
        "items DESC, family",
        limit,
    )
    return query.run(con).df()


def model_series(
    con,
    f: Filters,
    products: list[str] | tuple[str, ...] | None = None,
    top_n: int = 10,
    kind: str | None = None,
) -> pd.DataFrame:
    """bucket, key (normalised product name), count, items, share, partial."""
    if products is None:
        products = top_models(con, f, limit=top_n, kind=kind)["product"].tolist()
    return keyed_series(
        con, f, Sql("SELECT item_id, product AS key FROM item_products"), wanted=list(products)
    )


def family_series(
    con,
    f: Filters,
    families: list[str] | tuple[str, ...] | None = None,
    top_n: int = 10,
    kind: str | None = None,
) -> pd.DataFrame:
    """bucket, key (family), count, items, share, partial: every version of a family together."""
    if families is None:
        families = top_families(con, f, limit=top_n, kind=kind)["family"].tolist()
    return keyed_series(
        con, f, Sql("SELECT item_id, family AS key FROM item_products"), wanted=list(families)
    )


def rising_models(
    con,
    f: Filters,
    window_days: int = 7,
    baseline_days: int = 28,
    min_support: int = 2,
    min_g2: float = SIGNIFICANT_G2,
    limit: int = 30,
) -> pd.DataFrame:
    """Models whose rate in the last `window_days` of the range beats the `baseline_days` before.

    The same test as `analysis.query.keywords.rising_keywords`: rates per item in both
    periods, the signed log-likelihood G² (positive = rising), `new` when the model was not
    named in the baseline. A new release is usually `new`, so the support floor is lower.
    """
    window_end = f.end or data_extent_days(con, f.zone)[1]
    if window_end is None:
        return pd.DataFrame(columns=RISING_MODEL_COLUMNS)
    window_start = window_end - timedelta(days=window_days - 1)
    window_f = f.with_range(window_start, window_end)
    baseline_f = f.with_range(
        window_start - timedelta(days=baseline_days), window_start - timedelta(days=1)
    )
    counts = (
        sql(
            """
        WITH win AS ({window}), base AS ({baseline}),
        rows AS (SELECT DISTINCT p.item_id, p.product, p.family, p.company
                 FROM item_products p
                 JOIN (SELECT item_id FROM win UNION ALL SELECT item_id FROM base) x USING (item_id)),
        w AS (SELECT product, mode(family) AS family, mode(company) AS company,
                     count(DISTINCT item_id) AS window_count,
                     list(DISTINCT item_id ORDER BY item_id) AS item_ids
              FROM rows JOIN win USING (item_id) GROUP BY 1),
        b AS (SELECT product, count(DISTINCT item_id) AS baseline_count
              FROM rows JOIN base USING (item_id) GROUP BY 1)
        SELECT w.*, coalesce(b.baseline_count, 0) AS baseline_count,
               (SELECT count(*) FROM win) AS window_items, (SELECT count(*) FROM base) AS baseline_items
        FROM w LEFT JOIN b USING (product)
        WHERE w.window_count >= {support}""",
            window=filtered_items(window_f),
            baseline=filtered_items(baseline_f),
            support=min_support,
        )
        .run(con)
        .df()
    )
    if counts.empty:
        return pd.DataFrame(columns=RISING_MODEL_COLUMNS)
    n1, n2 = int(counts["window_items"].iloc[0]), int(counts["baseline_items"].iloc[0])
    counts["window_rate"] = counts["window_count"] / n1
    counts["baseline_rate"] = counts["baseline_count"] / n2 if n2 else 0.0
    counts["g2"] = signed_g2(
        counts["window_count"].to_numpy(), n1, counts["baseline_count"].to_numpy(), n2
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        counts["ratio"] = np.where(
            counts["baseline_count"] > 0, counts["window_rate"] / counts["baseline_rate"], math.inf
        )
    counts["new"] = counts["baseline_count"] == 0
    rising = counts[counts["g2"] >= min_g2].sort_values(["g2", "window_count"], ascending=False)
    return rising[RISING_MODEL_COLUMNS].head(limit).reset_index(drop=True)

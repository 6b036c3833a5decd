"""Models and products over time: rankings, trend lines per model or family, rising models.

Every count is of distinct items: an item naming `GPT-5.4` three times counts once.
"""

from __future__ import annotations

import pandas as pd

from analysis.enrich.products import product_matcher
from analysis.query import sql as fragments
from analysis.query.filters import Filters, filtered_items
from analysis.query.rising import SIGNIFICANT_G2, rising
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
    """`analysis.query.rising.rising` for models, with each model's family and company
    (columns `RISING_MODEL_COLUMNS`). A new release is usually `new`, so the support floor
    is lower than for keywords."""
    found = rising(con, f, "model", window_days, baseline_days, min_support, min_g2, limit)
    found = found.rename(columns={"key": "product"})
    if found.empty:
        return pd.DataFrame(columns=RISING_MODEL_COLUMNS)
    owners = (
        sql(
            """SELECT product, mode(family) AS family, mode(company) AS company
               FROM item_products WHERE list_contains({products}, product) GROUP BY 1""",
            products=list(found["product"]),
        )
        .run(con)
        .df()
    )
    return found.merge(owners, on="product", how="left")[RISING_MODEL_COLUMNS]

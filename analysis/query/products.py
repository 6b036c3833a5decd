"""Models and products over time: rankings, trend lines per model or family, rising models.

Every count is of distinct items: an item naming `GPT-5.4` three times counts once.
"""

from __future__ import annotations

import pandas as pd

from analysis.enrich.products import product_matcher
from analysis.query import sql as fragments
from analysis.query.filters import (
    Filters,
    daily_answerable,
    filtered_units,
    in_days,
)
from analysis.query.rising import SIGNIFICANT_G2, rising
from analysis.query.series import keyed_series, ranked_keys
from analysis.query.sql import Sql, count_total, most_common, sql

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
    return _top_models_query(con, f, limit, kind, family).run(con).df()


def _top_models_query(con, f: Filters, limit: int, kind: str | None, family: str | None) -> Sql:
    chosen = sql(
        "{kind} AND ({family} IS NULL OR p.family = {family})",
        kind=_kind_clause(kind),
        family=family,
    )
    if daily_answerable(con, f):
        ctes = sql(
            """total AS (SELECT CAST(coalesce(sum(items), 0) AS BIGINT) AS n FROM daily_items WHERE {days}),
            per_item AS (SELECT product, family, company, items, first_seen, last_seen
                         FROM daily_products p WHERE {days} AND {chosen})""",
            days=in_days(f),
            chosen=chosen,
        )
    else:
        # One row per item and product (`analysis.store.daily` counts them alike).
        ctes = sql(
            f"""filtered AS ({{filtered}}),
            total AS (SELECT {count_total(f.count_by == "stories")} AS n FROM filtered),
            per_item AS (
                SELECT p.product, min(p.family) AS family, min(p.company) AS company, 1 AS items,
                       min(filtered.published_at) AS first_seen,
                       max(filtered.published_at) AS last_seen
                FROM item_products p JOIN filtered USING (item_id)
                WHERE {{chosen}}
                GROUP BY p.product, filtered.unit)""",
            filtered=filtered_units(f),
            chosen=chosen,
        )
    return sql(
        f"""
        WITH {{ctes}},
        m AS MATERIALIZED (
            SELECT product, CAST(sum(items) AS BIGINT) AS items, min(first_seen) AS first_seen,
                   max(last_seen) AS last_seen
            FROM per_item GROUP BY product ORDER BY items DESC, product LIMIT {{limit}}),
        -- Family and company of the ranked products only.
        ranked AS (SELECT * FROM per_item WHERE product IN (SELECT product FROM m)),
        families AS (SELECT product, {most_common("family", "n")} AS family
                     FROM (SELECT product, family, sum(items) AS n FROM ranked GROUP BY 1, 2)
                     GROUP BY 1),
        companies AS (SELECT product, {most_common("company", "n")} AS company
                      FROM (SELECT product, company, sum(items) AS n FROM ranked GROUP BY 1, 2)
                      GROUP BY 1)
        SELECT m.product, families.family, companies.company, m.items,
               m.items / total.n AS share, m.first_seen, m.last_seen
        FROM m JOIN families USING (product) JOIN companies USING (product), total
        ORDER BY m.items DESC, m.product""",
        ctes=ctes,
        limit=limit,
    )


def top_families(con, f: Filters, limit: int = 20, kind: str | None = None) -> pd.DataFrame:
    """family, company, items, share, models (distinct normalised names seen)."""
    return _top_families_query(con, f, limit, kind).run(con).df()


def _top_families_query(con, f: Filters, limit: int, kind: str | None) -> Sql:
    if daily_answerable(con, f):
        families = sql(
            "SELECT family, items FROM daily_families p WHERE {days} AND {kind}",
            days=in_days(f),
            kind=_kind_clause(kind),
        )
        products = sql(
            "SELECT family, product, company, mentions FROM daily_products p WHERE {days} AND {kind}",
            days=in_days(f),
            kind=_kind_clause(kind),
        )
    else:
        families = sql(
            """SELECT p.family, count(DISTINCT filtered.unit) AS items
               FROM item_products p JOIN filtered USING (item_id) WHERE {kind} GROUP BY 1""",
            kind=_kind_clause(kind),
        )
        products = sql(
            """SELECT p.family, p.product, p.company, count(*) AS mentions
               FROM item_products p JOIN filtered USING (item_id) WHERE {kind} GROUP BY ALL""",
            kind=_kind_clause(kind),
        )
    # Company and number of models of the ranked families only.
    counted = sql(
        f"""
        WITH fam AS MATERIALIZED (
            SELECT family, CAST(sum(items) AS BIGINT) AS items FROM ({{families}})
            GROUP BY 1 ORDER BY items DESC, family LIMIT {{limit}}),
        ranked AS (SELECT * FROM ({{products}}) WHERE family IN (SELECT family FROM fam))
        SELECT fam.family, co.company, fam.items, mo.models
        FROM fam
        JOIN (SELECT family, {most_common("company", "mentions")} AS company
              FROM (SELECT family, company, sum(mentions) AS mentions FROM ranked GROUP BY 1, 2)
              GROUP BY 1) co USING (family)
        JOIN (SELECT family, count(DISTINCT product) AS models FROM ranked GROUP BY 1) mo
        USING (family)""",
        families=families,
        products=products,
        limit=limit,
    )
    columns = ("family", "company", "items", "share", "models")
    if daily_answerable(con, f):
        return fragments.share_of_days(in_days(f), counted, columns, "items DESC, family", limit)
    return fragments.share_of_filtered(
        filtered_units(f),
        counted,
        columns,
        "items DESC, family",
        limit,
        by_units=f.count_by == "stories",
    )


def model_series(
    con,
    f: Filters,
    products: list[str] | tuple[str, ...] | None = None,
    top_n: int = 10,
    kind: str | None = None,
) -> pd.DataFrame:
    """bucket, key (normalised product name), count, items, share, partial."""
    wanted = (
        ranked_keys(_top_models_query(con, f, top_n, kind, None), "product", "items DESC, product")
        if products is None
        else list(products)
    )
    return keyed_series(
        con,
        f,
        Sql("SELECT item_id, product AS key FROM item_products"),
        wanted=wanted,
        daily=Sql("SELECT day, product AS key, items AS count FROM daily_products"),
    )


def family_series(
    con,
    f: Filters,
    families: list[str] | tuple[str, ...] | None = None,
    top_n: int = 10,
    kind: str | None = None,
) -> pd.DataFrame:
    """bucket, key (family), count, items, share, partial: every version of a family together."""
    wanted = (
        ranked_keys(_top_families_query(con, f, top_n, kind), "family", "items DESC, family")
        if families is None
        else list(families)
    )
    return keyed_series(
        con,
        f,
        Sql("SELECT item_id, family AS key FROM item_products"),
        wanted=wanted,
        daily=Sql("SELECT day, family AS key, items AS count FROM daily_families"),
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

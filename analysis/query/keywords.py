"""Keywords and categories over time, top keywords, and rising keywords with evidence.

Queries read the keyword rows `analysis.query.sql.keyword_visible` admits (the
current model's plus the bold terms) and count an item once per normalised keyword.
"""

from __future__ import annotations

import pandas as pd

from analysis.query import sql as fragments
from analysis.query.filters import Filters, filtered_items
from analysis.query.rising import SIGNIFICANT_G2, rising
from analysis.query.series import keyed_series, series_from_bucketed
from analysis.query.sql import Sql, sql


def _keyword_pairs(f: Filters) -> Sql:
    return sql(
        "SELECT item_id, keyword_norm AS key FROM item_keywords WHERE {visible}",
        visible=fragments.keyword_visible(f.model),
    )


def top_keywords(
    con, f: Filters, limit: int = 20, include_background: bool = False
) -> pd.DataFrame:
    """keyword_norm, keyword (most common spelling), items, share, salience, background.

    Ranked by salience: items in the filtered range × the keyword's period weight over
    the whole corpus (`analysis.enrich.background`), so a keyword on every day weighs
    nothing and a concentrated one a lot; ties by items. Background keywords (frequent
    in every period) are left out unless `include_background`. Before the weights are
    computed (a store enriched by an older version), every weight is 1: plain counts.
    """
    # The model test is an aggregate FILTER, not a WHERE: DuckDB guesses that a
    # WHERE keeps 20% of the keyword rows (it keeps nearly all: bold rows plus
    # the current model's), so over all items it built its join hash table on
    # the keyword rows instead of on the (smaller) filtered items, 3x slower.
    counted = sql(
        """
        SELECT c.keyword_norm, c.keyword, c.items,
               c.items * coalesce(b.weight, 1.0) AS salience,
               coalesce(b.background, false) AS background
        FROM (SELECT keyword_norm, mode(keyword) FILTER (WHERE wanted) AS keyword,
                     count(DISTINCT item_id) FILTER (WHERE wanted) AS items
              FROM (SELECT k.keyword_norm, k.keyword, k.item_id, {visible} AS wanted
                    FROM item_keywords k JOIN filtered USING (item_id))
              GROUP BY keyword_norm HAVING bool_or(wanted)) c
        LEFT JOIN keyword_background b ON b.keyword_norm = c.keyword_norm AND b.model = {model}
        WHERE {include_background} OR NOT coalesce(b.background, false)""",
        visible=fragments.keyword_visible(f.model, "k"),
        model=f.model,
        include_background=include_background,
    )
    query = fragments.share_of_filtered(
        filtered_items(f),
        counted,
        ("keyword_norm", "keyword", "items", "share", "salience", "background"),
        "salience DESC, items DESC, keyword_norm",
        limit,
    )
    return query.run(con).df()


def keyword_series(
    con, f: Filters, keywords: list[str] | None = None, top_n: int = 10
) -> pd.DataFrame:
    """bucket, key (keyword_norm), count, items, share, partial, label (display spelling)."""
    if keywords is None:
        keywords = top_keywords(con, f, limit=top_n)["keyword_norm"].tolist()
    labels = display_labels(con, f, list(keywords))
    frame = keyed_series(con, f, _keyword_pairs(f), wanted=list(keywords))
    frame["label"] = frame["key"].map(lambda k: labels.get(k, k))
    return frame


def display_labels(con, f: Filters, keywords: list[str] | None = None) -> dict[str, str]:
    """The most common spelling of each keyword (a mode over only `keywords` when given,
    else over every keyword of the database, for the keyword picker)."""
    if keywords is None:
        query = sql(
            "SELECT keyword_norm, mode(keyword) FROM item_keywords WHERE {visible} GROUP BY 1",
            visible=fragments.keyword_visible(f.model),
        )
    else:
        query = sql(
            """SELECT keyword_norm, mode(keyword) FROM item_keywords
           WHERE {visible} AND keyword_norm IN (SELECT unnest(CAST({keywords} AS VARCHAR[])))
           GROUP BY 1""",
            visible=fragments.keyword_visible(f.model),
            keywords=keywords,
        )
    return dict(query.run(con).fetchall())


def category_series(con, f: Filters, kind: str = "inferred") -> pd.DataFrame:
    """bucket, key (category), count, items, share, partial, kind ('inferred' or 'declared')."""
    if kind == "inferred":
        frame = keyed_series(con, f, Sql("SELECT item_id, category AS key FROM item_categories"))
    elif kind == "declared":
        # The filtered items' own digests, unnested after the join: as a separate
        # (items x digests) key table, DuckDB could not narrow it to the filtered
        # items (UNNEST stops that) and unnested every digest for every chart.
        frame = series_from_bucketed(
            con,
            f,
            Sql("""
            SELECT b.bucket, b.unit, unnest(d.categories) AS key
            FROM bucketed b JOIN items i USING (item_id) JOIN digests d USING (digest_id)"""),
        )
    else:
        raise ValueError("kind must be 'inferred' or 'declared'")
    frame["kind"] = kind
    return frame


RISING_COLUMNS = [
    "keyword_norm",
    "keyword",
    "window_count",
    "baseline_count",
    "window_rate",
    "baseline_rate",
    "ratio",
    "g2",
    "new",
    "item_ids",
]


def rising_keywords(
    con,
    f: Filters,
    window_days: int = 7,
    baseline_days: int = 28,
    min_support: int = 3,
    min_g2: float = SIGNIFICANT_G2,
    limit: int = 30,
) -> pd.DataFrame:
    """`analysis.query.rising.rising` for keywords, in the keyword columns `RISING_COLUMNS`
    (`keyword_norm`, `keyword`, counts and rates of both periods, ratio, G², new, item ids)."""
    found = rising(con, f, "keyword", window_days, baseline_days, min_support, min_g2, limit)
    return found.rename(columns={"key": "keyword_norm", "label": "keyword"})[RISING_COLUMNS]

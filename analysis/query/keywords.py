"""Keywords and categories over time, top keywords, and rising keywords with evidence.

Queries read the keyword rows `analysis.query.sql.keyword_visible` admits (the
current model's plus the bold terms) and count an item once per normalised keyword.
"""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np
import pandas as pd

from analysis.query import sql as fragments
from analysis.query.database import data_extent_days
from analysis.query.filters import Filters, filtered_items
from analysis.query.series import keyed_series, series_from_bucketed
from analysis.query.sql import Sql, sql

# G² above 10.83 has p < 0.001 for one degree of freedom: a rise, not noise.
SIGNIFICANT_G2 = 10.83


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
    """Keywords whose rate in the last `window_days` of the range beats the preceding `baseline_days`.

    Columns: counts of items and rates (per item) in both periods, the rate
    ratio (inf when the baseline count is 0), the signed log-likelihood G²
    (positive = rising), `new` when the baseline count is 0 and the window
    count reaches `min_support`, and the ids of the window's supporting items.
    Only rising keywords with G² ≥ `min_g2` and window count ≥ `min_support`.
    """
    window_end = f.end or data_extent_days(con, f.zone)[1]
    if window_end is None:
        return pd.DataFrame(columns=RISING_COLUMNS)
    window_start = window_end - timedelta(days=window_days - 1)
    baseline_start = window_start - timedelta(days=baseline_days)
    window_f = f.with_range(window_start, window_end)
    baseline_f = f.with_range(baseline_start, window_start - timedelta(days=1))
    # `kw` is limited to the items of the two periods before it is de-duplicated
    # (de-duplicating every keyword row of the database took 200 ms at 1M items).
    counts = (
        sql(
            """
        WITH win AS ({window}), base AS ({baseline}),
        kw AS (SELECT DISTINCT k.item_id, k.keyword_norm, k.keyword
               FROM item_keywords k JOIN (SELECT item_id FROM win UNION ALL SELECT item_id FROM base) p USING (item_id)
               WHERE {visible}),
        w AS (SELECT keyword_norm, count(DISTINCT item_id) AS window_count, mode(keyword) AS keyword,
                     list(DISTINCT item_id ORDER BY item_id) AS item_ids
              FROM kw JOIN win USING (item_id) GROUP BY 1),
        b AS (SELECT keyword_norm, count(DISTINCT item_id) AS baseline_count
              FROM kw JOIN base USING (item_id) GROUP BY 1)
        SELECT w.keyword_norm, w.keyword, w.window_count, coalesce(b.baseline_count, 0) AS baseline_count,
               w.item_ids,
               (SELECT count(*) FROM win) AS window_items, (SELECT count(*) FROM base) AS baseline_items
        FROM w LEFT JOIN b USING (keyword_norm)
        WHERE w.window_count >= {min_support}""",
            window=filtered_items(window_f),
            baseline=filtered_items(baseline_f),
            visible=fragments.keyword_visible(f.model, "k"),
            min_support=min_support,
        )
        .run(con)
        .df()
    )
    if counts.empty:
        return pd.DataFrame(columns=RISING_COLUMNS)
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
    return rising[RISING_COLUMNS].head(limit).reset_index(drop=True)


def signed_g2(a: np.ndarray, n1: int, b: np.ndarray, n2: int) -> np.ndarray:
    """Dunning's log-likelihood for a 2×2 table (term in window/baseline vs. other items), signed.

    Positive when the window rate exceeds the baseline rate. A baseline with no
    items gives 0: there is nothing to compare against.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if n1 == 0 or n2 == 0:
        return np.zeros_like(a)
    total = n1 + n2
    observed = [a, b, n1 - a, n2 - b]
    row_term, row_other = a + b, total - a - b
    expected = [
        row_term * n1 / total,
        row_term * n2 / total,
        row_other * n1 / total,
        row_other * n2 / total,
    ]
    g2 = np.zeros_like(a)
    for o, e in zip(observed, expected, strict=False):
        with np.errstate(divide="ignore", invalid="ignore"):
            g2 += np.where(o > 0, o * np.log(o / e), 0.0)
    g2 *= 2
    return np.where(a / n1 >= b / n2, g2, -g2)

"""Keywords and categories over time, top keywords, and rising keywords with evidence.

Queries read the keyword rows `analysis.query.sql.keyword_visible` admits (the
current model's plus the bold terms) and count an item once per normalised keyword.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from analysis.query import sql as fragments
from analysis.query.filters import (
    Filters,
    daily_answerable,
    filtered_units,
    in_days,
)
from analysis.query.rising import SIGNIFICANT_G2, rising
from analysis.query.series import keyed_series, ranked_keys, series_from_bucketed
from analysis.query.sql import Sql, most_common, sql


def _keyword_pairs(f: Filters) -> Sql:
    return sql(
        "SELECT item_id, keyword_norm AS key FROM item_keywords WHERE {visible}",
        visible=fragments.keyword_visible(f.model),
    )


def _daily_keywords(f: Filters) -> Sql:
    """(day, key, count) of the visible keywords: the model's items plus the bold ones, less
    the items counted under both (`analysis.store.daily`)."""
    return sql(
        "SELECT day, keyword_norm AS key, items - also_bold AS count FROM daily_keywords "
        "WHERE {visible}",
        visible=fragments.keyword_visible(f.model),
    )


def top_keywords(
    con, f: Filters, limit: int = 20, include_background: bool = False
) -> pd.DataFrame:
    """keyword_norm, keyword (most common spelling), items, share, salience, background.

    Ranked by salience: items in the filtered range × the keyword's period weight over
    the whole corpus (`analysis.enrich.background`), so a keyword on every day weighs
    nothing and a concentrated one a lot; ties by items. Background keywords (frequent
    in every period) and folded ones (a longer keyword carries nearly all their items: 新一轮
    in 新一轮融资) are left out unless `include_background`. Before the weights are
    computed (a store enriched by an older version), every weight is 1: plain counts.
    The spelling is found for the ranked keywords only.
    """
    return _top_keywords_query(con, f, limit, include_background).run(con).df()


def _top_keywords_query(con, f: Filters, limit: int, include_background: bool) -> Sql:
    fast = daily_answerable(con, f)
    if fast:
        per_keyword = sql(
            """SELECT key AS keyword_norm, CAST(sum(count) AS BIGINT) AS items
               FROM ({daily}) WHERE {days} GROUP BY 1 HAVING sum(count) > 0""",
            daily=_daily_keywords(f),
            days=in_days(f),
        )
        spellings = sql(
            """SELECT keyword_norm, keyword, sum(mentions) AS mentions FROM daily_keyword_spellings
               WHERE {visible} AND {days} AND keyword_norm IN (SELECT keyword_norm FROM ranked)
               GROUP BY 1, 2""",
            visible=fragments.keyword_visible(f.model),
            days=in_days(f),
        )
    else:
        # The model test is an aggregate FILTER, not a WHERE: DuckDB guesses that a
        # WHERE keeps 20% of the keyword rows (it keeps nearly all: bold rows plus
        # the current model's), so over all items it built its join hash table on
        # the keyword rows instead of on the (smaller) filtered items, 3x slower.
        per_keyword = sql(
            """SELECT keyword_norm, count(DISTINCT unit) FILTER (WHERE wanted) AS items
               FROM (SELECT k.keyword_norm, filtered.unit, {visible} AS wanted
                     FROM item_keywords k JOIN filtered USING (item_id))
               GROUP BY keyword_norm HAVING bool_or(wanted)""",
            visible=fragments.keyword_visible(f.model, "k"),
        )
        spellings = sql(
            """SELECT k.keyword_norm, k.keyword, count(*) AS mentions
               FROM item_keywords k JOIN filtered USING (item_id)
               WHERE {visible} AND k.keyword_norm IN (SELECT keyword_norm FROM ranked)
               GROUP BY 1, 2""",
            visible=fragments.keyword_visible(f.model, "k"),
        )
    counted = sql(
        f"""
        WITH ranked AS (
            SELECT c.keyword_norm, c.items, c.items * coalesce(b.weight, 1.0) AS salience,
                   coalesce(b.background, false) AS background
            FROM ({{per_keyword}}) c
            LEFT JOIN keyword_background b ON b.keyword_norm = c.keyword_norm AND b.model = {{model}}
            WHERE {{include_background}} OR NOT (coalesce(b.background, false) OR b.folded_into IS NOT NULL)
            ORDER BY salience DESC, items DESC, keyword_norm LIMIT {{limit}}),
        labels AS (SELECT keyword_norm, {most_common("keyword", "mentions")} AS keyword
                   FROM ({{spellings}}) GROUP BY 1)
        SELECT r.keyword_norm, l.keyword, r.items, r.salience, r.background
        FROM ranked r LEFT JOIN labels l USING (keyword_norm)""",
        per_keyword=per_keyword,
        model=f.model,
        include_background=include_background,
        limit=limit,
        spellings=spellings,
    )
    columns = ("keyword_norm", "keyword", "items", "share", "salience", "background")
    order = "salience DESC, items DESC, keyword_norm"
    if fast:
        return fragments.share_of_days(in_days(f), counted, columns, order, limit)
    return fragments.share_of_filtered(
        filtered_units(f), counted, columns, order, limit, by_units=f.count_by == "stories"
    )


def keyword_series(
    con, f: Filters, keywords: list[str] | None = None, top_n: int = 10
) -> pd.DataFrame:
    """bucket, key (keyword_norm), count, items, share, partial, label (display spelling)."""
    wanted = (
        ranked_keys(
            _top_keywords_query(con, f, top_n, False),
            "keyword_norm",
            "salience DESC, items DESC, keyword_norm",
        )
        if keywords is None
        else list(keywords)
    )
    frame = keyed_series(con, f, _keyword_pairs(f), wanted=wanted, daily=_daily_keywords(f))
    labels = display_labels(con, f, frame["key"].unique().tolist())
    frame["label"] = frame["key"].map(lambda k: labels.get(k, k))
    return frame


def display_labels(con, f: Filters, keywords: list[str] | None = None) -> dict[str, str]:
    """The most common spelling of each keyword over the whole database (over only `keywords`
    when given, else over every keyword, for the keyword picker)."""
    wanted = (
        Sql("TRUE")
        if keywords is None
        else sql(
            "keyword_norm IN (SELECT unnest(CAST({keywords} AS VARCHAR[])))",
            keywords=list(keywords),
        )
    )
    whole = replace(f, start=None, end=None, granularity="day")
    if daily_answerable(con, whole):
        spellings = sql(
            """SELECT keyword_norm, keyword, sum(mentions) AS mentions FROM daily_keyword_spellings
               WHERE {visible} AND {wanted} GROUP BY 1, 2""",
            visible=fragments.keyword_visible(f.model),
            wanted=wanted,
        )
    else:
        spellings = sql(
            """SELECT k.keyword_norm, k.keyword, count(*) AS mentions
               FROM item_keywords k JOIN items i USING (item_id)
               WHERE {visible} AND {wanted} AND {shown} GROUP BY 1, 2""",
            visible=fragments.keyword_visible(f.model, "k"),
            wanted=wanted,
            shown=fragments.displayable("i.published_at"),
        )
    query = sql(
        f"SELECT keyword_norm, {most_common('keyword', 'mentions')} FROM ({{spellings}}) GROUP BY 1",
        spellings=spellings,
    )
    return dict(query.run(con).fetchall())


def category_series(con, f: Filters, kind: str = "inferred") -> pd.DataFrame:
    """bucket, key (category), count, items, share, partial, kind ('inferred' or 'declared')."""
    if kind == "inferred":
        frame = keyed_series(
            con,
            f,
            Sql("SELECT item_id, category AS key FROM item_categories"),
            daily=Sql("SELECT day, category AS key, items AS count FROM daily_categories"),
        )
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
            daily=Sql("SELECT day, category AS key, items AS count FROM daily_declared_categories"),
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

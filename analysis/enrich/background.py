"""Keyword salience against the corpus: which keywords are background, and how much each weighs.

A keyword is a trend when it is concentrated in some periods; one that is in every
period and in many items (模型, 开发者, API, and whatever a user's own corpus repeats)
is background. Periods are the calendar days (UTC) that have items.

For every keyword of a model (its KeyBERT rows and the bold rows) the table
`keyword_background` holds, over the whole store:

* `items`: its document frequency (items with the keyword);
* `periods`: the days it occurs on, out of `total_periods` days with items;
* `weight`: the period IDF of class-based TF-IDF with days as the classes,
  ``ln((total_periods + 1) / (periods + 1))``: 0 for a keyword on every day, largest for
  one on a single day. A view ranks its keywords by ``items in the view × weight``
  (`analysis.query.keywords.top_keywords`);
* `background`: in at least `BACKGROUND_SHARE` of the items and on at least
  `BACKGROUND_COVERAGE` of the days. Background keywords stay in `item_keywords` (and so
  in search and drill-down) but are left out of default lists;
* `folded_into`: the longer keyword that contains this one and is on at least `FOLD_SHARE` of
  its items (新一轮 in 新一轮融资, 工厂作业 in 物流工厂作业), the one on most of them; NULL if
  none. Two list lines counting the same items under a phrase and a piece of it are one trend
  told twice, so default lists show the longer one only (the piece stays searchable, as
  background does).

Why this measure (docs/keywords.md): it needs no second corpus, it is defined for any
view including the whole range (a view-versus-rest log-odds is zero when the view is
everything), and it says "background" exactly when a term is frequent everywhere.
"""

from __future__ import annotations

from analysis.store.daily import visible_keywords_sql

BACKGROUND_SHARE = 0.03
BACKGROUND_COVERAGE = 0.6
# A corpus of fewer days cannot tell "every day" from chance; nothing is background there.
MIN_PERIODS = 5
FOLD_SHARE = 0.9

__all__ = [
    "BACKGROUND_COVERAGE",
    "BACKGROUND_SHARE",
    "FOLD_SHARE",
    "MIN_PERIODS",
    "refresh_keyword_background",
]


def refresh_keyword_background(con, model: str, *, fold: bool = True) -> int:
    """Recompute `keyword_background` for `model` (its rows and the bold rows); returns rows.

    `fold=False` leaves `folded_into` NULL (benchmarks/bench_background.py's baseline).
    """
    folds = (
        """,
        tagged AS (SELECT DISTINCT keyword_norm, item_id FROM kw),
        shared AS (
            SELECT part.keyword_norm AS part, whole.keyword_norm AS whole, count(*) AS items
            FROM tagged part JOIN tagged whole USING (item_id)
            WHERE length(whole.keyword_norm) > length(part.keyword_norm)
              AND contains(whole.keyword_norm, part.keyword_norm)
            GROUP BY 1, 2),
        folds AS (
            SELECT s.part, first(s.whole ORDER BY s.items DESC, s.whole) AS whole
            FROM shared s JOIN counted c ON c.keyword_norm = s.part
            WHERE s.items >= ? * c.items GROUP BY 1)"""
        if fold
        else ", folds AS (SELECT NULL::VARCHAR AS part, NULL::VARCHAR AS whole WHERE false)"
    )
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM keyword_background WHERE model = ?", [model])
    con.execute(
        f"""
        INSERT INTO keyword_background
        WITH days AS (
            SELECT item_id, CAST(timezone('UTC', published_at) AS DATE) AS day FROM items),
        totals AS (SELECT count(*) AS n, count(DISTINCT day) AS p FROM days),
        kw AS (
            SELECT DISTINCT k.keyword_norm, k.item_id, d.day
            FROM item_keywords k JOIN days d USING (item_id)
            WHERE {visible_keywords_sql("k")}),
        counted AS (
            SELECT keyword_norm, count(DISTINCT item_id) AS items, count(DISTINCT day) AS periods
            FROM kw GROUP BY 1){folds}
        SELECT ?, c.keyword_norm, c.items, c.periods, t.p,
               ln((t.p + 1.0) / (c.periods + 1.0)),
               t.p >= ? AND c.items >= ? * t.n AND c.periods >= ? * t.p,
               f.whole
        FROM counted c CROSS JOIN totals t LEFT JOIN folds f ON f.part = c.keyword_norm""",
        [
            model,
            *([FOLD_SHARE] if fold else []),
            model,
            MIN_PERIODS,
            BACKGROUND_SHARE,
            BACKGROUND_COVERAGE,
        ],
    )
    rows = con.execute(
        "SELECT count(*) FROM keyword_background WHERE model = ?", [model]
    ).fetchone()[0]
    con.execute("COMMIT")
    return int(rows)

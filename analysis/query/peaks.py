"""Which item explains a peak: the headline to label a chart's highest buckets with."""

from __future__ import annotations

import pandas as pd

from analysis.query import sql as fragments
from analysis.query.filters import Filters, filtered_items
from analysis.query.sql import Sql, sql


def find_peaks(
    series: pd.DataFrame, value: str = "count", top: int = 3, min_gap: int = 2
) -> pd.DataFrame:
    """The `top` highest full buckets of a (bucket, value) series that are local maxima.

    Peaks closer than `min_gap` buckets to a higher one are skipped, so one
    burst gets one label. Partial buckets are never peaks.
    """
    frame = series[~series.get("partial", pd.Series(False, index=series.index))].sort_values(
        "bucket"
    )
    frame = frame.reset_index(drop=True)
    if frame.empty:
        return frame
    values = frame[value].to_numpy()
    is_max = [
        (i == 0 or values[i] >= values[i - 1])
        and (i == len(values) - 1 or values[i] >= values[i + 1])
        for i in range(len(values))
    ]
    candidates = frame[is_max].sort_values(value, ascending=False)
    chosen: list[int] = []
    for index in candidates.index:
        if all(abs(index - c) > min_gap for c in chosen):
            chosen.append(index)
        if len(chosen) == top:
            break
    return frame.loc[sorted(chosen)]


def top_item_headlines(
    con, f: Filters, buckets: list, key_kind: str | None = None, key: str | None = None
) -> dict:
    """bucket → headline of the bucket's top item: the first of `peak_candidates`, the item
    whose keywords are shared by the most other items of the bucket; with a key, only items
    carrying it."""
    best = peak_candidates(con, f, buckets, key_kind, key, per_bucket=1)
    return dict(zip(best["bucket"], best["headline"], strict=True))


PEAK_COLUMNS = ["key", "bucket", "value", "excess"]


def chart_peaks(series: pd.DataFrame, value: str = "count", top: int = 3) -> pd.DataFrame:
    """The `top` spikes of a chart with one or more keys: key, bucket, value, excess.

    A spike's size is its height above the key's median, so the biggest jump on
    the chart is labelled whichever line it belongs to. Spikes closer than two
    buckets to a bigger one (of any key) are skipped: labels on neighbouring
    buckets would tell one burst twice.
    """
    if series is None or series.empty:
        return pd.DataFrame(columns=PEAK_COLUMNS)
    candidates = []
    for key, group in series.groupby("key", sort=False):
        peaks = find_peaks(group, value=value, top=top)
        if peaks.empty:
            continue
        median = float(group[value].median())
        for row in peaks.itertuples():
            height = float(getattr(row, value))
            if height > median:
                candidates.append((key, row.bucket, height, height - median))
    ranked = sorted(candidates, key=lambda c: -c[3])
    buckets = sorted(series["bucket"].unique())
    position = {b: i for i, b in enumerate(buckets)}
    chosen: list[tuple] = []
    for candidate in ranked:
        if all(abs(position[candidate[1]] - position[c[1]]) > 2 for c in chosen):
            chosen.append(candidate)
        if len(chosen) == top:
            break
    return pd.DataFrame(chosen, columns=PEAK_COLUMNS)


def peak_candidates(
    con,
    f: Filters,
    buckets: list,
    key_kind: str | None = None,
    key: str | None = None,
    per_bucket: int = 25,
) -> pd.DataFrame:
    """bucket, item_id, headline, companies, rank — each bucket's most representative items, best first.

    An item is as representative as the number of other items of its bucket that share
    each of its keywords; several per bucket so that a chart's labels can each tell a
    different story.
    """
    columns = ["bucket", "item_id", "headline", "companies", "rank"]
    if not buckets:
        return pd.DataFrame(columns=columns)
    from analysis.query.series import items_carrying_key

    items = items_carrying_key(key_kind, key, f)
    key_clause = sql("AND item_id IN ({items})", items=items) if items is not None else Sql("")
    bucket = fragments.bucket(f)
    frame = (
        sql(
            """
        WITH filtered AS ({filtered}),
        bucketed AS (
            SELECT item_id, {bucket} AS bucket FROM filtered
            WHERE list_contains(CAST({buckets} AS TIMESTAMPTZ[]), {bucket}) {key_clause}),
        kw AS (SELECT DISTINCT b.bucket, b.item_id, k.keyword_norm
               FROM bucketed b JOIN item_keywords k USING (item_id) WHERE {visible}),
        weight AS (SELECT bucket, keyword_norm, count(*) AS n FROM kw GROUP BY ALL),
        scored AS (
            SELECT b.bucket, b.item_id, coalesce(sum(w.n), 0) AS score
            FROM bucketed b LEFT JOIN kw USING (bucket, item_id) LEFT JOIN weight w USING (bucket, keyword_norm)
            GROUP BY ALL),
        ranked AS (
            SELECT s.bucket, s.item_id, i.headline,
                   row_number() OVER (PARTITION BY s.bucket ORDER BY s.score DESC, i.position, s.item_id) AS rank
            FROM scored s JOIN items i USING (item_id) WHERE i.headline IS NOT NULL AND i.headline <> ''),
        kept AS (SELECT * FROM ranked WHERE rank <= {per_bucket}),
        named AS (SELECT c.item_id, list(DISTINCT c.company) AS companies
                  FROM item_companies c JOIN kept USING (item_id) GROUP BY 1)
        SELECT k.bucket, k.item_id, k.headline, coalesce(n.companies, []) AS companies, k.rank
        FROM kept k LEFT JOIN named n USING (item_id) ORDER BY k.bucket, k.rank""",
            filtered=filtered_items(f),
            bucket=bucket,
            buckets=[pd.Timestamp(b).to_pydatetime() for b in buckets],
            key_clause=key_clause,
            visible=fragments.keyword_visible(f.model, "k"),
            per_bucket=per_bucket,
        )
        .run(con)
        .df()
    )
    if not frame.empty:
        frame["bucket"] = pd.to_datetime(frame["bucket"], utc=True)
    return frame


def distinct_stories(candidates: list[pd.DataFrame]) -> list[str | None]:
    """One headline per peak, each a different story.

    `candidates[i]` are peak i's items, best first (as from `peak_candidates`),
    for peaks in order of importance. A peak takes its best item that is not
    already a label and shares no company with an earlier label; failing that,
    its best item with a headline not used yet; failing that, no label.
    """
    used_items: set[int] = set()
    used_headlines: set[str] = set()
    used_companies: set[str] = set()
    chosen: list[str | None] = []
    for frame in candidates:
        rows = [] if frame is None else list(frame.itertuples())
        fresh = [
            r for r in rows if r.item_id not in used_items and r.headline not in used_headlines
        ]
        apart = [r for r in fresh if not (set(_as_list(r.companies)) & used_companies)]
        pick = (apart or fresh or [None])[0]
        if pick is None:
            chosen.append(None)
            continue
        used_items.add(pick.item_id)
        used_headlines.add(pick.headline)
        used_companies.update(_as_list(pick.companies))
        chosen.append(pick.headline)
    return chosen


def _as_list(value) -> list:
    if value is None or isinstance(value, float):
        return []
    return list(value)

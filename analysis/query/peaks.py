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
    """bucket → headline of the bucket's top item.

    The top item is the one whose keywords are shared by the most other items
    of the same bucket (the most representative item); with a key (of a kind in
    `analysis.query.sql.KEY_KINDS`), only items carrying that key are considered.
    """
    if not buckets:
        return {}
    key_clause = (
        sql("AND item_id IN ({items})", items=fragments.items_with_key(key_kind, key, f.model))
        if key_kind is not None and key is not None
        else Sql("")
    )
    bucket = fragments.bucket(f)
    rows = (
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
            GROUP BY ALL)
        SELECT s.bucket, arg_max(i.headline, s.score * 1000000 - i.position) AS headline
        FROM scored s JOIN items i USING (item_id) GROUP BY s.bucket""",
            filtered=filtered_items(f),
            bucket=bucket,
            buckets=[pd.Timestamp(b).to_pydatetime() for b in buckets],
            key_clause=key_clause,
            visible=fragments.keyword_visible(f.model, "k"),
        )
        .run(con)
        .fetchall()
    )
    return {pd.Timestamp(bucket): headline for bucket, headline in rows}

"""Sources: top authors and handles, activity over time."""

from __future__ import annotations

import streamlit as st

from analysis.enrich import jobs
from analysis.present.charts import MAX_LINES, key_colors, trend_figure
from dashboard.bootstrap import filling_in
from dashboard.components import chart_notes, csv_button, no_data, time_chart, value_title
from dashboard.data import query
from dashboard.sidebar import PageContext, current_context
from dashboard.urlstate import bind


def render(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.title(t("sources"))
    filling_in(t, jobs.STEP_ENTITIES)
    ranking = query("top_sources", f, limit=40)
    if no_data(ctx, ranking):
        return
    st.subheader(t("source_ranking"))
    # Unknown handle, platform or affiliation shows as an empty cell, not the word "None".
    text_columns = ["source", "handle", "platform", "affiliation"]
    shown = ranking.assign(**{c: ranking[c].fillna("").astype(str) for c in text_columns})
    st.dataframe(
        shown[[*text_columns, "items", "share"]],
        hide_index=True,
        width="stretch",
        column_config={
            "source": t("source"),
            "handle": t("handle"),
            "platform": t("platform"),
            "affiliation": t("affiliation"),
            "items": t("count"),
            "share": st.column_config.NumberColumn(t("share"), format="percent"),
        },
    )
    csv_button(ctx, ranking, view="sources-ranking", title=t("source_ranking"))
    bind("src_top_n", MAX_LINES, kind="int", clamp=lambda n: min(max(n, 3), 15))
    top_n = st.slider(t("top_n"), 3, 15, key="src_top_n", help=t("top_n_help", n=MAX_LINES))
    keys = ranking["source_key"].head(top_n).tolist()
    labels = dict(zip(ranking["source_key"], ranking["source"], strict=False))
    series = query("source_series", f, source_keys=tuple(keys))
    if not no_data(ctx, series):
        series = series.assign(label=series["key"].map(lambda k: labels.get(k, k)))
        fig = trend_figure(
            series,
            title=t("source_activity"),
            x_title=t("time"),
            y_title=value_title(ctx),
            value=ctx.value,
            partial_note=t("partial"),
            granularity=f.granularity,
            language=ctx.language,
            colors=key_colors(keys),
            notes=chart_notes(ctx),
        )
        time_chart(
            ctx,
            fig,
            view="sources-activity",
            key_kind="source",
            label_of=labels.get,
            data=series,
            data_title=t("source_activity"),
        )


render(current_context())

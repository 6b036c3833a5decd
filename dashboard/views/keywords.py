"""Keywords: trend lines, rising terms with their evidence, keyword × time heatmap."""

from __future__ import annotations

import streamlit as st

from analysis.enrich import jobs
from analysis.present.charts import heatmap_figure, line_series_figure
from dashboard.bootstrap import filling_in
from dashboard.components import (
    chart_downloads,
    csv_button,
    items_table,
    md_escape,
    no_data,
    peak_labels,
    time_chart,
    value_title,
)
from dashboard.data import query
from dashboard.sidebar import PageContext, current_context


def render(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.title(t("keywords"))
    filling_in(t, jobs.STEP_KEYWORDS)
    top = query("top_keywords", f, limit=60)
    if no_data(ctx, top):
        return
    labels = dict(zip(top["keyword_norm"], top["keyword"], strict=False))
    left, right = st.columns([3, 1])
    chosen = left.multiselect(
        t("choose_keywords"), list(labels), format_func=labels.get, key="kw_chosen"
    )
    top_n = right.slider(t("top_n"), 3, 20, 8, key="kw_top_n")
    keywords = chosen or top["keyword_norm"].head(top_n).tolist()
    series = query("keyword_series", f, keywords=tuple(keywords))
    if not no_data(ctx, series):
        peaks = peak_labels(
            ctx, series[series["key"] == keywords[0]], ctx.value, key_kind="keyword"
        )
        fig = line_series_figure(
            series,
            title=t("keyword_trends"),
            x_title=t("time"),
            y_title=value_title(ctx),
            value=ctx.value,
            partial_note=t("partial"),
            peaks=peaks,
        )
        time_chart(ctx, fig, view="keywords-trend", key_kind="keyword", label_of=labels.get)
        csv_button(ctx, series, view="keywords-trend-data")

    st.subheader(
        t(
            "rising_table",
            w=st.session_state.get("kw_window", 7),
            b=st.session_state.get("kw_base", 28),
        )
    )
    c1, c2, c3 = st.columns(3)
    window = c1.number_input(t("window_days"), 1, 90, 7, key="kw_window")
    baseline = c2.number_input(t("baseline_days"), 1, 365, 28, key="kw_base")
    support = c3.number_input(t("min_support"), 1, 1000, 3, key="kw_support")
    rising = query(
        "rising_keywords",
        f,
        window_days=int(window),
        baseline_days=int(baseline),
        min_support=int(support),
        limit=50,
    )
    if rising is None or rising.empty:
        st.info(t("no_rising"))
    else:
        shown = rising.assign(evidence=rising["item_ids"].map(len))
        event = st.dataframe(
            shown[
                [
                    "keyword",
                    "window_count",
                    "baseline_count",
                    "window_rate",
                    "baseline_rate",
                    "ratio",
                    "g2",
                    "new",
                    "evidence",
                ]
            ],
            hide_index=True,
            width="stretch",
            on_select="rerun",
            selection_mode="single-row",
            key="kw_rising",
            column_config={
                "keyword": t("keyword"),
                "window_count": t("window_count"),
                "baseline_count": t("baseline_count"),
                "window_rate": st.column_config.NumberColumn(t("window_rate"), format="percent"),
                "baseline_rate": st.column_config.NumberColumn(
                    t("baseline_rate"), format="percent"
                ),
                "ratio": st.column_config.NumberColumn(t("ratio"), format="%.1f"),
                "g2": st.column_config.NumberColumn(t("g2"), format="%.1f"),
                "new": t("new"),
                "evidence": t("evidence"),
            },
        )
        csv_button(ctx, rising, view="keywords-rising")
        rows = event.selection.rows if event else []
        if rows:
            picked = rising.iloc[rows[0]]
            st.markdown(f"**{t('evidence')}: {md_escape(picked['keyword'])}**")
            items_table(
                ctx,
                query(
                    "list_items",
                    f.with_range(None, None),
                    item_ids=tuple(picked["item_ids"]),
                    limit=200,
                ),
                key="kw-evidence",
            )

    heat_keywords = top["keyword_norm"].head(25).tolist()
    heat = query("keyword_series", f, keywords=tuple(heat_keywords))
    if not no_data(ctx, heat):
        fig = heatmap_figure(
            heat, title=t("heatmap"), x_title=t("time"), y_title=t("keyword"), value=ctx.value
        )
        st.plotly_chart(fig, key="keywords-heatmap")
        chart_downloads(ctx, fig, view="keywords-heatmap")


render(current_context())

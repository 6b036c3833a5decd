"""Keywords: trend lines (any keyword of the vocabulary), rising terms with their evidence, keyword × time."""

from __future__ import annotations

import streamlit as st

from analysis.enrich import jobs
from analysis.present.charts import MAX_LINES, heatmap_figure, key_colors, trend_figure
from dashboard.bootstrap import filling_in
from dashboard.components import (
    chart_downloads,
    chart_notes,
    csv_button,
    growth_text,
    items_table,
    md_escape,
    no_data,
    peak_labels,
    rising_controls,
    time_chart,
    value_title,
    window_in_words,
)
from dashboard.data import query
from dashboard.sidebar import PageContext, current_context
from dashboard.urlstate import bind


def render(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.title(t("keywords"))
    filling_in(t, jobs.STEP_KEYWORDS)
    top = query("top_keywords", f, limit=60)
    if no_data(ctx, top):
        return
    if f.text:
        st.info(t("search_narrows_shares", q=f.text))
        st.page_link(
            "views/compare.py",
            label=t("follow_in_compare", q=f.text),
            query_params={"cmp_terms": f.text},
        )
    # The picker offers every keyword of the database, the range's top ones first.
    labels = dict(zip(top["keyword_norm"], top["keyword"], strict=False))
    labels.update({k: v for k, v in (query("keyword_labels", f) or {}).items() if k not in labels})
    left, right = st.columns([3, 1])
    chosen = bind("kw_chosen", [], kind="list")
    for key in chosen:
        labels.setdefault(key, key)
    chosen = left.multiselect(
        t("choose_keywords"),
        list(labels),
        format_func=labels.get,
        key="kw_chosen",
        placeholder=t("type_to_search"),
    )
    bind("kw_top_n", MAX_LINES, kind="int", clamp=lambda n: min(max(n, 3), 20))
    top_n = right.slider(t("top_n"), 3, 20, key="kw_top_n", help=t("top_n_help", n=MAX_LINES))
    keywords = chosen or top["keyword_norm"].head(top_n).tolist()
    colors = key_colors(keywords)
    series = query("keyword_series", f, keywords=tuple(keywords))
    if not no_data(ctx, series):
        fig = trend_figure(
            series,
            title=t("keyword_trends"),
            x_title=t("time"),
            y_title=value_title(ctx),
            value=ctx.value,
            partial_note=t("partial"),
            peaks=peak_labels(ctx, series, ctx.value, key_kind="keyword")
            if len(keywords) <= MAX_LINES
            else None,
            granularity=f.granularity,
            language=ctx.language,
            colors=colors,
            notes=chart_notes(ctx),
        )
        time_chart(
            ctx,
            fig,
            view="keywords-trend",
            key_kind="keyword",
            label_of=labels.get,
            data=series,
            data_title=t("keyword_trends"),
        )

    _rising(ctx)

    heat_keywords = top["keyword_norm"].head(25).tolist()
    heat = query("keyword_series", f, keywords=tuple(heat_keywords))
    if not no_data(ctx, heat):
        fig = heatmap_figure(
            heat,
            title=t("heatmap"),
            x_title=t("time"),
            y_title=t("keyword"),
            value=ctx.value,
            granularity=f.granularity,
            language=ctx.language,
            notes=chart_notes(ctx),
            value_title=value_title(ctx),
        )
        st.plotly_chart(fig, key="keywords-heatmap")
        chart_downloads(ctx, fig, view="keywords-heatmap")


def _rising(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    window_days, baseline_days, support = rising_controls(ctx, "kw", support=3)
    window = query(
        "rising_window", f, window_days=int(window_days), baseline_days=int(baseline_days)
    )
    st.subheader(t("rising_keyword"))
    if window is not None:
        st.caption(window_in_words(ctx, window))
    rising = query(
        "rising",
        f,
        kind="keyword",
        window_days=int(window_days),
        baseline_days=int(baseline_days),
        min_support=int(support),
        limit=50,
    )
    if rising is None or rising.empty:
        st.info(t("no_rising"))
        return
    bind("kw_ev", "")
    shown = rising.assign(
        growth_text=[growth_text(ctx, row) for row in rising.itertuples()],
        evidence=rising["item_ids"].map(len),
    )

    def picked() -> None:
        rows = st.session_state["kw_rising"].selection.rows
        st.session_state["kw_ev"] = str(rising["key"].iloc[rows[0]]) if rows else ""

    st.dataframe(
        shown[
            [
                "label",
                "growth_text",
                "sparkline",
                "window_count",
                "baseline_count",
                "window_rate",
                "baseline_rate",
                "g2",
                "evidence",
            ]
        ],
        hide_index=True,
        width="stretch",
        on_select=picked,
        selection_mode="single-row",
        key="kw_rising",
        column_config={
            "label": t("keyword"),
            "growth_text": st.column_config.TextColumn(t("growth"), help=t("growth_help")),
            "sparkline": st.column_config.LineChartColumn(t("trend")),
            "window_count": t("window_count"),
            "baseline_count": t("baseline_count"),
            "window_rate": st.column_config.NumberColumn(t("window_rate"), format="percent"),
            "baseline_rate": st.column_config.NumberColumn(t("baseline_rate"), format="percent"),
            "g2": st.column_config.NumberColumn(t("g2"), format="%.1f"),
            "evidence": t("evidence"),
        },
    )
    csv_button(
        ctx, rising.drop(columns=["sparkline"]), view="keywords-rising", title=t("rising_keyword")
    )
    chosen = st.session_state.get("kw_ev") or ""
    match = rising[rising["key"] == chosen]
    if match.empty:
        st.caption(t("rising_hint"))
        return
    row = match.iloc[0]
    st.markdown(f"**{t('evidence')}: {md_escape(row['label'])}**")
    items_table(
        ctx,
        query("list_items", f.with_range(None, None), item_ids=tuple(row["item_ids"]), limit=200),
        key="kw-evidence",
        title=f"{t('evidence')}: {row['label']}",
    )


render(current_context())

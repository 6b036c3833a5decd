"""Overview: key figures with change, items over time, rising keywords, top companies, latest items."""

from __future__ import annotations

import streamlit as st

from analysis.present.charts import items_over_time_figure, ranking_figure
from dashboard.components import items_table, no_data, peak_labels, time_chart
from dashboard.data import query
from dashboard.sidebar import PageContext, current_context
from dashboard.state import previous_period


def render(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.title(t("overview"))
    figures = query("key_figures", f)
    if figures is None:
        return
    previous = None
    if f.start and f.end:
        prev_start, prev_end = previous_period(f.start, f.end)
        previous = query("key_figures", f.with_range(prev_start, prev_end))
    columns = st.columns(4)
    for column, name in zip(columns, ["digests", "items", "sources", "companies"], strict=False):
        delta = None
        if previous is not None:
            delta = figures[name] - previous[name]
        column.metric(
            t(f"kf_{name}"),
            f"{figures[name]:,}",
            delta=None if delta is None else f"{delta:+,}",
            help=t("vs_previous", days=(f.end - f.start).days + 1)
            if previous is not None
            else None,
        )
    if figures["items"] == 0:
        st.info(t("no_data"))
        return
    frame = query("items_over_time", f)
    if not no_data(ctx, frame):
        series = frame.rename(columns={"items": "count"}).assign(key="items")
        peaks = peak_labels(ctx, series, "count")
        fig = items_over_time_figure(
            frame,
            title=t("items_over_time"),
            x_title=t("time"),
            y_title=t("count"),
            granularity=f.granularity,
            partial_label=t("partial_short"),
            peaks=peaks,
        )
        time_chart(ctx, fig, view="overview-items", key_kind=None)
    left, right = st.columns(2)
    with left:
        st.subheader(t("top_rising"))
        rising = query(
            "rising_keywords", f, window_days=7, baseline_days=28, min_support=3, limit=10
        )
        if rising is None or rising.empty:
            st.info(t("no_rising"))
        else:
            st.dataframe(
                rising[["keyword", "window_count", "baseline_count", "g2", "new"]],
                hide_index=True,
                width="stretch",
                column_config={
                    "keyword": t("keyword"),
                    "window_count": t("window_count"),
                    "baseline_count": t("baseline_count"),
                    "g2": st.column_config.NumberColumn(t("g2"), format="%.1f"),
                    "new": t("new"),
                },
            )
    with right:
        companies = query("top_companies", f, limit=10)
        if not no_data(ctx, companies):
            value = "share" if ctx.value == "share" else "items"
            st.plotly_chart(
                ranking_figure(
                    companies,
                    label="company",
                    value=value,
                    title=t("top_companies"),
                    x_title=t("share") if value == "share" else t("count"),
                    percent=value == "share",
                ),
                key="overview-companies",
            )
    st.subheader(t("latest_items"))
    items_table(ctx, query("list_items", f, limit=10), key="overview-latest")


render(current_context())

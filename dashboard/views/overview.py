"""Overview: what is rising now, key figures with a fair change, items over time, top companies, latest items."""

from __future__ import annotations

import streamlit as st

from analysis.present.charts import items_over_time_figure, key_colors, ranking_figure
from analysis.timezones import parse_tz
from dashboard.components import (
    chart_notes,
    items_table,
    no_data,
    peak_labels,
    rising_now,
    time_chart,
    value_title,
)
from dashboard.data import query
from dashboard.periods import comparison
from dashboard.sidebar import PageContext, current_context


def render(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.title(t("overview"))
    figures = query("key_figures", f)
    if figures is None:
        return
    if figures["items"] == 0:
        st.info(t("no_data"))
        return
    kinds = [
        k for k in ("keyword", "company", "model") if k in (query("available_kinds", None) or [])
    ]
    rising_now(ctx, kinds, key="ov")
    _key_figures(ctx, figures)
    frame = query("items_over_time", f)
    if not no_data(ctx, frame):
        series = frame.rename(columns={"items": "count"}).assign(key="items")
        fig = items_over_time_figure(
            frame,
            title=t("items_over_time"),
            x_title=t("time"),
            y_title=t("count"),
            granularity=f.granularity,
            partial_label=t("partial_short"),
            peaks=peak_labels(ctx, series, "count"),
            language=ctx.language,
            notes=chart_notes(ctx),
        )
        time_chart(ctx, fig, view="overview-items", key_kind=None)
    companies = query("top_companies", f, limit=10)
    if not no_data(ctx, companies):
        value = "share" if ctx.value == "share" else "items"
        left, _ = st.columns([3, 2])
        left.plotly_chart(
            ranking_figure(
                companies,
                label="company",
                value=value,
                title=t("top_companies"),
                x_title=value_title(ctx),
                percent=value == "share",
                colors=key_colors(companies["company"].head(5)),
            ),
            key="overview-companies",
        )
    st.subheader(t("latest_items"))
    items_table(ctx, query("list_items", f, limit=10), key="overview-latest")


def _key_figures(ctx: PageContext, figures: dict) -> None:
    """Counts, with a change only against an equal, fully covered previous period."""
    t, f = ctx.t, ctx.filters
    first, last = query("data_span", None)
    plan = comparison(f.start, f.end, first, last, parse_tz(f.tz))
    current = previous = None
    if plan is not None:
        current = (
            query("key_figures", f.with_range(*plan.current))
            if plan.dropped_partial_day
            else figures
        )
        previous = query("key_figures", f.with_range(*plan.previous))
    columns = st.columns(4)
    for column, name in zip(columns, ["digests", "items", "sources", "companies"], strict=False):
        delta = help_text = None
        if plan is not None and current is not None and previous is not None:
            change = current[name] - previous[name]
            ratio = f" ({change / previous[name]:+.0%})" if previous[name] else ""
            delta = f"{change:+,}{ratio}"
            help_text = t(
                "vs_previous_days",
                a=f"{plan.current[0]} – {plan.current[1]}",
                b=f"{plan.previous[0]} – {plan.previous[1]}",
            ) + (" " + t("partial_day_left_out") if plan.dropped_partial_day else "")
        elif f.start and f.end:
            help_text = t("no_previous")
        column.metric(t(f"kf_{name}"), f"{figures[name]:,}", delta=delta, help=help_text)


render(current_context())

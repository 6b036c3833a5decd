"""Compare: two periods on the same granularity, with deltas for keywords, companies and categories."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from analysis.enrich import jobs
from analysis.present.charts import delta_figure
from dashboard.bootstrap import filling_in
from dashboard.components import chart_downloads, csv_button, no_data
from dashboard.data import query_compare
from dashboard.sidebar import PageContext, current_context
from dashboard.state import previous_period


def render(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.title(t("compare"))
    filling_in(t, jobs.STEP_KEYWORDS)
    if ctx.last_day is None:
        st.info(t("empty_db"))
        return
    # Default: the last week of the selected range against the week before it.
    end_b = min(f.end or ctx.last_day, ctx.last_day)
    start_b = max(ctx.first_day, end_b - timedelta(days=6))
    default_a = previous_period(start_b, end_b)
    left, right = st.columns(2)
    period_a = left.date_input(t("period_a"), value=default_a, key="cmp_a")
    period_b = right.date_input(t("period_b"), value=(start_b, end_b), key="cmp_b")
    if not (
        isinstance(period_a, tuple)
        and len(period_a) == 2
        and isinstance(period_b, tuple)
        and len(period_b) == 2
    ):
        return
    first, second = f.with_range(*period_a), f.with_range(*period_b)
    st.caption(t("same_granularity", g=t(f"g_{f.granularity}")))
    names = (f"{period_a[0]} – {period_a[1]}", f"{period_b[0]} – {period_b[1]}")
    for dimension in ("keywords", "companies", "categories"):
        deltas = query_compare(first, second, dimension)
        st.subheader(t(f"delta_{dimension}"))
        if no_data(ctx, deltas):
            continue
        fig = delta_figure(
            deltas,
            label="label",
            title=t(f"delta_{dimension}"),
            first_name=names[0],
            second_name=names[1],
            x_title=t("share"),
        )
        st.plotly_chart(fig, key=f"compare-{dimension}")
        chart_downloads(ctx, fig, view=f"compare-{dimension}")
        csv_button(ctx, deltas, view=f"compare-{dimension}-data")


render(current_context())

"""Compare: any terms over time (Google-Trends style), and two periods side by side."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from analysis.enrich import jobs
from analysis.present.charts import delta_figure, key_colors, trend_figure
from dashboard.bootstrap import filling_in
from dashboard.components import (
    chart_downloads,
    chart_notes,
    csv_button,
    no_data,
    peak_labels,
    term_picker,
    time_chart,
    value_title,
)
from dashboard.data import query, query_compare
from dashboard.sidebar import PageContext, category_label, current_context
from dashboard.state import previous_period
from dashboard.urlstate import bind


def render(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("compare"))
    filling_in(t, jobs.STEP_KEYWORDS)
    if ctx.last_day is None:
        st.info(t("empty_db"))
        return
    _terms(ctx)
    _periods(ctx)


def _terms(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.subheader(t("compare_terms"))
    terms = term_picker(ctx, "cmp_terms", label=t("terms_label"))
    if not terms:
        st.caption(t("terms_empty"))
        return
    series = query("term_series", f, terms=terms)
    if no_data(ctx, series):
        return
    fig = trend_figure(
        series,
        title=t("compare_terms"),
        x_title=t("time"),
        y_title=value_title(ctx),
        value=ctx.value,
        partial_note=t("partial"),
        peaks=peak_labels(ctx, series, ctx.value, key_kind="term"),
        granularity=f.granularity,
        language=ctx.language,
        colors=key_colors(terms),
        notes=chart_notes(ctx),
    )
    time_chart(ctx, fig, view="compare-terms", key_kind="term")
    totals = query("term_totals", f, terms=terms)
    if totals is not None and not totals.empty:
        st.dataframe(
            totals,
            hide_index=True,
            column_config={
                "term": t("term"),
                "items": t("count"),
                "share": st.column_config.NumberColumn(t("share"), format="percent"),
            },
        )
    csv_button(
        ctx, series, view="compare-terms-data", title=t("compare_terms"), terms=" ; ".join(terms)
    )


def _periods(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.subheader(t("compare_periods"))
    # Default: the last week of the sidebar's range against the week before it; when the
    # sidebar's range changes, the periods follow it.
    end_b = min(f.end or ctx.last_day, ctx.last_day)
    start_b = max(ctx.first_day, end_b - timedelta(days=6), f.start or ctx.first_day)
    default_b = (start_b, end_b)
    default_a = previous_period(start_b, end_b)
    follows = (f.start, f.end)
    if st.session_state.get("_cmp_follows", follows) != follows:
        for key in ("cmp_a", "cmp_b"):
            st.session_state.pop(key, None)
    st.session_state["_cmp_follows"] = follows
    bind("cmp_a", default_a, kind="dates")
    bind("cmp_b", default_b, kind="dates")
    left, right = st.columns(2)
    period_a = left.date_input(t("period_a"), key="cmp_a", format="YYYY-MM-DD")
    period_b = right.date_input(t("period_b"), key="cmp_b", format="YYYY-MM-DD")
    if not (_is_range(period_a) and _is_range(period_b)):
        return
    first, second = f.with_range(*period_a), f.with_range(*period_b)
    st.caption(t("same_granularity", g=t(f"g_{f.granularity}")))
    names = (f"{period_a[0]} – {period_a[1]}", f"{period_b[0]} – {period_b[1]}")
    label = category_label(ctx.language)
    for dimension in ("keywords", "companies", "categories"):
        deltas = query_compare(first, second, dimension)
        if no_data(ctx, deltas):
            continue
        if dimension == "categories":
            deltas = deltas.assign(label=deltas["key"].map(label))
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
        csv_button(
            ctx,
            deltas,
            view=f"compare-{dimension}-data",
            title=t(f"delta_{dimension}"),
            periods=" vs ".join(names),
        )


def _is_range(value) -> bool:
    return isinstance(value, (tuple, list)) and len(value) == 2


render(current_context())

"""Categories: declared (digest level) versus inferred (item level) over time, and the stacked mix."""

from __future__ import annotations

import streamlit as st

from analysis.enrich import jobs
from analysis.present.charts import line_series_figure, stacked_share_figure
from dashboard.bootstrap import filling_in
from dashboard.components import chart_downloads, csv_button, no_data, time_chart, value_title
from dashboard.data import query
from dashboard.sidebar import PageContext, category_label, current_context


def render(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.title(t("categories"))
    filling_in(t, jobs.STEP_KEYWORDS)
    st.subheader(t("declared_vs_inferred"))
    label = category_label(ctx.language)
    columns = st.columns(2)
    for column, kind in zip(columns, ("declared", "inferred"), strict=False):
        with column:
            series = query("category_series", f, kind=kind)
            if no_data(ctx, series):
                continue
            fig = line_series_figure(
                series.assign(label=series["key"].map(label)),
                title=t(kind),
                x_title=t("time"),
                y_title=value_title(ctx),
                value=ctx.value,
                partial_note=t("partial"),
            )
            time_chart(
                ctx,
                fig,
                view=f"categories-{kind}",
                key_kind="declared_category" if kind == "declared" else "category",
                label_of=label,
            )
            csv_button(ctx, series, view=f"categories-{kind}-data")
    inferred = query("category_series", f, kind="inferred")
    if inferred is not None and not inferred.empty:
        fig = stacked_share_figure(
            inferred.assign(key=inferred["key"].map(label)),
            title=t("stacked_share"),
            x_title=t("time"),
            y_title=t("share"),
        )
        st.plotly_chart(fig, key="categories-stacked")
        chart_downloads(ctx, fig, view="categories-stacked")


render(current_context())

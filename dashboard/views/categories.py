"""Categories: declared (digest level) and inferred (item level), one small panel per category,
and the category × time heatmap."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.enrich import jobs
from analysis.present.charts import heatmap_figure, trend_figure
from dashboard.bootstrap import filling_in
from dashboard.components import (
    chart_downloads,
    chart_notes,
    csv_button,
    no_data,
    time_chart,
    value_title,
)
from dashboard.data import query
from dashboard.sidebar import PageContext, category_label, current_context


def render(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.title(t("categories"))
    filling_in(t, jobs.STEP_KEYWORDS)
    label = category_label(ctx.language)
    declared = query("category_series", f, kind="declared")
    inferred = query("category_series", f, kind="inferred")
    frames = [frame for frame in (declared, inferred) if frame is not None and not frame.empty]
    if not frames:
        no_data(ctx, None)
        return
    both = pd.concat(frames, ignore_index=True)
    # Panels in order of size; the declared and the inferred line of a category share its panel.
    order = (
        both[both["kind"] == "inferred"].groupby("key")["count"].sum().sort_values(ascending=False)
    )
    keys = list(order.index) + [k for k in dict.fromkeys(both["key"]) if k not in order.index]
    both["key"] = pd.Categorical(both["key"], categories=keys, ordered=True)
    both = both.sort_values(["key", "bucket"]).assign(key=lambda d: d["key"].astype(str))
    both = both.assign(label=both["key"].map(label), kind=both["kind"].map(lambda k: t(k)))
    fig = trend_figure(
        both,
        title=t("declared_vs_inferred"),
        x_title=t("time"),
        y_title=value_title(ctx),
        value=ctx.value,
        granularity=f.granularity,
        language=ctx.language,
        notes=chart_notes(ctx),
        group_column="kind",
    )
    declared_name = t("declared")
    time_chart(
        ctx,
        fig,
        view="categories-panels",
        key_kind=lambda kind: "declared_category" if kind == declared_name else "category",
        label_of=label,
    )
    csv_button(ctx, both, view="categories-data", title=t("declared_vs_inferred"))
    if inferred is not None and not inferred.empty:
        fig = heatmap_figure(
            inferred.assign(label=inferred["key"].map(label)),
            title=t("category_heatmap"),
            x_title=t("time"),
            y_title=t("category"),
            value=ctx.value,
            granularity=f.granularity,
            language=ctx.language,
            notes=chart_notes(ctx),
            value_title=value_title(ctx),
        )
        st.plotly_chart(fig, key="categories-heatmap")
        chart_downloads(ctx, fig, view="categories-heatmap")


render(current_context())

"""Models and products: top models, rising models, trends per model and per family."""

from __future__ import annotations

import streamlit as st

from analysis.present.charts import line_series_figure, ranking_figure
from dashboard.components import (
    chart_downloads,
    chart_notes,
    csv_button,
    items_table,
    md_escape,
    no_data,
    peak_labels,
    rising_controls,
    time_chart,
    value_title,
)
from dashboard.data import query
from dashboard.sidebar import PageContext, current_context
from dashboard.urlstate import bind

KIND_OPTIONS = ("all", "model", "product")


def render(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.title(t("models"))
    left, middle, right = st.columns([2, 3, 1])
    bind("mo_kind", "all", choices=KIND_OPTIONS)
    kind_choice = left.radio(
        t("model_kind"),
        KIND_OPTIONS,
        format_func=lambda k: t(f"model_kind_{k}"),
        horizontal=True,
        key="mo_kind",
    )
    kind = None if kind_choice == "all" else kind_choice
    ranking = query("top_models", f, limit=60, kind=kind)
    if no_data(ctx, ranking):
        return
    options = ranking["product"].tolist()
    # A model named in the URL stays choosable even when it is not in this range's top list.
    options += [name for name in bind("mo_chosen", [], kind="list") if name not in options]
    chosen = middle.multiselect(
        t("choose_models"), options, key="mo_chosen", placeholder=t("type_to_search_models")
    )
    bind("mo_top_n", 8, kind="int", clamp=lambda n: min(max(n, 3), 20))
    top_n = right.slider(t("top_n"), 3, 20, key="mo_top_n")
    names = chosen or ranking["product"].head(top_n).tolist()
    series = query("model_series", f, products=tuple(names))
    if not no_data(ctx, series):
        series = series.assign(label=series["key"])
        peaks = peak_labels(ctx, series[series["key"] == names[0]], ctx.value, key_kind="product")
        fig = line_series_figure(
            series,
            title=t("model_trends"),
            x_title=t("time"),
            y_title=value_title(ctx),
            value=ctx.value,
            partial_note=t("partial"),
            peaks=peaks,
            notes=chart_notes(ctx),
        )
        time_chart(ctx, fig, view="models-trend", key_kind="product", data=series)

    col_rank, col_family = st.columns(2)
    with col_rank:
        value = "share" if ctx.value == "share" else "items"
        fig = ranking_figure(
            ranking.head(20),
            label="product",
            value=value,
            title=t("model_ranking"),
            x_title=value_title(ctx),
            percent=value == "share",
        )
        st.plotly_chart(fig, key="models-ranking")
        chart_downloads(ctx, fig, view="models-ranking")
        csv_button(ctx, ranking, view="models-ranking-data")
    with col_family:
        families = query("top_families", f, limit=30, kind=kind)
        family_names = families["family"].head(top_n).tolist()
        family_lines = query("family_series", f, families=tuple(family_names))
        if not no_data(ctx, family_lines):
            fig = line_series_figure(
                family_lines.assign(label=family_lines["key"]),
                title=t("family_trends"),
                x_title=t("time"),
                y_title=value_title(ctx),
                value=ctx.value,
                partial_note=t("partial"),
                notes=chart_notes(ctx),
            )
            time_chart(ctx, fig, view="models-families", key_kind="family", data=families)

    _rising(ctx)


def _rising(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.subheader(
        t(
            "rising_models",
            w=st.session_state.get("mo_window", 7),
            b=st.session_state.get("mo_base", 28),
        )
    )
    window, baseline, support = rising_controls(ctx, "mo", support=2)
    rising = query(
        "rising_models",
        f,
        window_days=int(window),
        baseline_days=int(baseline),
        min_support=int(support),
        limit=50,
    )
    if rising is None or rising.empty:
        st.info(t("no_rising_models"))
        return
    shown = rising.assign(evidence=rising["item_ids"].map(len))
    event = st.dataframe(
        shown[
            [
                "product",
                "family",
                "company",
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
        key="mo_rising",
        column_config={
            "product": t("model"),
            "family": t("family"),
            "company": t("company"),
            "window_count": t("window_count"),
            "baseline_count": t("baseline_count"),
            "window_rate": st.column_config.NumberColumn(t("window_rate"), format="percent"),
            "baseline_rate": st.column_config.NumberColumn(t("baseline_rate"), format="percent"),
            "ratio": st.column_config.NumberColumn(t("ratio"), format="%.1f"),
            "g2": st.column_config.NumberColumn(t("g2"), format="%.1f"),
            "new": t("new"),
            "evidence": t("evidence"),
        },
    )
    csv_button(ctx, rising, view="models-rising")
    rows = event.selection.rows if event else []
    if rows:
        picked = rising.iloc[rows[0]]
        st.markdown(f"**{t('evidence')}: {md_escape(picked['product'])}**")
        items_table(
            ctx,
            query(
                "list_items",
                f.with_range(None, None),
                item_ids=tuple(picked["item_ids"]),
                limit=200,
            ),
            key="mo-evidence",
        )


render(current_context())

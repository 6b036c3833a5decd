"""Companies: mentions over time, ranking, co-mentions, and names the alias table lacks."""

from __future__ import annotations

import streamlit as st

from analysis.enrich import jobs
from analysis.enrich.reference import ORG_KINDS, AliasEditError, add_alias
from analysis.present.charts import (
    MAX_LINES,
    co_mention_matrix_figure,
    key_colors,
    ranking_figure,
    trend_figure,
)
from analysis.store.db import DatabaseBusy
from dashboard.bootstrap import filling_in
from dashboard.components import (
    chart_downloads,
    chart_notes,
    csv_button,
    no_data,
    peak_labels,
    time_chart,
    value_title,
)
from dashboard.data import db_path, query
from dashboard.sidebar import PageContext, current_context
from dashboard.urlstate import bind


def render(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.title(t("companies"))
    filling_in(t, jobs.STEP_ENTITIES)
    bind("co_products", True, kind="bool")
    include_products = st.toggle(t("include_products"), key="co_products")
    ranking = query("top_companies", f, limit=30, include_products=include_products)
    if no_data(ctx, ranking):
        return
    bind("co_top_n", MAX_LINES, kind="int", clamp=lambda n: min(max(n, 3), 20))
    top_n = st.slider(t("top_n"), 3, 20, key="co_top_n", help=t("top_n_help", n=MAX_LINES))
    names = ranking["company"].head(top_n).tolist()
    # One colour per company on this page: the trend lines and the ranking bars agree.
    colors = key_colors(ranking["company"].head(MAX_LINES))
    series = query("company_series", f, companies=tuple(names), include_products=include_products)
    if not no_data(ctx, series):
        series = series.assign(label=series["key"])
        fig = trend_figure(
            series,
            title=t("company_trends"),
            x_title=t("time"),
            y_title=value_title(ctx),
            value=ctx.value,
            partial_note=t("partial"),
            peaks=peak_labels(ctx, series, ctx.value, key_kind="company")
            if len(names) <= MAX_LINES
            else None,
            granularity=f.granularity,
            language=ctx.language,
            colors=colors,
            notes=chart_notes(ctx),
        )
        time_chart(
            ctx,
            fig,
            view="companies-trend",
            key_kind="company",
            data=series,
            data_title=t("company_trends"),
        )
    left, right = st.columns(2)
    with left:
        value = "share" if ctx.value == "share" else "items"
        fig = ranking_figure(
            ranking.head(20),
            label="company",
            value=value,
            title=t("company_ranking"),
            x_title=value_title(ctx),
            percent=value == "share",
            colors=colors,
        )
        st.plotly_chart(fig, key="companies-ranking")
        chart_downloads(ctx, fig, view="companies-ranking")
        csv_button(ctx, ranking, view="companies-ranking-data", title=t("company_ranking"))
    with right:
        pairs = query("co_mentions", f, limit=200, include_products=include_products)
        if not no_data(ctx, pairs):
            fig = co_mention_matrix_figure(pairs, title=t("co_mentions"))
            st.plotly_chart(fig, key="companies-co")
            chart_downloads(ctx, fig, view="companies-co-mentions")
            csv_button(ctx, pairs, view="companies-co-mentions-data", title=t("co_mentions"))
    with st.expander(t("unknown_orgs")):
        unknown = query("unknown_organizations", f, limit=40)
        if not no_data(ctx, unknown):
            st.dataframe(
                unknown,
                hide_index=True,
                width="stretch",
                column_config={
                    "term": t("term"),
                    "items": t("count"),
                    "score": st.column_config.NumberColumn(t("score"), format="%.1f"),
                    "evidence": t("evidence_kinds"),
                    "origin": t("origin"),
                    "example_headline": t("example"),
                },
            )
            csv_button(ctx, unknown, view="companies-unknown", title=t("unknown_orgs"))
            _add_alias_form(ctx, unknown["term"].tolist())


_ALIAS_DONE = "_co_alias_done"


def _add_alias_form(ctx: PageContext, terms: list[str]) -> None:
    """Add a suggested name to data/companies.toml (comments and layout kept), then re-tag."""
    t = ctx.t
    with st.form("co_add_alias"):
        st.markdown(f"**{t('add_alias')}**")
        left, middle, right = st.columns([2, 2, 1])
        term = left.selectbox(t("add_alias_term"), terms, key="co_alias_term")
        org = middle.text_input(t("add_alias_org"), key="co_alias_org")
        kind = right.selectbox(t("add_alias_kind"), ORG_KINDS, key="co_alias_kind")
        submitted = st.form_submit_button(t("add_alias_button"))
    if not submitted or not term:
        # The confirmation outlives the reruns that follow it (the build status reruns the
        # page when the re-tagging child finishes a step).
        if st.session_state.get(_ALIAS_DONE):
            st.success(st.session_state[_ALIAS_DONE])
        return
    st.session_state.pop(_ALIAS_DONE, None)
    org = org.strip() or term
    try:
        outcome = add_alias(term, org, kind=kind)
    except (AliasEditError, DatabaseBusy) as exc:
        st.error(t("add_alias_failed", term=term, why=exc))
        return
    # Re-tagging runs in a child `trendboard enrich --entities`, like every enrichment the
    # dashboard starts: the page's process never loads enrichment code.
    jobs.start_child(db_path(), ["enrich", "--entities"], if_idle=False)
    st.cache_data.clear()
    st.session_state[_ALIAS_DONE] = t("add_alias_done", term=term, org=org) + f" ({outcome})"
    st.success(st.session_state[_ALIAS_DONE])


render(current_context())

"""Related: for a term or company, the keywords, companies and models that go with it, by lift.

A click on a related row makes it the new focus, so a reader can walk from
term to term; every step is in the URL.
"""

from __future__ import annotations

import streamlit as st

from analysis.query.terms import clean_terms
from dashboard.components import csv_button, no_data
from dashboard.data import query
from dashboard.sidebar import PageContext, current_context
from dashboard.urlstate import bind

RELATED_KINDS = ("keyword", "company", "model")


def render(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.title(t("related"))
    if not query("count_items", f):
        st.info(t("no_data"))
        return
    vocabulary = query("vocabulary", f.with_range(None, None)) or []
    current = bind("rel_term", "")
    options = list(dict.fromkeys([current, *vocabulary] if current else vocabulary))
    left, right = st.columns([3, 1])
    term = left.selectbox(
        t("related_term"),
        options,
        index=None,
        key="rel_term",
        accept_new_options=True,
        placeholder=t("type_terms"),
        help=t("terms_help"),
    )
    bind("rel_min", 3, kind="int", clamp=lambda n: min(max(n, 1), 50))
    minimum = right.number_input(
        t("min_together"), 1, 50, key="rel_min", help=t("min_together_help")
    )
    terms = clean_terms([term or ""])
    if not terms:
        st.caption(t("related_empty"))
        return
    focus = terms[0]
    totals = query("term_totals", f, terms=(focus,))
    if totals is not None and not totals.empty:
        st.caption(t("related_focus", term=focus, n=f"{int(totals['items'].iloc[0]):,}"))
    kinds = [k for k in RELATED_KINDS if k in (query("available_kinds", None) or [])]
    columns = st.columns(len(kinds))
    for column, kind in zip(columns, kinds, strict=False):
        with column:
            st.markdown(f"**{t(f'related_{kind}')}**")
            frame = query("related", f, term=focus, kind=kind, limit=20, min_together=int(minimum))
            if no_data(ctx, frame):
                continue
            table_key = f"rel_{kind}_table"
            st.dataframe(
                frame[["label", "lift", "together", "key_items"]],
                hide_index=True,
                width="stretch",
                on_select=_refocus(table_key, frame),
                selection_mode="single-row",
                key=table_key,
                column_config={
                    "label": st.column_config.TextColumn(t(kind), width="medium"),
                    "lift": st.column_config.NumberColumn(
                        t("lift"), format="%.1f×", help=t("lift_help")
                    ),
                    "together": st.column_config.NumberColumn(
                        t("together"), help=t("together_help")
                    ),
                    "key_items": st.column_config.NumberColumn(t("count")),
                },
            )
            csv_button(ctx, frame, view=f"related-{kind}", title=t(f"related_{kind}"), term=focus)
    st.caption(t("related_hint"))


def _refocus(table_key: str, frame):
    def refocus() -> None:
        rows = st.session_state[table_key].selection.rows
        if rows:
            st.session_state["rel_term"] = str(frame["label"].iloc[rows[0]])

    return refocus


render(current_context())

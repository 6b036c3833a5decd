"""Items: the filtered items, paged, with links, keywords, companies and categories."""

from __future__ import annotations

import math

import streamlit as st

from dashboard.components import items_table, similar_items_block
from dashboard.data import query
from dashboard.sidebar import PageContext, current_context
from dashboard.urlstate import bind

PAGE_SIZE = 50


def render(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.title(t("items"))
    total = query("count_items", f)
    if not total:
        st.info(t("no_data"))
        return
    pages = max(1, math.ceil(total / PAGE_SIZE))
    left, middle, _ = st.columns([1, 1, 3])
    bind("items_order", "newest", choices=("newest", "oldest"))
    bind("items_page", 1, kind="int", clamp=lambda n: min(max(n, 1), pages))
    if st.session_state["items_page"] > pages:  # the filters changed under a far page
        st.session_state["items_page"] = pages
    order = left.selectbox(t("sort"), ["newest", "oldest"], format_func=t, key="items_order")
    page = middle.number_input(
        f"{t('page')} (1–{pages})", min_value=1, max_value=pages, key="items_page"
    )
    st.caption(t("items_found", n=f"{total:,}"))
    frame = query("list_items", f, limit=PAGE_SIZE, offset=(int(page) - 1) * PAGE_SIZE, order=order)
    items_table(
        ctx,
        frame,
        key="items-table",
        height=min(1200, 38 * (len(frame) + 1) + 4),
        title=f"{t('items')} · {t('page')} {int(page)}/{pages}",
    )
    if frame is not None and not frame.empty:
        similar_items_block(ctx, frame, key="items")


render(current_context())

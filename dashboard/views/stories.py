"""Stories: the top stories of the range ranked by spread; one story's timeline, companies,
models and items (the URL keeps the open story); similar items for any of its items."""

from __future__ import annotations

import streamlit as st

from analysis.present.charts import items_over_time_figure
from dashboard.components import (
    chart_downloads,
    chart_notes,
    csv_button,
    items_table,
    md_escape,
    similar_items_block,
)
from dashboard.data import query
from dashboard.sidebar import PageContext, current_context
from dashboard.urlstate import bind

ORDERS = ["spread", "items", "digests", "sources", "duration", "newest"]


def render(ctx: PageContext) -> None:
    t, f = ctx.t, ctx.filters
    st.title(t("stories"))
    left, right, _ = st.columns([1, 1, 3])
    bind("stories_order", ORDERS[0], choices=ORDERS)
    order = left.selectbox(
        t("story_order"), ORDERS, format_func=lambda o: t(f"order_{o}"), key="stories_order"
    )
    bind("stories_limit", 25, kind="int", clamp=lambda n: min(max(n, 5), 100))
    limit = right.slider(t("top_n"), 5, 100, key="stories_limit")
    top = query("top_stories", f, limit=int(limit), order=order)
    if top is None or top.empty:
        st.info(t("no_data") if not query("count_items", f) else t("no_stories"))
        return
    st.subheader(t("top_stories"))
    event = st.dataframe(
        top[
            [
                "title",
                "items",
                "digests",
                "sources",
                "duration_hours",
                "first_seen",
                "last_seen",
            ]
        ],
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="stories_table",
        column_config={
            "title": st.column_config.TextColumn(t("story_title"), width="large"),
            "items": t("story_items_n"),
            "digests": t("story_digests"),
            "sources": t("story_sources"),
            "duration_hours": st.column_config.NumberColumn(t("story_hours"), format="%.0f"),
            "first_seen": st.column_config.DatetimeColumn(
                t("first_seen"), format="YYYY-MM-DD HH:mm"
            ),
            "last_seen": st.column_config.DatetimeColumn(t("last_seen"), format="YYYY-MM-DD HH:mm"),
        },
    )
    csv_button(ctx, top, view="stories-top")
    rows = event.selection.rows if event else []
    if rows:
        picked = int(top.iloc[rows[0]]["story_id"])
        if st.session_state.get("w_story") != picked:
            # The sidebar writes the open story into the URL; rerun so it does at once.
            st.session_state["w_story"] = picked
            st.rerun()
    story_id = st.session_state.get("w_story")
    if story_id is None:
        st.caption(t("pick_story"))
        return
    render_story(ctx, int(story_id))


def render_story(ctx: PageContext, story_id: int) -> None:
    t, f = ctx.t, ctx.filters
    story = query("story", f, story_id=story_id)
    if story is None:
        st.info(t("story_gone"))
        return
    st.divider()
    head, close = st.columns([6, 1])
    head.subheader(md_escape(story["title"] or ""))
    if close.button(t("close_story"), key="story_close"):
        st.session_state["w_story"] = None
        st.rerun()
    figures = st.columns(4)
    figures[0].metric(t("story_items_n"), f"{story['items']:,}")
    figures[1].metric(t("story_digests"), f"{story['digests']:,}")
    figures[2].metric(t("story_sources"), f"{story['sources']:,}")
    hours = (story["last_seen"] - story["first_seen"]).total_seconds() / 3600
    figures[3].metric(t("story_hours"), f"{hours:.0f}")

    timeline = query("story_timeline", f, story_id=story_id)
    if timeline is not None and not timeline.empty:
        fig = items_over_time_figure(
            timeline,
            title=t("story_timeline"),
            x_title=t("time"),
            y_title=t("count"),
            granularity=f.granularity,
            partial_label=t("partial_short"),
            notes=chart_notes(ctx),
        )
        st.plotly_chart(fig, key="story-timeline")
        chart_downloads(ctx, fig, view="story-timeline")

    for column, (kind, title) in zip(
        st.columns(2), (("companies", "story_companies"), ("models", "story_models")), strict=True
    ):
        with column:
            st.markdown(f"**{t(title)}**")
            frame = query(f"story_{kind}", f, story_id=story_id)
            if frame is not None and not frame.empty:
                st.dataframe(
                    frame,
                    hide_index=True,
                    width="stretch",
                    key=f"story-{kind}",
                    # the table's own column names, in the reader's language
                    column_config={name: t(name) for name in frame.columns if t(name) != name},
                )

    st.markdown(f"**{t('story_items')}**")
    members = query("story_items", f, story_id=story_id)
    items_table(ctx, members, key="story-items")
    if members is not None and not members.empty:
        similar_items_block(ctx, members, key="story")


render(current_context())

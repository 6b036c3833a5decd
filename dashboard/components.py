"""Pieces every page uses: charts with drill-down, item tables, download buttons."""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.present.charts import Note
from analysis.present.export import (
    ExportContext,
    ExportUnavailable,
    csv_bytes,
    describe_filters,
    describe_range,
    export_file_name,
    figure_html_bytes,
    figure_image_bytes,
    image_export_unavailable_reason,
    note_lines,
)
from analysis.query.peaks import chart_peaks, distinct_stories
from dashboard.data import query
from dashboard.sidebar import PageContext, notes

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$])")


def md_escape(text: object) -> str:
    """Digest text shown through Markdown (titles, captions) stays literal: no links, no HTML, no formatting."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def safe_link(url: object) -> str | None:
    """Only http(s) targets become clickable links."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def items_table(
    ctx: PageContext,
    frame: pd.DataFrame,
    *,
    key: str,
    height: int | None = None,
    title: str | None = None,
) -> None:
    t = ctx.t
    if frame is None or frame.empty:
        st.info(t("no_data"))
        return
    shown = frame.copy()
    shown["url"] = shown["url"].map(safe_link)
    for column in ("companies", "models", "keywords", "categories"):
        if column in shown.columns:
            shown[column] = shown[column].map(_as_list)
    for column in ("author", "series", "section", "source_label"):
        if column in shown.columns:
            shown[column] = shown[column].fillna("")  # an empty cell, not a grey "None"
    # Who, about whom and what come right after the headline, so they show without scrolling;
    # the long summary comes last.
    columns = [
        "published_at",
        "headline",
        "author",
        "companies",
        "keywords",
        "models",
        "url",
        "categories",
        "series",
        "section",
        "source_label",
        "summary",
    ]
    shown = shown[[c for c in columns if c in shown.columns]]
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=height or "auto",
        key=key,
        column_config={
            "published_at": st.column_config.DatetimeColumn(
                t("published"), format="YYYY-MM-DD HH:mm", width=125
            ),
            "headline": st.column_config.TextColumn(t("headline"), width=300),
            "author": st.column_config.TextColumn(t("author"), width=110),
            "companies": st.column_config.ListColumn(t("company"), width=130),
            "keywords": st.column_config.ListColumn(t("keyword"), width=260),
            "url": st.column_config.LinkColumn(t("link"), display_text="↗", width=40),
            "categories": st.column_config.ListColumn(t("category"), width=130),
            "models": st.column_config.ListColumn(t("model"), width=130),
            "series": st.column_config.TextColumn(t("series"), width=130),
            "section": st.column_config.TextColumn(t("section"), width=110),
            "source_label": st.column_config.TextColumn(t("source_label"), width=90),
            "summary": st.column_config.TextColumn(t("summary"), width=420),
        },
    )
    csv_button(ctx, frame, view=key, title=title)


def _as_list(value: object) -> list:
    """DuckDB lists arrive as arrays, NULL as NA; the table wants a plain (possibly empty) list."""
    if value is None or value is pd.NA or isinstance(value, float):
        return []
    return list(value)


def export_context(ctx: PageContext, title: str, **extra: str) -> ExportContext:
    """What an export shows: the chart's title, the range, every filter, the notes in the range."""
    f = ctx.filters
    return ExportContext(
        title=title,
        range_text=describe_range(f.start, f.end),
        filters_text=describe_filters(f, ctx.value, extra),
        notes=note_lines(notes(ctx)),
    )


def csv_button(
    ctx: PageContext, frame: pd.DataFrame, *, view: str, title: str | None = None, **extra: str
) -> None:
    if frame is None or frame.empty:
        return
    st.download_button(
        f"⬇ {ctx.t('download_csv')}",
        data=csv_bytes(frame, context=export_context(ctx, title or view, **extra)),
        mime="text/csv",
        on_click="ignore",
        file_name=export_file_name(view, ctx.filters.start, ctx.filters.end, "csv"),
        key=f"csv-{view}",
    )


def chart_downloads(ctx: PageContext, fig: go.Figure, *, view: str) -> None:
    """HTML always; PNG and SVG rendered on the server when a Chromium is there, else disabled with the reason.

    Every format carries the chart's title, range, filters and generation time.
    """

    def name(ext: str) -> str:
        return export_file_name(view, ctx.filters.start, ctx.filters.end, ext)

    reason = image_export_unavailable_reason()
    context = export_context(ctx, fig.layout.title.text or view)
    with st.popover(f"⬇ {ctx.t('export_chart')}"):
        st.download_button(
            f"{ctx.t('download_html')} (.html)",
            data=lambda: figure_html_bytes(fig, context),
            mime="text/html",
            file_name=name("html"),
            key=f"html-{view}",
            on_click="ignore",
        )
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
            st.download_button(
                f"{fmt.upper()} (.{fmt})",
                data=_image_maker(fig, fmt, context),
                mime=mime,
                file_name=name(fmt),
                key=f"{fmt}-{view}",
                on_click="ignore",
                disabled=reason is not None,
                help=reason,
            )
        if reason:
            st.caption(reason)


def _image_maker(fig: go.Figure, fmt: str, context: ExportContext):
    def make() -> bytes:
        try:
            return figure_image_bytes(fig, fmt, context=context)
        except ExportUnavailable as exc:
            return str(exc).encode("utf-8")

    return make


def _drill_key(view: str) -> str:
    return "pt_" + view.replace("-", "_")


def _drill_state(view: str, points: list) -> tuple[object, pd.Timestamp, str] | None:
    """(key, bucket, line) of the point whose items are open under the chart `view`, kept
    in the URL (`pt_<view>`); None when none is, or the URL's point is not one.

    A click opens a point and a click elsewhere closes it; on a reload, or from a shared
    link, the chart shows no selection and the URL's point stays open."""
    import json

    from dashboard.urlstate import bind

    key = _drill_key(view)
    bind(key, "")
    picked = []
    if points:
        point = points[0]
        custom = list(point.get("customdata") or [None, point.get("x")])
        custom[1] = custom[1] or point.get("x")
        picked = [json.dumps(custom[:3], ensure_ascii=False, default=str)]
    seen_key = f"_{key}_seen"
    previous = st.session_state.get(seen_key)
    if picked != (previous or []):
        st.session_state[key] = picked[0] if picked else ""
    st.session_state[seen_key] = picked
    try:
        chosen = json.loads(st.session_state[key] or "null")
        if not (isinstance(chosen, list) and len(chosen) >= 2):
            return None
        bucket = pd.Timestamp(chosen[1])
    except (ValueError, TypeError):
        return None
    return chosen[0], bucket, str(chosen[2]) if len(chosen) > 2 else ""


def time_chart(
    ctx: PageContext,
    fig: go.Figure,
    *,
    view: str,
    key_kind: str | None,
    label_of=None,
    data: pd.DataFrame | None = None,
    data_title: str | None = None,
) -> None:
    """A time chart whose points open the items behind them, underneath; `data` (the
    chart's series) gets its CSV download right under the chart, above the items."""
    event = st.plotly_chart(
        fig,
        key=f"chart-{view}",
        on_select="rerun",
        selection_mode=("points",),
        config={"displaylogo": False},
    )
    chart_downloads(ctx, fig, view=view)
    if data is not None:
        csv_button(ctx, data, view=f"{view}-data", title=data_title)
    points = (event.get("selection", {}) or {}).get("points", []) if event else []
    point = _drill_state(view, points)
    if point is None:
        st.caption(ctx.t("click_hint"))
        return
    key, bucket, line = point
    kind = None if key in (None, "items") else key_kind
    if callable(key_kind):  # the kind depends on the line (declared or inferred category)
        kind = key_kind(line)
    frame = query(
        "items_in_bucket",
        ctx.filters,
        bucket_start=bucket.to_pydatetime(),
        key_kind=kind,
        key=key if kind else None,
    )
    when = ctx.filters.granularity_facts.label(bucket)
    head, close = st.columns([6, 1])
    if kind:
        what = label_of(key) if label_of else key
        head.subheader(ctx.t("drill_title", what=md_escape(what or key), when=when))
    else:
        head.subheader(ctx.t("drill_items", when=when))
    if close.button(ctx.t("close_drill"), key=f"close-{view}"):
        st.session_state[_drill_key(view)] = ""
        st.rerun()
    if frame is None or frame.empty:
        st.info(ctx.t("drill_none"))
    else:
        items_table(ctx, frame, key=f"drill-{view}")


def no_data(ctx: PageContext, frame) -> bool:
    if frame is None or (hasattr(frame, "empty") and frame.empty):
        st.info(ctx.t("no_data"))
        return True
    return False


def value_title(ctx: PageContext) -> str:
    """The y axis of a trend: share or count, of items or of stories (Filters.count_by)."""
    if ctx.filters.count_by == "stories":
        return ctx.t("share_stories") if ctx.value == "share" else ctx.t("count_stories")
    return ctx.t("share") if ctx.value == "share" else ctx.t("count")


def peak_labels(
    ctx: PageContext, series: pd.DataFrame, value: str, *, key_kind: str | None = None, top: int = 3
) -> dict:
    """{(bucket, y): headline} for the chart's biggest spikes, whichever line they are on.

    Each label names a different story: a headline already used, or an item
    about a company another label is about, gives way to the bucket's next item.
    """
    if series is None or series.empty:
        return {}
    spikes = chart_peaks(series, value=value, top=top)
    if spikes.empty:
        return {}
    candidates = []
    for spike in spikes.itertuples():
        key = spike.key if key_kind else None
        frame = query(
            "peak_candidates",
            ctx.filters,
            buckets=(_py(spike.bucket),),
            key_kind=key_kind,
            key=key,
        )
        candidates.append(frame)
    stories = distinct_stories(candidates)
    return {
        (spike.bucket, spike.value): story
        for spike, story in zip(spikes.itertuples(), stories, strict=False)
        if story
    }


def chart_notes(ctx: PageContext) -> list[Note]:
    return notes(ctx)


def _py(ts: pd.Timestamp) -> datetime:
    return ts.to_pydatetime()


def rising_controls(ctx: PageContext, prefix: str, support: int) -> tuple[int, int, int]:
    """The rising table's window, baseline and minimum support (days, days, items), each a
    number input kept in the URL under `{prefix}_window`, `{prefix}_base`, `{prefix}_support`."""
    from dashboard.urlstate import bind

    t = ctx.t
    c1, c2, c3 = st.columns(3)
    bind(f"{prefix}_window", 7, kind="int", clamp=lambda n: min(max(n, 1), 90))
    bind(f"{prefix}_base", 28, kind="int", clamp=lambda n: min(max(n, 1), 365))
    bind(f"{prefix}_support", support, kind="int", clamp=lambda n: min(max(n, 1), 1000))
    window = c1.number_input(t("window_days"), 1, 90, key=f"{prefix}_window")
    baseline = c2.number_input(t("baseline_days"), 1, 365, key=f"{prefix}_base")
    minimum = c3.number_input(t("min_support"), 1, 1000, key=f"{prefix}_support")
    return int(window), int(baseline), int(minimum)


def _day_format(ctx: PageContext) -> str:
    """A day without its year, in the reader's language (`Jan 08`, `01月08日`)."""
    return "%m月%d日" if ctx.language == "zh" else "%b %d"


def window_in_words(ctx: PageContext, window) -> str:
    """ "last 7 days (Jan 08 – Jan 14) vs the 28 days before (Dec 11 – Jan 07)"."""
    fmt = _day_format(ctx)
    return ctx.t(
        "window_words",
        w=window.days,
        b=window.baseline_days,
        ws=window.start.strftime(fmt),
        we=window.end.strftime(fmt),
        bs=window.baseline_start.strftime(fmt),
        be=window.baseline_end.strftime(fmt),
    )


def growth_text(ctx: PageContext, row) -> str:
    if row.flag == "new":
        return f"★ {ctx.t('flag_new')}"
    growth = f"{row.growth:+.0%}"
    return f"▲ {growth} {ctx.t('flag_breakout')}" if row.flag == "breakout" else growth


def rising_now(
    ctx: PageContext,
    kinds: list[str],
    *,
    key: str,
    window_days: int = 7,
    baseline_days: int = 28,
    min_support: int = 3,
    limit: int = 8,
) -> None:
    """Rising keywords, companies (and models, where the database has them) side by side:
    growth, a daily sparkline, a new/breakout flag; a click on a row shows its items."""
    from dashboard.urlstate import bind

    t, f = ctx.t, ctx.filters
    window = query("rising_window", f, window_days=window_days, baseline_days=baseline_days)
    st.subheader(t("rising_now"))
    if window is None:
        st.info(t("no_data"))
        return
    if not window.baseline_days:
        st.info(t("no_baseline", first=window.start.strftime(_day_format(ctx))))
        return
    st.caption(window_in_words(ctx, window))
    evidence_key = f"{key}_ev"
    bind(evidence_key, "")
    columns = st.columns(len(kinds))
    found: dict[str, pd.DataFrame] = {}
    for column, kind in zip(columns, kinds, strict=False):
        with column:
            st.markdown(f"**{t(f'rising_{kind}')}**")
            frame = query(
                "rising",
                f,
                kind=kind,
                window_days=window_days,
                baseline_days=baseline_days,
                min_support=min_support,
                limit=limit,
            )
            if frame is None or frame.empty:
                st.caption(t("no_rising_kind"))
                continue
            found[kind] = frame
            shown = pd.DataFrame(
                {
                    "label": frame["label"],
                    "growth": [growth_text(ctx, row) for row in frame.itertuples()],
                    "trend": frame["sparkline"],
                    "window_count": frame["window_count"],
                }
            )
            table_key = f"{key}_{kind}_table"
            st.dataframe(
                shown,
                hide_index=True,
                width="stretch",
                on_select=_evidence_picker(evidence_key, table_key, kind, frame),
                selection_mode="single-row",
                key=table_key,
                column_config={
                    "label": st.column_config.TextColumn(t(kind), width="medium"),
                    "growth": st.column_config.TextColumn(
                        t("growth"), help=t("growth_help"), width="small"
                    ),
                    "trend": st.column_config.LineChartColumn(
                        t("trend"),
                        help=t("trend_help", days=window.days + window.baseline_days),
                        width="small",
                    ),
                    "window_count": st.column_config.NumberColumn(t("window_count"), width="small"),
                },
            )
    picked = st.session_state.get(evidence_key) or ""
    kind, _, picked_key = picked.partition(":")
    frame = found.get(kind)
    if frame is None or picked_key not in set(frame["key"]):
        st.caption(t("rising_hint"))
        return
    row = frame[frame["key"] == picked_key].iloc[0]
    title = t("evidence_for", what=row["label"], window=window_in_words(ctx, window))
    st.markdown(f"**{md_escape(title)}**")
    items_table(
        ctx,
        query("list_items", f.with_range(None, None), item_ids=tuple(row["item_ids"]), limit=200),
        key=f"{key}-evidence",
        title=title,
    )


def _evidence_picker(evidence_key: str, table_key: str, kind: str, frame: pd.DataFrame):
    """A click on a row (or its removal) sets which key's evidence is shown, and so the URL."""

    def picked() -> None:
        state = st.session_state.get(table_key)
        rows = state.selection.rows if state else []
        st.session_state[evidence_key] = f"{kind}:{frame['key'].iloc[rows[0]]}" if rows else ""

    return picked


def term_picker(ctx: PageContext, key: str, *, label: str, default: tuple[str, ...] = ()) -> tuple:
    """Up to five free terms, `a|b` for spellings of one; suggestions from the whole vocabulary."""
    from analysis.query.terms import MAX_TERMS, clean_terms
    from dashboard.urlstate import bind

    chosen = bind(key, list(default), kind="list", clamp=lambda v: list(clean_terms(v)))
    vocabulary = query("vocabulary", ctx.filters.with_range(None, None)) or []
    options = list(dict.fromkeys([*chosen, *vocabulary]))
    picked = st.multiselect(
        label,
        options,
        key=key,
        accept_new_options=True,
        max_selections=MAX_TERMS,
        placeholder=ctx.t("type_terms"),
        help=ctx.t("terms_help"),
    )
    return clean_terms(picked)


def similar_items_block(ctx: PageContext, frame, *, key: str) -> None:
    """Pick one of `frame`'s items and list its nearest neighbours, with their stories."""
    from dashboard.urlstate import bind

    t, f = ctx.t, ctx.filters
    headlines = {int(i): h for i, h in zip(frame["item_id"], frame["headline"], strict=False)}
    pick_key = f"{key}_similar"  # in the URL: a shared link opens the same neighbours
    if bind(pick_key, None, kind="int") not in headlines:
        st.session_state[pick_key] = None
    with st.expander(t("similar_items"), expanded=st.session_state[pick_key] is not None):
        chosen = st.selectbox(
            t("similar_to"),
            list(headlines),
            index=None,
            format_func=lambda i: str(headlines.get(i) or i),
            placeholder=t("pick_similar"),
            key=pick_key,
        )
        if chosen is None:
            return
        near = query("similar_items", f, item_id=int(chosen), limit=10)
        if near is None or near.empty:
            st.info(t("no_data"))
            return
        shown = near.assign(url=near["url"].map(safe_link))
        st.dataframe(
            shown[["similarity", "published_at", "headline", "author", "url", "story_title"]],
            hide_index=True,
            width="stretch",
            key=f"{key}-similar",
            column_config={
                "similarity": st.column_config.NumberColumn(t("similarity"), format="%.2f"),
                "published_at": st.column_config.DatetimeColumn(
                    t("published"), format="YYYY-MM-DD HH:mm"
                ),
                "headline": st.column_config.TextColumn(t("headline"), width="large"),
                "author": t("author"),
                "url": st.column_config.LinkColumn(t("link"), display_text="↗"),
                "story_title": st.column_config.TextColumn(t("story_title"), width="large"),
            },
        )

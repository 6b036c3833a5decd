"""Pieces every page uses: charts with drill-down, item tables, download buttons."""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.present.export import (
    ExportUnavailable,
    csv_bytes,
    export_file_name,
    figure_html_bytes,
    figure_image_bytes,
    image_export_unavailable_reason,
)
from dashboard.data import query
from dashboard.sidebar import PageContext

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$])")


def md_escape(text: object) -> str:
    """Digest text shown through Markdown (titles, captions) stays literal: no links, no HTML, no formatting."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def safe_link(url: object) -> str | None:
    """Only http(s) targets become clickable links."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def items_table(
    ctx: PageContext, frame: pd.DataFrame, *, key: str, height: int | None = None
) -> None:
    t = ctx.t
    if frame is None or frame.empty:
        st.info(t("no_data"))
        return
    shown = frame.copy()
    shown["url"] = shown["url"].map(safe_link)
    for column in ("companies", "keywords", "categories"):
        if column in shown.columns:
            shown[column] = shown[column].map(_as_list)
    columns = [
        "published_at",
        "headline",
        "author",
        "url",
        "companies",
        "keywords",
        "categories",
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
                t("published"), format="YYYY-MM-DD HH:mm"
            ),
            "headline": st.column_config.TextColumn(t("headline"), width="large"),
            "author": st.column_config.TextColumn(t("author")),
            "url": st.column_config.LinkColumn(t("link"), display_text="↗"),
            "companies": st.column_config.ListColumn(t("company")),
            "keywords": st.column_config.ListColumn(t("keyword")),
            "categories": st.column_config.ListColumn(t("category")),
            "summary": st.column_config.TextColumn(t("summary"), width="large"),
        },
    )
    csv_button(ctx, frame, view=key)


def _as_list(value: object) -> list:
    """DuckDB lists arrive as arrays, NULL as NA; the table wants a plain (possibly empty) list."""
    if value is None or value is pd.NA or isinstance(value, float):
        return []
    return list(value)


def csv_button(ctx: PageContext, frame: pd.DataFrame, *, view: str) -> None:
    if frame is None or frame.empty:
        return
    st.download_button(
        f"⬇ {ctx.t('download_csv')}",
        data=csv_bytes(frame),
        mime="text/csv",
        on_click="ignore",
        file_name=export_file_name(view, ctx.filters.start, ctx.filters.end, "csv"),
        key=f"csv-{view}",
    )


def chart_downloads(ctx: PageContext, fig: go.Figure, *, view: str) -> None:
    """HTML always; PNG and SVG rendered on the server when a Chromium is there, else disabled with the reason."""

    def name(ext: str) -> str:
        return export_file_name(view, ctx.filters.start, ctx.filters.end, ext)

    reason = image_export_unavailable_reason()
    with st.popover(f"⬇ {ctx.t('export_chart')}"):
        st.download_button(
            f"{ctx.t('download_html')} (.html)",
            data=lambda: figure_html_bytes(fig),
            mime="text/html",
            file_name=name("html"),
            key=f"html-{view}",
            on_click="ignore",
        )
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
            st.download_button(
                f"{fmt.upper()} (.{fmt})",
                data=_image_maker(fig, fmt),
                mime=mime,
                file_name=name(fmt),
                key=f"{fmt}-{view}",
                on_click="ignore",
                disabled=reason is not None,
                help=reason,
            )
        if reason:
            st.caption(reason)


def _image_maker(fig: go.Figure, fmt: str):
    def make() -> bytes:
        try:
            return figure_image_bytes(fig, fmt)
        except ExportUnavailable as exc:
            return str(exc).encode("utf-8")

    return make


def time_chart(
    ctx: PageContext, fig: go.Figure, *, view: str, key_kind: str | None, label_of=None
) -> None:
    """A time chart whose points open the items behind them, underneath."""
    event = st.plotly_chart(
        fig,
        key=f"chart-{view}",
        on_select="rerun",
        selection_mode=("points",),
        config={"displaylogo": False},
    )
    chart_downloads(ctx, fig, view=view)
    points = (event.get("selection", {}) or {}).get("points", []) if event else []
    if not points:
        st.caption(ctx.t("click_hint"))
        return
    point = points[0]
    custom = point.get("customdata") or [None, point.get("x")]
    key, when = custom[0], custom[1] or point.get("x")
    bucket = pd.Timestamp(when)
    kind = None if key in (None, "items") else key_kind
    frame = query(
        "items_in_bucket",
        ctx.filters,
        bucket_start=bucket.to_pydatetime(),
        key_kind=kind,
        key=key if kind else None,
    )
    when = ctx.filters.granularity_facts.label(bucket)
    if kind:
        what = label_of(key) if label_of else key
        st.subheader(ctx.t("drill_title", what=md_escape(what or key), when=when))
    else:
        st.subheader(ctx.t("drill_items", when=when))
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
    return ctx.t("share") if ctx.value == "share" else ctx.t("count")


def peak_labels(
    ctx: PageContext, series: pd.DataFrame, value: str, *, key_kind: str | None = None, top: int = 3
) -> dict:
    """{(bucket, y): headline} for the highest peaks of a one-key series."""
    from analysis.query.peaks import find_peaks

    if series is None or series.empty:
        return {}
    peaks = find_peaks(series, value=value, top=top)
    if peaks.empty:
        return {}
    key = series["key"].iloc[0] if key_kind and "key" in series.columns else None
    headlines = (
        query(
            "peak_headlines",
            ctx.filters,
            buckets=tuple(peaks["bucket"].map(_py)),
            key_kind=key_kind,
            key=key,
        )
        or {}
    )
    return {
        (row.bucket, getattr(row, value)): headlines.get(pd.Timestamp(row.bucket))
        for row in peaks.itertuples()
        if headlines.get(pd.Timestamp(row.bucket))
    }


def _py(ts: pd.Timestamp) -> datetime:
    return ts.to_pydatetime()

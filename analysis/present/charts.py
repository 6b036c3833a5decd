"""Figure builders: DataFrame → plotly Figure. Nothing is rendered here.

Every time chart carries `customdata = [key, bucket ISO time]` on its points,
so a click can be mapped back to the items behind it (the dashboard's
drill-down). Titles and axis labels are parameters: the caller translates.

Legibility rules every time chart follows:
- at most `MAX_LINES` lines in one plot; more keys become small multiples;
- lines are labelled at their end (no legend to decode);
- a key keeps its colour across the charts of a page (`key_colors`), from a
  colour-blind-safe palette (Okabe & Ito);
- ticks fall on bucket starts: month starts, Monday weeks, midnights;
- peak labels sit in rows of their own above the data, so they cannot overlap;
- the user's notes (annotations) are drawn as dotted vertical lines.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.query.granularity import GRANULARITIES

FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
MAX_LINES = 5
# Okabe & Ito (2008), distinguishable with the common colour-vision deficiencies;
# the yellow comes last, it is faint on white.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#555555",
    "#F0E442",
)
NEUTRAL = "#3182bd"
PARTIAL = "#9ecae1"
NOTE_COLOR = "#6b6b6b"
# Top right, level with the title: never over the data, the axis or the peak labels.
TOP_LEGEND = dict(orientation="h", x=1, xanchor="right", y=0.985, yanchor="top", yref="container")
DAY_MS = 86_400_000
# A Monday at midnight: weekly ticks counted from it fall on Mondays, as week buckets start.
MONDAY = "2000-01-03"
_DATE_FORMATS = {
    # (tick format, hover format) per granularity and language, d3-time-format.
    "en": {
        "4h": ("%b %d", "%Y-%m-%d %H:%M"),
        "day": ("%b %d", "%Y-%m-%d"),
        "week": ("%b %d", "week of %Y-%m-%d"),
        "month": ("%b %Y", "%Y-%m"),
    },
    "zh": {
        "4h": ("%m月%d日", "%Y年%m月%d日 %H:%M"),
        "day": ("%m月%d日", "%Y年%m月%d日"),
        "week": ("%m月%d日", "%Y年%m月%d日起一周"),
        "month": ("%Y年%m月", "%Y年%m月"),
    },
}


@dataclass(frozen=True)
class Note:
    """A user's annotation: a moment (tz-aware, in the display zone) and its text."""

    at: datetime
    text: str


def notes_from(frame: pd.DataFrame | None) -> list[Note]:
    """The notes of an `annotations` query frame (at, text, created)."""
    if frame is None or frame.empty:
        return []
    return [Note(at=row.at.to_pydatetime(), text=row.text) for row in frame.itertuples()]


def key_colors(keys: Iterable[object]) -> dict[object, str]:
    """One colour per key, in the order given (a page passes its keys in ranking order)."""
    colors: dict[object, str] = {}
    for key in keys:
        if key not in colors:
            colors[key] = PALETTE[len(colors) % len(PALETTE)]
    return colors


def _layout(
    fig: go.Figure, title: str, x_title: str, y_title: str, *, percent: bool = False
) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", y=0.98, yanchor="top", yref="container"),
        font=dict(family=FONT, size=13),
        showlegend=False,
        margin=dict(l=10, r=10, t=60, b=10),
        hovermode="closest",
        template="plotly_white",
        xaxis_title=x_title,
        yaxis_title=y_title,
    )
    if percent:
        fig.update_yaxes(tickformat=".0%")
    return fig


def time_axis(
    fig: go.Figure,
    buckets: pd.Series,
    granularity: str,
    language: str = "en",
    ticks: int = 10,
    room_after: bool = True,
) -> go.Figure:
    """Ticks on bucket starts (about `ticks` of them), dates in the reader's language.

    `room_after`: the axis runs on to the next bucket's start (room for line-end labels);
    without it, to half a bucket past the last one, so no tick sits on the axis's right end
    (in small multiples that label would run into the next panel's first one).
    """
    tick_format, hover_format = _DATE_FORMATS.get(language, _DATE_FORMATS["en"])[granularity]
    axis: dict = dict(tickformat=tick_format, hoverformat=hover_format)
    span_days = 0.0
    if len(buckets):
        span_days = (buckets.max() - buckets.min()).total_seconds() / 86_400
    if granularity == "month" or span_days > 200:
        months = max(1, math.ceil(span_days / 30 / max(ticks - 2, 1)))
        axis.update(tick0="2000-01-01", dtick=f"M{months}")
        if granularity != "month":
            axis["tickformat"] = _DATE_FORMATS.get(language, _DATE_FORMATS["en"])["month"][0]
    elif granularity == "week" or span_days > 16:
        weeks = max(1, math.ceil(span_days / 7 / ticks))
        axis.update(tick0=MONDAY, dtick=7 * DAY_MS * weeks)
    else:
        days = max(1, math.ceil(span_days / ticks))
        axis.update(tick0=MONDAY, dtick=DAY_MS * days)
    if len(buckets):
        # Annotations placed in data coordinates would otherwise stretch the axis past the data.
        last = buckets.max()
        end = _next_bucket(last, granularity)
        axis["range"] = [
            buckets.min() - pd.Timedelta(hours=6),
            end if room_after else last + (end - last) / 2,
        ]
    fig.update_xaxes(**axis)
    return fig


def wall_time(moment) -> pd.Timestamp:
    """A moment as the naive wall-clock time of its zone: how plotly places a tz-aware trace value."""
    moment = pd.Timestamp(moment)
    return moment.tz_localize(None) if moment.tzinfo is not None else moment


def _next_bucket(start: pd.Timestamp, granularity: str) -> pd.Timestamp:
    return start + GRANULARITIES[granularity].length


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, font=dict(size=16), x=0.5, y=0.5, xref="paper", yref="paper"
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(template="plotly_white", font=dict(family=FONT), height=260)
    return fig


def _shorten(text: object, width: int = 28) -> str:
    """Cut to `width` characters (Chinese has no spaces to break at), then make it inert text."""
    text = " ".join(str(text).split())
    return inert(text if len(text) <= width else text[: width - 1] + "…")


def inert(text: object) -> str:
    """Plotly reads `<a href>`, `<b>` and friends in labels; digest text must show as typed, not as markup."""
    return html.escape(str(text), quote=False)


def _value_format(value: str) -> str:
    return ".1%" if value == "share" else ",d"


def trend_figure(
    series: pd.DataFrame,
    *,
    title: str,
    x_title: str,
    y_title: str,
    value: str = "share",
    label_column: str = "label",
    partial_note: str = "partial bucket",
    peaks: Mapping | None = None,
    granularity: str = "day",
    language: str = "en",
    colors: Mapping | None = None,
    notes: Iterable[Note] = (),
    group_column: str | None = None,
) -> go.Figure:
    """Lines over time: one plot when there are at most MAX_LINES keys, else small multiples.

    With `group_column` (e.g. declared/inferred), each key gets its own panel and
    the groups are the lines inside it.
    """
    keys = list(dict.fromkeys(series["key"]))
    if group_column is None and len(keys) <= MAX_LINES:
        return line_series_figure(
            series,
            title=title,
            x_title=x_title,
            y_title=y_title,
            value=value,
            label_column=label_column,
            partial_note=partial_note,
            peaks=peaks,
            granularity=granularity,
            language=language,
            colors=colors,
            notes=notes,
        )
    return small_multiples_figure(
        series,
        title=title,
        x_title=x_title,
        y_title=y_title,
        value=value,
        label_column=label_column,
        granularity=granularity,
        language=language,
        colors=colors,
        notes=notes,
        group_column=group_column,
    )


def _line_trace(
    group: pd.DataFrame,
    *,
    label: str,
    value: str,
    y_title: str,
    color: str,
    partial_note: str,
    name: str | None = None,
    extra: str = "",
) -> go.Scatter:
    # [key, bucket] — and the line's group (declared/inferred) when a panel has several lines.
    tail = [extra] if extra else []
    custom = [
        [k, b.isoformat(), *tail] for k, b in zip(group["key"], group["bucket"], strict=False)
    ]
    partial = group["partial"].to_numpy()
    return go.Scatter(
        x=group["bucket"],
        y=group[value],
        mode="lines+markers",
        name=name or label,
        customdata=custom,
        marker=dict(
            size=6,
            color=color,
            symbol=["circle-open" if p else "circle" for p in partial],
        ),
        line=dict(width=2, color=color),
        connectgaps=False,
        hovertemplate=f"<b>{label}</b><br>%{{x}}<br>{inert(y_title)}: %{{y:{_value_format(value)}}}"
        + (f"<extra>{inert(partial_note)}</extra>" if partial.any() else "<extra></extra>"),
    )


def line_series_figure(
    series: pd.DataFrame,
    *,
    title: str,
    x_title: str,
    y_title: str,
    value: str = "share",
    label_column: str = "label",
    partial_note: str = "partial bucket",
    peaks: Mapping | None = None,
    granularity: str = "day",
    language: str = "en",
    colors: Mapping | None = None,
    notes: Iterable[Note] = (),
) -> go.Figure:
    """One line per key, labelled at its end; partial buckets drawn as open markers."""
    fig = go.Figure()
    label_column = label_column if label_column in series.columns else "key"
    keys = list(dict.fromkeys(series["key"]))
    colors = {**key_colors(keys), **(colors or {})}
    ends = []
    for key in keys:
        group = series[series["key"] == key].sort_values("bucket")
        label = inert(group[label_column].iloc[0])
        fig.add_trace(
            _line_trace(
                group,
                label=label,
                value=value,
                y_title=y_title,
                color=colors[key],
                partial_note=partial_note,
            )
        )
        last = group.iloc[-1]
        ends.append(
            (
                last["bucket"],
                float(last[value]),
                _shorten(group[label_column].iloc[0], 18),
                colors[key],
            )
        )
    _layout(fig, title, x_title, y_title, percent=value == "share")
    top = float(series[value].max()) if len(series) else 1.0
    _label_line_ends(fig, ends, top)
    _annotate_peaks(fig, peaks, top)
    _draw_notes(fig, notes, series["bucket"])
    return time_axis(fig, series["bucket"], granularity, language)


def _label_line_ends(fig: go.Figure, ends: list, top: float) -> None:
    """Each line's name just right of its last point, nudged apart so names never stack."""
    if not ends:
        return
    gap = max(top, 1e-9) * 0.07
    placed: list[float] = []
    for bucket, y, text, color in sorted(ends, key=lambda e: e[1]):
        position = y if not placed else max(y, placed[-1] + gap)
        placed.append(position)
        fig.add_annotation(
            x=wall_time(bucket),
            y=position,
            text=text,
            showarrow=False,
            xanchor="left",
            xshift=8,
            font=dict(size=12, color=color),
        )
    longest = max(len(e[2]) for e in ends)
    fig.update_layout(margin=dict(r=min(40 + 8 * longest, 220)))


def small_multiples_figure(
    series: pd.DataFrame,
    *,
    title: str,
    x_title: str,
    y_title: str,
    value: str = "share",
    label_column: str = "label",
    granularity: str = "day",
    language: str = "en",
    colors: Mapping | None = None,
    notes: Iterable[Note] = (),
    group_column: str | None = None,
    columns: int = 4,
) -> go.Figure:
    """One small panel per key on shared axes; with `group_column`, one line per group in each."""
    label_column = label_column if label_column in series.columns else "key"
    keys = list(dict.fromkeys(series["key"]))
    columns = max(1, min(columns, len(keys)))
    rows = math.ceil(len(keys) / columns)
    labels = [_shorten(series.loc[series["key"] == key, label_column].iloc[0], 24) for key in keys]
    fig = make_subplots(
        rows=rows,
        cols=columns,
        shared_xaxes=True,
        shared_yaxes=True,
        subplot_titles=labels,
        vertical_spacing=min(0.16, 0.6 / rows),
        horizontal_spacing=0.07,  # room for the date ticks at two panels' shared edge
    )
    groups = list(dict.fromkeys(series[group_column])) if group_column else [None]
    group_colors = key_colors(groups)
    colors = {**key_colors(keys), **(colors or {})}
    for index, key in enumerate(keys):
        row, col = index // columns + 1, index % columns + 1
        of_key = series[series["key"] == key]
        for group_name in groups:
            group = of_key if group_name is None else of_key[of_key[group_column] == group_name]
            if group.empty:
                continue
            color = colors[key] if group_name is None else group_colors[group_name]
            trace = _line_trace(
                group.sort_values("bucket"),
                label=labels[index],
                value=value,
                y_title=y_title,
                color=color,
                partial_note="",
                name=inert(group_name) if group_name is not None else labels[index],
                extra=str(group_name or ""),
            )
            trace.marker.size = 4
            trace.line.width = 1.6
            fig.add_trace(trace, row=row, col=col)
    fig.update_layout(height=max(320, 170 * rows + 130))
    _layout(fig, title, "", "", percent=value == "share")
    if group_column:
        fig.update_layout(
            showlegend=True,
            legend=TOP_LEGEND,
        )
        # One legend entry per group, not one per panel.
        seen: set[str] = set()
        for trace in fig.data:
            trace.showlegend = trace.name not in seen
            seen.add(trace.name)
    fig.update_annotations(font_size=12)
    top = float(series[value].max()) if len(series) else 1.0
    fig.update_yaxes(
        tickformat=".0%" if value == "share" else None, range=[0, max(top, 1e-9) * 1.08]
    )
    # The panels share their axes: one y title on the left of the middle row, one x title
    # under each panel of the bottom row, so what is counted is said once.
    fig.update_yaxes(title_text=y_title, title_font_size=12, row=(rows + 1) // 2, col=1)
    last_row = len(keys) - (rows - 1) * columns
    for col in range(1, last_row + 1):
        fig.update_xaxes(title_text=x_title, title_font_size=12, row=rows, col=col)
    _draw_notes(fig, notes, series["bucket"])
    return time_axis(
        fig, series["bucket"], granularity, language, ticks=max(2, 8 // columns), room_after=False
    )


def items_over_time_figure(
    frame: pd.DataFrame,
    *,
    title: str,
    x_title: str,
    y_title: str,
    granularity: str = "day",
    partial_label: str = "partial",
    peaks: Mapping | None = None,
    language: str = "en",
    notes: Iterable[Note] = (),
) -> go.Figure:
    """Bars of items per bucket, each spanning its bucket; partial buckets lighter."""
    fig = go.Figure()
    # Explicit widths: a trace with a single bar (one partial bucket) would otherwise be drawn as a sliver.
    width = GRANULARITIES[granularity].bar_milliseconds * 0.9
    for is_partial, group in frame.groupby("partial"):
        fig.add_trace(
            go.Bar(
                x=group["bucket"],
                y=group["items"],
                width=width,
                offset=0,
                name=f"{y_title} ({partial_label})" if is_partial else y_title,
                marker=dict(color=PARTIAL if is_partial else NEUTRAL),
                customdata=[["items", b.isoformat()] for b in group["bucket"]],
                hovertemplate=f"%{{x}}<br>{inert(y_title)}: %{{y:,d}}"
                + (f"<extra>{inert(partial_label)}</extra>" if is_partial else "<extra></extra>"),
            )
        )
    fig.update_layout(barmode="overlay", bargap=0.1)
    _layout(fig, title, x_title, y_title)
    if frame["partial"].any():
        fig.update_layout(
            showlegend=True,
            legend=TOP_LEGEND,
        )
    top = float(frame["items"].max()) if len(frame) else 1.0
    _annotate_peaks(fig, peaks, top)
    _draw_notes(fig, notes, frame["bucket"])
    return time_axis(fig, frame["bucket"], granularity, language)


PEAK_ROW_HEIGHT = 0.16  # of the data's maximum: one row of peak labels


def _annotate_peaks(fig: go.Figure, peaks: Mapping | None, top: float) -> None:
    """Each label on its own row above the data, with an arrow down to its point.

    Rows never share a label, so labels cannot cover each other whatever their
    x positions; the y axis grows to make room for the rows.
    """
    if not peaks:
        return
    ordered = sorted(peaks.items(), key=lambda kv: kv[0][0])
    top = max(top, 1e-9)
    first_row = top * 1.10
    for row, ((bucket, y), headline) in enumerate(ordered):
        fig.add_annotation(
            x=wall_time(bucket),
            y=y,
            ax=wall_time(bucket),
            ay=first_row + row * top * PEAK_ROW_HEIGHT,
            axref="x",
            ayref="y",
            text=_shorten(headline),
            showarrow=True,
            arrowhead=0,
            arrowcolor="#999",
            font=dict(size=11),
            bgcolor="rgba(255,255,255,0.9)",
            bordercolor="#999",
            name="peak",
        )
    fig.update_yaxes(range=[0, first_row + (len(ordered) - 0.3) * top * PEAK_ROW_HEIGHT])


def _draw_notes(fig: go.Figure, notes: Iterable[Note], buckets: pd.Series) -> None:
    """Dotted vertical lines at the notes that fall within the chart's time span."""
    notes = list(notes)
    if not notes or buckets is None or not len(buckets):
        return
    lo, hi = buckets.min(), buckets.max()
    for note in notes:
        at = pd.Timestamp(note.at)
        if at.tzinfo is None or lo.tzinfo is None:
            at = at.tz_localize(None) if at.tzinfo else at
        else:
            at = at.tz_convert(lo.tzinfo)
        if not (lo - pd.Timedelta(days=1) <= at <= hi + pd.Timedelta(days=31)):
            continue
        line = dict(color=NOTE_COLOR, width=1, dash="dot")
        if fig._has_subplots():
            fig.add_vline(x=wall_time(at), line=line, row="all", col="all")
        else:
            fig.add_vline(x=wall_time(at), line=line)
        fig.add_annotation(
            x=wall_time(at),
            y=0.02,
            xref="x",
            yref="paper",
            text="✎ " + _shorten(note.text, 30),
            textangle=-90,
            showarrow=False,
            xanchor="right",
            yanchor="bottom",
            font=dict(size=10, color=NOTE_COLOR),
            name="note",
        )


def heatmap_figure(
    series: pd.DataFrame,
    *,
    title: str,
    x_title: str,
    y_title: str,
    value: str = "share",
    label_column: str = "label",
    granularity: str = "day",
    language: str = "en",
    notes: Iterable[Note] = (),
    value_title: str = "",
) -> go.Figure:
    """Keys by bucket; `value_title` names what a cell counts (share of items, stories …)."""
    label_column = label_column if label_column in series.columns else "key"
    series = series.assign(**{label_column: series[label_column].map(inert)})
    pivot = series.pivot_table(
        index=label_column, columns="bucket", values=value, aggfunc="sum"
    ).fillna(0)
    order = series.groupby(label_column)["count"].sum().sort_values().index
    pivot = pivot.loc[[o for o in order if o in pivot.index]]
    fig = go.Figure(
        go.Heatmap(
            z=pivot.to_numpy(),
            x=list(pivot.columns),
            y=list(pivot.index),
            colorscale="Blues",
            colorbar=dict(title=inert(value_title), tickformat=".0%" if value == "share" else ",d"),
            hovertemplate="%{y}<br>%{x}<br>%{z:" + _value_format(value) + "}<extra></extra>",
        )
    )
    fig.update_layout(height=max(320, 28 * len(pivot.index) + 140))
    _layout(fig, title, x_title, y_title)
    _draw_notes(fig, notes, series["bucket"])
    return time_axis(fig, series["bucket"], granularity, language)


def ranking_figure(
    frame: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    x_title: str,
    percent: bool = False,
    key: str | None = None,
    colors: Mapping | None = None,
) -> go.Figure:
    ordered = frame.sort_values(value)
    keys = ordered[key or label]
    fig = go.Figure(
        go.Bar(
            x=ordered[value],
            y=ordered[label].map(_shorten),
            orientation="h",
            marker_color=[(colors or {}).get(k, NEUTRAL) for k in keys],
            customdata=[[k, ""] for k in keys],
            hovertemplate="%{y}: %{x" + (":.1%" if percent else ":,d") + "}<extra></extra>",
        )
    )
    fig.update_layout(height=max(300, 26 * len(ordered) + 120))
    _layout(fig, title, x_title, "")
    if percent:
        fig.update_xaxes(tickformat=".0%")
    return fig


def co_mention_matrix_figure(pairs: pd.DataFrame, *, title: str, top: int = 15) -> go.Figure:
    totals = pd.concat(
        [
            pairs.rename(columns={"company_a": "c"})[["c", "items"]],
            pairs.rename(columns={"company_b": "c"})[["c", "items"]],
        ]
    )
    names = totals.groupby("c")["items"].sum().sort_values(ascending=False).head(top).index.tolist()
    labels = [inert(name) for name in names]
    matrix = pd.DataFrame(0, index=names, columns=names)
    for a, b, n in pairs[["company_a", "company_b", "items"]].itertuples(index=False):
        if a in matrix.index and b in matrix.index:
            matrix.loc[a, b] = matrix.loc[b, a] = n
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=labels,
            y=labels,
            colorscale="Oranges",
            hovertemplate="%{y} + %{x}: %{z}<extra></extra>",
        )
    )
    fig.update_layout(height=max(380, 30 * len(names) + 160))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, "", "")


def delta_figure(
    frame: pd.DataFrame, *, label: str, title: str, first_name: str, second_name: str, x_title: str
) -> go.Figure:
    """Paired bars for two periods per label, ordered by change."""
    ordered = frame.sort_values("delta")
    fig = go.Figure(
        [
            go.Bar(
                y=ordered[label].map(_shorten),
                x=ordered["share_a"],
                name=inert(first_name),
                orientation="h",
                marker_color="#bdbdbd",
                hovertemplate="%{y}: %{x:.1%}<extra></extra>",
            ),
            go.Bar(
                y=ordered[label].map(_shorten),
                x=ordered["share_b"],
                name=inert(second_name),
                orientation="h",
                marker_color=PALETTE[0],
                hovertemplate="%{y}: %{x:.1%}<extra></extra>",
            ),
        ]
    )
    fig.update_layout(barmode="group", height=max(320, 34 * len(ordered) + 140))
    _layout(fig, title, x_title, "")
    fig.update_layout(
        showlegend=True,
        legend=TOP_LEGEND,
    )
    fig.update_xaxes(tickformat=".0%")
    return fig

"""Figure builders: DataFrame → plotly Figure. Nothing is rendered here.

Every time chart carries `customdata = [key, bucket ISO time]` on its points,
so a click can be mapped back to the items behind it (the dashboard's
drill-down). Titles and axis labels are parameters: the caller translates.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from analysis.query.granularity import GRANULARITIES

# Below the x axis: however many rows it wraps into, it never covers the title or the data.
LEGEND_BELOW = dict(orientation="h", yanchor="top", y=-0.34, xanchor="left", x=0, title_text="")
FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"


def _layout(
    fig: go.Figure, title: str, x_title: str, y_title: str, *, percent: bool = False
) -> go.Figure:
    # The legend sits a fixed ~95 px under the plot area (below tick labels and the axis title),
    # whatever the figure's height; plotly positions legends in fractions of the plot height.
    plot_height = max((fig.layout.height or 450) - 170, 120)
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        font=dict(family=FONT, size=13),
        legend={**LEGEND_BELOW, "y": -95 / plot_height},
        margin=dict(l=10, r=10, t=60, b=10),
        hovermode="closest",
        template="plotly_white",
        xaxis_title=x_title,
        yaxis_title=y_title,
    )
    if percent:
        fig.update_yaxes(tickformat=".0%")
    return fig


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


def line_series_figure(
    series: pd.DataFrame,
    *,
    title: str,
    x_title: str,
    y_title: str,
    value: str = "share",
    label_column: str = "label",
    partial_note: str = "partial bucket",
    peaks: dict | None = None,
) -> go.Figure:
    """One line per key; partial buckets drawn as open markers on a dotted segment."""
    fig = go.Figure()
    label_column = label_column if label_column in series.columns else "key"
    for key, group in series.sort_values("bucket").groupby("key", sort=False):
        label = inert(group[label_column].iloc[0])
        custom = list(zip(group["key"], group["bucket"].map(lambda b: b.isoformat()), strict=False))
        full = group[~group["partial"]]
        fig.add_trace(
            go.Scatter(
                x=group["bucket"],
                y=group[value],
                mode="lines+markers",
                name=label,
                legendgroup=str(key),
                customdata=custom,
                marker=dict(
                    size=7, symbol=["circle-open" if p else "circle" for p in group["partial"]]
                ),
                line=dict(width=2),
                connectgaps=False,
                hovertemplate=f"<b>{label}</b><br>%{{x}}<br>{y_title}: %{{y:{'.1%' if value == 'share' else ',d'}}}"
                f"<extra></extra>",
            )
        )
        if len(full) < len(group):
            fig.data[-1].hovertemplate = fig.data[-1].hovertemplate.replace(
                "<extra></extra>",
                f"<extra>{partial_note if len(full) < len(group) else ''}</extra>",
            )
    _annotate_peaks(fig, peaks, series, value)
    return _layout(fig, title, x_title, y_title, percent=value == "share")


def items_over_time_figure(
    frame: pd.DataFrame,
    *,
    title: str,
    x_title: str,
    y_title: str,
    granularity: str = "day",
    partial_label: str = "partial",
    peaks: dict | None = None,
) -> go.Figure:
    """Bars of items per bucket, each spanning its bucket; partial buckets lighter, with a legend entry saying so."""
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
                marker=dict(color="#9ecae1" if is_partial else "#3182bd"),
                customdata=[["items", b.isoformat()] for b in group["bucket"]],
                hovertemplate=f"%{{x}}<br>{y_title}: %{{y:,d}}<extra></extra>",
            )
        )
    _annotate_peaks(fig, peaks, frame.rename(columns={"items": "value"}), "value")
    fig.update_layout(barmode="overlay", bargap=0.1)
    return _layout(fig, title, x_title, y_title)


def _annotate_peaks(fig: go.Figure, peaks: dict | None, series: pd.DataFrame, value: str) -> None:
    if not peaks:
        return
    # Staggered heights keep neighbouring labels from covering each other.
    for index, ((bucket, y), headline) in enumerate(sorted(peaks.items(), key=lambda kv: kv[0][0])):
        fig.add_annotation(
            x=bucket,
            y=y,
            text=_shorten(headline),
            showarrow=True,
            arrowhead=2,
            ax=0,
            ay=-30 - 24 * (index % 3),
            font=dict(size=11),
            bgcolor="rgba(255,255,255,0.85)",
            bordercolor="#999",
        )


def heatmap_figure(
    series: pd.DataFrame,
    *,
    title: str,
    x_title: str,
    y_title: str,
    value: str = "share",
    label_column: str = "label",
) -> go.Figure:
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
            colorbar=dict(title="", tickformat=".0%" if value == "share" else ",d"),
            hovertemplate="%{y}<br>%{x}<br>%{z:"
            + (".1%" if value == "share" else ",d")
            + "}<extra></extra>",
        )
    )
    fig.update_layout(height=max(320, 28 * len(pivot.index) + 140))
    return _layout(fig, title, x_title, y_title)


def ranking_figure(
    frame: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    x_title: str,
    percent: bool = False,
    key: str | None = None,
) -> go.Figure:
    ordered = frame.sort_values(value)
    fig = go.Figure(
        go.Bar(
            x=ordered[value],
            y=ordered[label].map(_shorten),
            orientation="h",
            marker_color="#3182bd",
            customdata=[[k, ""] for k in ordered[key or label]],
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


def stacked_share_figure(
    series: pd.DataFrame, *, title: str, x_title: str, y_title: str
) -> go.Figure:
    """Stacked area of each key's share of all key assignments per bucket (sums to 100%)."""
    frame = series.copy()
    frame["part"] = frame["count"] / frame.groupby("bucket")["count"].transform("sum")
    fig = go.Figure()
    for key, group in frame.sort_values("bucket").groupby("key"):
        fig.add_trace(
            go.Scatter(
                x=group["bucket"],
                y=group["part"],
                name=inert(key),
                stackgroup="one",
                mode="lines",
                customdata=[[key, b.isoformat()] for b in group["bucket"]],
                hovertemplate=f"{inert(key)}<br>%{{x}}<br>%{{y:.1%}}<extra></extra>",
            )
        )
    return _layout(fig, title, x_title, y_title, percent=True)


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
                name=first_name,
                orientation="h",
                marker_color="#bdbdbd",
                hovertemplate="%{y}: %{x:.1%}<extra></extra>",
            ),
            go.Bar(
                y=ordered[label].map(_shorten),
                x=ordered["share_b"],
                name=second_name,
                orientation="h",
                marker_color="#3182bd",
                hovertemplate="%{y}: %{x:.1%}<extra></extra>",
            ),
        ]
    )
    fig.update_layout(barmode="group", height=max(320, 34 * len(ordered) + 140))
    _layout(fig, title, x_title, "")
    fig.update_xaxes(tickformat=".0%")
    return fig

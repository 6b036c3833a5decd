"""Named tables and charts for export from the command line: the same queries and
figure builders the dashboard uses (`analysis.query.catalog`), with filters from flags.

Table columns:
- items: item_id, published_at, headline, author, url, summary, keywords, companies, models,
  categories, series, section, source_label (the link text a bullet cites, `消息来源`), source_path,
  source_line
- keywords / companies / models / sources: bucket, key, label, count, items, share, partial
  (models: `key` is the normalised model or product name, `Claude Opus 4.6`)
- categories: bucket, key, count, items, share, partial, kind ('declared' or 'inferred')
- rising: keyword_norm, keyword, window_count, baseline_count, window_rate, baseline_rate, ratio, g2, new, item_ids
- stories: story_id, title, first_seen, last_seen, items, digests, sources, duration_hours, story_items
With `Filters.count_by == "stories"` the series tables count stories (`count`, `items`), and
chart titles say so.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.present import charts
from analysis.query.catalog import run
from analysis.query.filters import Filters

TABLE_NAMES = (
    "items",
    "keywords",
    "companies",
    "models",
    "sources",
    "categories",
    "rising",
    "stories",
)
CHART_NAMES = ("items", "keywords", "companies", "models", "sources", "categories", "heatmap")
_SERIES_COLUMNS = ["bucket", "key", "label", "count", "items", "share", "partial"]


def table(con, name: str, f: Filters, top: int = 10) -> pd.DataFrame:
    if name == "items":
        return run(con, "list_items", f, limit=max(run(con, "count_items", f), 1))
    if name == "keywords":
        return run(con, "keyword_series", f, top_n=top)[_SERIES_COLUMNS]
    if name == "companies":
        frame = run(con, "company_series", f, top_n=top)
        return frame.assign(label=frame["key"])[_SERIES_COLUMNS]
    if name == "models":
        frame = run(con, "model_series", f, top_n=top)
        return frame.assign(label=frame["key"])[_SERIES_COLUMNS]
    if name == "sources":
        return run(con, "source_series", f, top_n=top)[_SERIES_COLUMNS]
    if name == "categories":
        return pd.concat(
            [
                run(con, "category_series", f, kind="declared"),
                run(con, "category_series", f, kind="inferred"),
            ],
            ignore_index=True,
        )
    if name == "rising":
        return run(con, "rising_keywords", f)
    if name == "stories":
        return run(con, "top_stories", f, limit=max(top, 1))
    raise ValueError(f"unknown table {name!r}; choose one of {', '.join(TABLE_NAMES)}")


def notes(con, f: Filters) -> list[charts.Note]:
    """The readers' notes in the filters' range, as time charts draw them."""
    return charts.notes_from(run(con, "annotations", f))


def chart(con, name: str, f: Filters, value: str = "share", top: int = 10) -> go.Figure:
    """A time chart as the dashboard draws it, the readers' notes in its range included."""
    unit = f.count_by  # what the series count: items or stories
    y_title = f"Share of {unit}" if value == "share" else unit.capitalize()
    if name == "items":
        frame = run(con, "items_over_time", f)
        if frame.empty:
            return charts.empty_figure("No items in this range")
        return charts.items_over_time_figure(
            frame,
            title="Items over time",
            x_title="Time",
            y_title="Items",
            granularity=f.granularity,
            notes=notes(con, f),
        )
    if name == "heatmap":
        frame = table(con, "keywords", f, top=max(top, 20))
        if frame.empty:
            return charts.empty_figure("No keywords in this range")
        return charts.heatmap_figure(
            frame,
            title=f"Keyword × time (counting {unit})",
            x_title="Time",
            y_title="Keyword",
            value=value,
            granularity=f.granularity,
            value_title=y_title,
        )
    if name in ("keywords", "companies", "models", "sources", "categories"):
        frame = table(con, name, f, top=top)
        if name == "categories":
            frame = frame[frame["kind"] == "inferred"].assign(label=lambda d: d["key"])
        if frame.empty:
            return charts.empty_figure(f"No {name} in this range")
        return charts.trend_figure(
            frame,
            title=f"{name.capitalize()} over time (counting {unit})",
            x_title="Time",
            y_title=y_title,
            value=value,
            granularity=f.granularity,
            notes=notes(con, f),
        )
    raise ValueError(f"unknown chart {name!r}; choose one of {', '.join(CHART_NAMES)}")

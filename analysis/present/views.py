"""Named tables and charts for export from the command line: the same queries and
figure builders the dashboard uses, with filters from flags.

Table columns (documented in the README):
- items: item_id, published_at, headline, author, url, summary, keywords, companies, categories,
  source_path, source_line
- keywords / companies / sources: bucket, key, label, count, items, share, partial
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
from analysis.query.entities import company_series, source_series
from analysis.query.filters import Filters
from analysis.query.keywords import category_series, keyword_series, rising_keywords
from analysis.query.series import count_items, items_over_time, list_items
from analysis.query.stories import top_stories

TABLE_NAMES = ("items", "keywords", "companies", "sources", "categories", "rising", "stories")
CHART_NAMES = ("items", "keywords", "companies", "sources", "categories", "heatmap")


def table(con, name: str, f: Filters, top: int = 10) -> pd.DataFrame:
    if name == "items":
        return list_items(con, f, limit=max(count_items(con, f), 1))
    if name == "keywords":
        return keyword_series(con, f, top_n=top)[
            ["bucket", "key", "label", "count", "items", "share", "partial"]
        ]
    if name == "companies":
        frame = company_series(con, f, top_n=top)
        return frame.assign(label=frame["key"])[
            ["bucket", "key", "label", "count", "items", "share", "partial"]
        ]
    if name == "sources":
        return source_series(con, f, top_n=top)[
            ["bucket", "key", "label", "count", "items", "share", "partial"]
        ]
    if name == "categories":
        return pd.concat(
            [category_series(con, f, kind="declared"), category_series(con, f, kind="inferred")],
            ignore_index=True,
        )
    if name == "rising":
        return rising_keywords(con, f)
    if name == "stories":
        return top_stories(con, f, limit=max(top, 1))
    raise ValueError(f"unknown table {name!r}; choose one of {', '.join(TABLE_NAMES)}")


def counted(f: Filters) -> str:
    """What a series counts, for titles: 'items' or 'stories'."""
    return f.count_by


def chart(con, name: str, f: Filters, value: str = "share", top: int = 10) -> go.Figure:
    unit = counted(f)
    y_title = f"Share of {unit}" if value == "share" else unit.capitalize()
    if name == "items":
        frame = items_over_time(con, f)
        if frame.empty:
            return charts.empty_figure("No items in this range")
        return charts.items_over_time_figure(
            frame,
            title="Items over time",
            x_title="Time",
            y_title="Items",
            granularity=f.granularity,
        )
    if name == "heatmap":
        frame = table(con, "keywords", f, top=max(top, 20))
        if frame.empty:
            return charts.empty_figure("No keywords in this range")
        return charts.heatmap_figure(
            frame, title="Keyword × time", x_title="Time", y_title="Keyword", value=value
        )
    if name in ("keywords", "companies", "sources", "categories"):
        frame = table(con, name, f, top=top)
        if name == "categories":
            frame = frame[frame["kind"] == "inferred"].assign(label=lambda d: d["key"])
        if frame.empty:
            return charts.empty_figure(f"No {name} in this range")
        return charts.line_series_figure(
            frame,
            title=f"{name.capitalize()} over time (counting {unit})",
            x_title="Time",
            y_title=y_title,
            value=value,
        )
    raise ValueError(f"unknown chart {name!r}; choose one of {', '.join(CHART_NAMES)}")

"""Exports as bytes: CSV (Excel-friendly), Parquet, JSON, and charts as HTML, PNG or SVG.

The dashboard wraps these in download buttons; the CLI writes them to files.
Every export can say what it shows (`ExportContext`): title, date range,
filters, the readers' notes in the range and when it was generated — as a
subtitle on charts, as `#` lines before the header of a CSV (see docs/exports.md),
and as key-value metadata in a Parquet file.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pandas as pd
import plotly.graph_objects as go

from analysis.query.filters import Filters

# Excel opens UTF-8 CSV as the local code page unless the file starts with a BOM.
UTF8_BOM = "\ufeff"
IMAGE_FORMATS = ("png", "svg")


class ExportUnavailable(RuntimeError):
    """An export format cannot be produced on this machine; the message says why."""


@dataclass(frozen=True)
class ExportContext:
    """What an export shows, in words."""

    title: str
    range_text: str
    filters_text: str
    generated: datetime = field(default_factory=lambda: datetime.now(UTC))
    notes: tuple[str, ...] = ()

    def fields(self) -> list[tuple[str, str]]:
        rows = [
            ("title", self.title),
            ("range", self.range_text),
            ("filters", self.filters_text),
            ("generated", self.generated.isoformat(timespec="seconds")),
        ]
        if self.notes:
            rows.append(("annotations", "; ".join(self.notes)))
        return rows

    def subtitle(self) -> str:
        parts = [
            self.range_text,
            self.filters_text,
            f"generated {self.generated:%Y-%m-%d %H:%M %z}",
        ]
        return " · ".join(p for p in parts if p)


def describe_range(start: date | None, end: date | None) -> str:
    return f"{start.isoformat()} – {end.isoformat()}" if start and end else "all data"


def describe_filters(f: Filters, measure: str = "", extra: dict[str, str] | None = None) -> str:
    """`by day, +08:00, share, counting stories; series: AI早报; companies: OpenAI; search: "Kimi"`
    — the user's choices that shape the numbers, plainly (not the keyword model, a setting)."""
    counting = "counting stories" if f.count_by == "stories" else ""
    parts = [", ".join(p for p in (f"by {f.granularity}", f.tz, measure, counting) if p)]
    for name, values in (
        ("series", f.series),
        ("categories", f.categories),
        ("companies", f.companies),
        ("sources", f.sources),
    ):
        if values:
            parts.append(f"{name}: {', '.join(values)}")
    if f.text:
        parts.append(f'search: "{f.text}"')
    for name, value in (extra or {}).items():
        if value:
            parts.append(f"{name}: {value}")
    return "; ".join(parts)


def note_lines(notes) -> tuple[str, ...]:
    """`2026-01-20 GPT-5 launch`: the readers' notes as an export's metadata lists them."""
    return tuple(f"{n.at:%Y-%m-%d} {n.text}" for n in notes)


def csv_metadata(context: ExportContext) -> str:
    """`#` lines before a CSV header; the first says how many to skip."""
    rows = [f"# {name}: {' '.join(str(value).split())}" for name, value in context.fields()]
    head = f"# trendboard export: {len(rows) + 1} lines of metadata, then the CSV header"
    return "\n".join([head, *rows]) + "\n"


def _flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists become `a; b` strings and times ISO 8601 with their offset, so every consumer reads the same text."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[column] = series.map(lambda v: v.isoformat() if pd.notna(v) else "")
        elif series.dtype == object and series.map(lambda v: isinstance(v, (list, tuple))).any():
            out[column] = series.map(
                lambda v: "; ".join(str(x) for x in v) if isinstance(v, (list, tuple)) else v
            )
        elif series.dtype == object and series.map(lambda v: hasattr(v, "tolist")).any():
            out[column] = series.map(
                lambda v: "; ".join(str(x) for x in v.tolist()) if hasattr(v, "tolist") else v
            )
    return out


def csv_bytes(
    frame: pd.DataFrame, *, excel_bom: bool = True, context: ExportContext | None = None
) -> bytes:
    text = _flatten(frame).to_csv(index=False, lineterminator="\n")
    head = csv_metadata(context) if context else ""
    return ((UTF8_BOM if excel_bom else "") + head + text).encode("utf-8")


def json_bytes(frame: pd.DataFrame) -> bytes:
    records = json.loads(_flatten(frame).to_json(orient="records", force_ascii=False))
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")


def parquet_bytes(frame: pd.DataFrame, *, context: ExportContext | None = None) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    if context:
        meta = {**(table.schema.metadata or {})}
        meta.update({f"trendboard.{k}".encode(): str(v).encode() for k, v in context.fields()})
        table = table.replace_schema_metadata(meta)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


TABLE_FORMATS = {"csv": csv_bytes, "json": json_bytes, "parquet": parquet_bytes}


def labelled_figure(fig: go.Figure, context: ExportContext | None) -> go.Figure:
    """A copy with the title, and range, filters and generation time as a subtitle, with room for both."""
    if context is None:
        return fig
    out = go.Figure(fig)
    out.update_layout(
        title=dict(
            text=context.title,
            subtitle=dict(text=_escape(context.subtitle()), font=dict(size=12, color="#555")),
            x=0.01,
            xanchor="left",
            y=0.985,
            yanchor="top",
            yref="container",
            pad=dict(t=14),
            automargin=True,
        ),
        margin=dict(
            t=max(110, (fig.layout.margin.t or 0) + 50), l=max(60, fig.layout.margin.l or 0)
        ),
    )
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def figure_html_bytes(fig: go.Figure, context: ExportContext | None = None) -> bytes:
    """A self-contained page: plotly.js is embedded, so it opens offline."""
    return (
        labelled_figure(fig, context)
        .to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False})
        .encode("utf-8")
    )


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def image_export_unavailable_reason() -> str | None:
    if chromium_path() is None:
        return "PNG and SVG need a Chromium browser on the server (Debian: apt-get install chromium); HTML works."
    return None


def figure_image_bytes(
    fig: go.Figure,
    fmt: str,
    *,
    width: int = 1200,
    height: int | None = None,
    scale: float = 1,
    context: ExportContext | None = None,
) -> bytes:
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"image format must be one of {IMAGE_FORMATS}")
    reason = image_export_unavailable_reason()
    if reason:
        raise ExportUnavailable(reason)
    fig = labelled_figure(fig, context)
    height = height or max(650, (fig.layout.height or 0) + 60)
    try:
        return fig.to_image(format=fmt, width=width, height=height, scale=scale)
    except Exception as exc:  # kaleido reports a missing or broken browser in several ways
        raise ExportUnavailable(f"{fmt.upper()} rendering failed: {exc}") from exc


def export_file_name(view: str, start: date | None, end: date | None, extension: str) -> str:
    """`trendboard-keywords-2026-01-31_2026-03-01.csv`; only safe characters."""
    span = f"{start.isoformat()}_{end.isoformat()}" if start and end else "all"
    safe_view = re.sub(r"[^A-Za-z0-9_-]+", "-", view).strip("-") or "view"
    return f"trendboard-{safe_view}-{span}.{extension}"

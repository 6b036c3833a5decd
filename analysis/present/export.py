"""Exports as bytes: CSV (Excel-friendly), Parquet, JSON, and charts as HTML, PNG or SVG.

The dashboard wraps these in download buttons; the CLI writes them to files.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from datetime import date

import pandas as pd
import plotly.graph_objects as go

# Excel opens UTF-8 CSV as the local code page unless the file starts with a BOM.
UTF8_BOM = "\ufeff"
IMAGE_FORMATS = ("png", "svg")


class ExportUnavailable(RuntimeError):
    """An export format cannot be produced on this machine; the message says why."""


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


def csv_bytes(frame: pd.DataFrame, *, excel_bom: bool = True) -> bytes:
    text = _flatten(frame).to_csv(index=False, lineterminator="\n")
    return ((UTF8_BOM if excel_bom else "") + text).encode("utf-8")


def json_bytes(frame: pd.DataFrame) -> bytes:
    records = json.loads(_flatten(frame).to_json(orient="records", force_ascii=False))
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


TABLE_FORMATS = {"csv": csv_bytes, "json": json_bytes, "parquet": parquet_bytes}


def figure_html_bytes(fig: go.Figure) -> bytes:
    """A self-contained page: plotly.js is embedded, so it opens offline."""
    return fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False}).encode(
        "utf-8"
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
    fig: go.Figure, fmt: str, *, width: int = 1200, height: int = 650, scale: float = 1
) -> bytes:
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"image format must be one of {IMAGE_FORMATS}")
    reason = image_export_unavailable_reason()
    if reason:
        raise ExportUnavailable(reason)
    try:
        return fig.to_image(format=fmt, width=width, height=height, scale=scale)
    except Exception as exc:  # kaleido reports a missing or broken browser in several ways
        raise ExportUnavailable(f"{fmt.upper()} rendering failed: {exc}") from exc


def export_file_name(view: str, start: date | None, end: date | None, extension: str) -> str:
    """`trendboard-keywords-2026-01-31_2026-03-01.csv`; only safe characters."""
    span = f"{start.isoformat()}_{end.isoformat()}" if start and end else "all"
    safe_view = re.sub(r"[^A-Za-z0-9_-]+", "-", view).strip("-") or "view"
    return f"trendboard-{safe_view}-{span}.{extension}"

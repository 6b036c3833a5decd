"""Readers' notes (table `annotations`) within a range, for drawing on time charts and exports."""

from __future__ import annotations

import pandas as pd

from analysis.query.filters import Filters
from analysis.timezones import parse_tz

ANNOTATION_COLUMNS = ["at", "text", "created"]


def annotations(con, f: Filters) -> pd.DataFrame:
    """at, text, created — notes inside the filters' date range (all of them for an open range),
    oldest first, times in the display zone. A database made before notes existed has none."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'annotations'"
    ).fetchone()[0]
    if not exists:
        return pd.DataFrame(columns=ANNOTATION_COLUMNS)
    clauses, params = [], []
    if f.start:
        clauses.append('"at" >= ?')
        params.append(f.start_instant())
    if f.end:
        clauses.append('"at" < ?')
        params.append(f.end_instant())
    where = "WHERE " + " AND ".join(clauses) if clauses else ""
    frame = con.execute(
        f'SELECT "at", text, created FROM annotations {where} ORDER BY "at", created', params
    ).df()
    zone = parse_tz(f.tz)
    for column in ("at", "created"):
        frame[column] = pd.to_datetime(frame[column], utc=True).dt.tz_convert(zone)
    return frame

"""Readers' notes on a moment: added and removed from the dashboard, read by `analysis.query.annotations`."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

MAX_TEXT = 200


def add_annotation(con: duckdb.DuckDBPyConnection, at: datetime, text: str) -> datetime:
    """Store a note; returns its creation time (with `at` and `text`, it names the note)."""
    if at.tzinfo is None:
        raise ValueError("an annotation's time needs its time zone")
    text = " ".join(str(text).split())[:MAX_TEXT]
    if not text:
        raise ValueError("an annotation needs some text")
    created = datetime.now(UTC)
    con.execute("INSERT INTO annotations VALUES (?, ?, ?)", [at, text, created])
    return created


def delete_annotation(
    con: duckdb.DuckDBPyConnection, at: datetime, text: str, created: datetime
) -> int:
    """Remove one note; returns how many rows went (0 when someone removed it already)."""
    return (
        con.execute(
            'DELETE FROM annotations WHERE "at" = ? AND text = ? AND created = ? RETURNING 1',
            [at, text, created],
        )
        .fetchall()
        .__len__()
    )

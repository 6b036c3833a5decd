"""A large corpus for crash tests, and what a database built from it holds.

`write_crash_corpus` writes copies of the reference digest, each with its own
date, title stamp and status ids, so every file is a distinct digest of 9 items.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
from conftest import DATA

ITEMS_PER_FILE = 9


def write_crash_corpus(folder: Path, files: int = 2000) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    seed = (DATA / "reference_copy.md").read_text(encoding="utf-8")
    start = datetime(2025, 1, 1, 0, 0, 10)
    for index in range(files):
        stamp = start + timedelta(hours=4 * index)
        text = (
            seed.replace("2026-01-07T00:00:10", stamp.strftime("%Y-%m-%dT%H:%M:%S"))
            .replace("2026.01.07.00", stamp.strftime("%Y.%m.%d.%H"))
            .replace("2008360431719772520", str(2008360431719772520 + index))
        )
        (folder / f"{index:05d}.md").write_text(text, encoding="utf-8")
    return folder


def ingest_command(folder: Path, db: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "analysis.cli", "ingest", str(folder), "--db", db, *extra]


def integrity(db: str) -> tuple[int, int, int]:
    """(digests whose item_count differs from their stored items, items without a digest, duplicate digests)."""
    with duckdb.connect(db, read_only=True) as con:
        tables = {
            row[0]
            for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        if not {"digests", "items"} <= tables:  # killed while creating the schema
            return 0, 0, 0
        return con.execute("""
            SELECT (SELECT count(*) FROM digests d
                    WHERE item_count <> (SELECT count(*) FROM items i WHERE i.digest_id = d.digest_id)),
                   (SELECT count(*) FROM items WHERE digest_id NOT IN (SELECT digest_id FROM digests)),
                   (SELECT count(*) - count(DISTINCT content_sha256) FROM digests)""").fetchone()


def content_rows(db: str) -> tuple[list[tuple], list[tuple]]:
    """Digest rows and item rows without ids (ids differ between runs), sorted."""
    with duckdb.connect(db, read_only=True) as con:
        con.execute("SET TimeZone = 'UTC'")
        tables = {
            row[0]
            for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        if not {"digests", "items"} <= tables:
            return [], []
        digests = con.execute("""SELECT source_path, content_sha256, title, published_at, categories, item_count
                                 FROM digests""").fetchall()
        items = con.execute("""SELECT d.content_sha256, i.position, i.headline, i.author, i.url, i.summary,
                                      i.bold_terms, i.status_id, i.source_line
                               FROM items i JOIN digests d USING (digest_id)""").fetchall()

    def freeze(row):
        return tuple(tuple(v) if isinstance(v, list) else v for v in row)

    return sorted((freeze(r) for r in digests), key=repr), sorted(
        (freeze(r) for r in items), key=repr
    )


def checksums(db: str) -> tuple[str, str, int, int]:
    """Order-independent SHA-256 of the digest rows and of the item rows (ids left out), and their counts."""
    digests, items = content_rows(db)
    digest_hash = hashlib.sha256(repr(digests).encode()).hexdigest()
    item_hash = hashlib.sha256(repr(items).encode()).hexdigest()
    return digest_hash, item_hash, len(digests), len(items)

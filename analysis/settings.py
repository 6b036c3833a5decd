"""Every tunable of trendboard, declared once with its default and help text.

A setting is read from its environment variable when set, else from its
default. The CLI's flags and the dashboard's sidebar only override these values;
they never define their own defaults. docs/settings.md documents each one
(tests/unit/test_architecture.py keeps the two in step).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.env, self.default)


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in [
        Setting(
            "db",
            "TRENDBOARD_DB",
            str(DATA_DIR / "trends.duckdb"),
            "DuckDB database file that ingest writes and the dashboard reads.",
        ),
        Setting(
            "digest_dir",
            "TRENDBOARD_DIGEST_DIR",
            str(DATA_DIR / "digests"),
            "Folder of digest files: the dashboard builds its first database from it and uploads land in it.",
        ),
        Setting(
            "display_tz",
            "TRENDBOARD_TZ",
            "+08:00",
            "Time zone for buckets and axes: an IANA name (Asia/Shanghai) or a fixed offset (+08:00). "
            "Also the offset assumed for digest dates written without one.",
        ),
        Setting(
            "model",
            "TRENDBOARD_MODEL",
            "use-multilingual",
            "Embedding backend for keywords and categories: 'use-multilingual' (built in, no torch) "
            "or a sentence-transformers model name or local path.",
        ),
        Setting(
            "max_file_mb",
            "TRENDBOARD_MAX_FILE_MB",
            "20",
            "Digest files larger than this many megabytes are rejected with an error, not parsed.",
        ),
        Setting(
            "files_per_transaction",
            "TRENDBOARD_FILES_PER_TRANSACTION",
            "64",
            "Whole digest files stored per database transaction during ingest (1 = one transaction per file).",
        ),
        Setting(
            "batch_items",
            "TRENDBOARD_BATCH_ITEMS",
            "256",
            "Items embedded per backend call during enrichment.",
        ),
        Setting(
            "lock_retry_seconds",
            "TRENDBOARD_LOCK_RETRY_SECONDS",
            "10",
            "How long a reader waits for the database while another process holds the write lock.",
        ),
    ]
}


def get(name: str) -> str:
    return SETTINGS[name].value()


def get_float(name: str) -> float:
    return float(get(name))


def get_int(name: str) -> int:
    return int(get(name))

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
            "date_min",
            "TRENDBOARD_DATE_MIN",
            "1990-01-01",
            "Earliest plausible digest date (YYYY-MM-DD, UTC); an earlier date falls back to the "
            "title or file name, else the file is rejected.",
        ),
        Setting(
            "date_max_days_ahead",
            "TRENDBOARD_DATE_MAX_DAYS_AHEAD",
            "1",
            "How many days after now a digest date may lie; later dates are treated like "
            "TRENDBOARD_DATE_MIN's.",
        ),
        Setting(
            "enrich_workers",
            "TRENDBOARD_ENRICH_WORKERS",
            "0",
            "Processes computing keywords and categories in `trendboard enrich` (0 = one per CPU core).",
        ),
        Setting(
            "embed_chars",
            "TRENDBOARD_EMBED_CHARS",
            "200",
            "Characters of an item's text (headline + summary) that are embedded for keyword scoring "
            "and categories; candidates still come from the whole text (0 = the whole text). 200 "
            "kept precision@5 and recall on the real-shaped gold set (benchmarks/README.md).",
        ),
        Setting(
            "story_window_hours",
            "TRENDBOARD_STORY_WINDOW_HOURS",
            "48",
            "Stories: an item joins a story only through members at most this many hours away.",
        ),
        Setting(
            "story_similarity",
            "TRENDBOARD_STORY_SIMILARITY",
            "0.5",
            "Stories: text score (cosine of item embeddings) at which an item joins a story on text alone.",
        ),
        Setting(
            "story_term_similarity",
            "TRENDBOARD_STORY_TERM_SIMILARITY",
            "0.3",
            "Stories: text score that suffices when item and story share a rare term (headline product, bold term).",
        ),
        Setting(
            "story_url_similarity",
            "TRENDBOARD_STORY_URL_SIMILARITY",
            "0.30",
            "Stories: text score that suffices when the item links a URL a story member links.",
        ),
        Setting(
            "story_company_penalty",
            "TRENDBOARD_STORY_COMPANY_PENALTY",
            "0.20",
            "Stories: added to the threshold when item and story both name companies and none in common.",
        ),
        Setting(
            "story_link_blend",
            "TRENDBOARD_STORY_LINK_BLEND",
            "0",
            "Stories: weight of the best member cosine against the cosine to the story's centroid in the text score.",
        ),
        Setting(
            "story_term_max_stories",
            "TRENDBOARD_STORY_TERM_MAX_STORIES",
            "2",
            "Stories: a model or bold term links items only while at most this many stories in the window carry it.",
        ),
        Setting(
            "story_max_span_hours",
            "TRENDBOARD_STORY_MAX_SPAN_HOURS",
            "48",
            "Stories: a story takes no item more than this many hours after its first one.",
        ),
        Setting(
            "story_merge_similarity",
            "TRENDBOARD_STORY_MERGE_SIMILARITY",
            "0.52",
            "Stories: an item scoring this for several stories merges those whose centroids are this close.",
        ),
        Setting(
            "story_model_penalty",
            "TRENDBOARD_STORY_MODEL_PENALTY",
            "0.1",
            "Stories: added to the threshold when item and story both name models and none in common.",
        ),
        Setting(
            "story_event_penalty",
            "TRENDBOARD_STORY_EVENT_PENALTY",
            "0.2",
            "Stories: when item and story both report kinds of event (data/event_kinds.toml) and "
            "none in common, the item joins on text alone, at the similarity plus this (0: off).",
        ),
        Setting(
            "story_event_similarity",
            "TRENDBOARD_STORY_EVENT_SIMILARITY",
            "0.2",
            "Stories: text score that suffices when item and story report the same once-per-company "
            "event (a round, results, a listing, an outage) of the same company.",
        ),
        Setting(
            "story_release_similarity",
            "TRENDBOARD_STORY_RELEASE_SIMILARITY",
            "0.2",
            "Stories: text score that suffices when item and story open with the same product "
            "named with a version (coverage of one release, across languages).",
        ),
        Setting(
            "story_cross_language_bonus",
            "TRENDBOARD_STORY_CROSS_LANGUAGE_BONUS",
            "0.05",
            "Stories: taken off the threshold when the item's headline is in the other language "
            "(Chinese or not) than every story member's: the embedding scores translations lower.",
        ),
        Setting(
            "story_headline_weight",
            "TRENDBOARD_STORY_HEADLINE_WEIGHT",
            "0.6",
            "Stories: weight of the headline's embedding against the headline-and-summary embedding.",
        ),
        Setting(
            "pre_aggregates",
            "TRENDBOARD_PRE_AGGREGATES",
            "1",
            "1: aggregates the filters allow are summed from the per-day tables (docs/schema.md); "
            "0: every query scans the items (the same results, slower; for checking).",
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

"""The copies of a query concept that used to disagree, now one fragment each, on a handmade DB."""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb
import pandas as pd
import pytest

from analysis.query.filters import Filters
from analysis.query.keywords import display_labels
from analysis.query.peaks import top_item_headlines
from analysis.query.series import items_over_time, list_items
from analysis.store.schema import ensure_schema

MODEL = "current-model"


def _database(items: list[tuple[int, int, str, datetime]], keywords: list[tuple[int, str, str]]):
    """items: (item_id, position, headline, published_at); keywords: (item_id, keyword, model),
    where model '' marks a bold term of the digest."""
    con = duckdb.connect(":memory:")
    ensure_schema(con)
    first = min(at for *_, at in items)
    con.execute(
        "INSERT INTO digests (digest_id, source_path, content_sha256, title, published_at, "
        "date_source, categories, item_count, ingested_at) "
        "VALUES (1, 'd.md', 'sha', 'AI 早报', ?, 'front_matter', [], ?, ?)",
        [first, len(items), first],
    )
    for item_id, position, headline, at in items:
        con.execute(
            """INSERT INTO items (item_id, digest_id, position, headline, summary, published_at,
                                  content_sha256)
               VALUES (?, 1, ?, ?, '摘要', ?, ?)""",
            [item_id, position, headline, at, f"sha{item_id}"],
        )
    for item_id, keyword, model in keywords:
        origin = "bold" if model == "" else "keybert"
        con.execute(
            "INSERT INTO item_keywords VALUES (?, ?, ?, 0.5, ?, ?)",
            [item_id, keyword, keyword.lower(), origin, model],
        )
    return con


def test_items_table_lists_bold_keywords_with_the_current_models():
    at = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
    con = _database(
        [(1, 0, "OpenAI 发布 GPT-6", at)],
        [(1, "GPT-6", MODEL), (1, "OpenAI", ""), (1, "stale", "old-model")],
    )
    frame = list_items(con, Filters(model=MODEL, tz="UTC"))
    assert list(frame["keywords"].iloc[0]) == ["GPT-6", "OpenAI"]


def test_peak_headline_for_a_keyword_ignores_other_models_rows():
    at = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
    # Item 1 carries "agents" only under an old model; counted, it would win (two shared
    # keywords, first position). Only item 2 carries it for the current model.
    con = _database(
        [(1, 0, "旧模型的条目", at), (2, 1, "Anthropic 推出 agents 平台", at)],
        [
            (1, "agents", "old-model"),
            (1, "Claude", MODEL),
            (1, "MCP", ""),
            (2, "agents", MODEL),
        ],
    )
    f = Filters(model=MODEL, tz="UTC")
    bucket = pd.Timestamp("2026-01-05", tz="UTC")
    labels = top_item_headlines(con, f, [bucket], key_kind="keyword", key="agents")
    assert labels == {bucket: "Anthropic 推出 agents 平台"}


def test_peak_labels_use_the_series_buckets_in_a_half_hour_zone():
    # 20:00 UTC on Jan 4 is 01:30 on Jan 5 in +05:30: the item belongs to the Jan 5 bucket.
    con = _database(
        [
            (1, 0, "Mistral 开源新模型", datetime(2026, 1, 4, 20, 0, tzinfo=UTC)),
            (2, 1, "DeepSeek 更新", datetime(2026, 1, 4, 12, 0, tzinfo=UTC)),
        ],
        [(1, "Mistral", MODEL), (2, "DeepSeek", MODEL)],
    )
    f = Filters(model=MODEL, tz="+05:30", start=date(2026, 1, 4), end=date(2026, 1, 5))
    buckets = items_over_time(con, f)["bucket"].tolist()
    assert [b.isoformat() for b in buckets] == [
        "2026-01-04T00:00:00+05:30",
        "2026-01-05T00:00:00+05:30",
    ]
    labels = top_item_headlines(con, f, buckets)
    assert labels == {buckets[0]: "DeepSeek 更新", buckets[1]: "Mistral 开源新模型"}


@pytest.mark.parametrize("tz", ["Asia/Kolkata", "+05:30"])
def test_peak_labels_agree_between_an_iana_zone_and_its_offset(tz):
    con = _database(
        [(1, 0, "Mistral 开源新模型", datetime(2026, 1, 4, 20, 0, tzinfo=UTC))],
        [(1, "Mistral", MODEL)],
    )
    f = Filters(model=MODEL, tz=tz, granularity="4h")
    buckets = items_over_time(con, f)["bucket"].tolist()
    assert [b.strftime("%Y-%m-%d %H:%M%z") for b in buckets] == ["2026-01-05 00:00+0530"]
    assert top_item_headlines(con, f, buckets) == {buckets[0]: "Mistral 开源新模型"}


def test_display_labels_read_the_visible_rows_only():
    at = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
    con = _database(
        [(1, 0, "OpenAI 发布 GPT-6", at), (2, 1, "openai 更新", at)],
        [(1, "OpenAI", MODEL), (2, "OpenAI", ""), (1, "Stale", "old-model")],
    )
    f = Filters(model=MODEL, tz="UTC")
    assert display_labels(con, f) == {"openai": "OpenAI"}
    assert display_labels(con, f, ["openai", "stale"]) == {"openai": "OpenAI"}

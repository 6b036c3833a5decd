"""Date shapes of real digests: file names, titles, leading lines, front matter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from analysis.ingest.dates import date_from_file_name, date_from_text
from analysis.ingest.parse import parse_digest, split_author

CST = timezone(timedelta(hours=8))
ITEM = "\n\n1. [英伟达发布B300-歸藏(guizang.ai)](https://x.com/op7418/status/1)\n\n    摘要。\n"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("cn_2025-12_2025-12-24.md", datetime(2025, 12, 24, tzinfo=CST)),
        ("2025-12-01_to_2025-12-07.md", datetime(2025, 12, 7, tzinfo=CST)),
        ("25-12-23-ai-daily.md", datetime(2025, 12, 23, tzinfo=CST)),
        ("20251222T112417Z.md", datetime(2025, 12, 22, 11, 24, 17, tzinfo=UTC)),
        ("digest-20251222T112417Z.md", datetime(2025, 12, 22, 11, 24, 17, tzinfo=UTC)),
        ("2026-02-10-1200_filename_date.md", datetime(2026, 2, 10, 12, 0, tzinfo=CST)),
        ("20260210.md", datetime(2026, 2, 10, tzinfo=CST)),
        ("2025_12.md", None),
        ("gpt-5-2-codex.md", None),
        ("qwen3-coder-480b.md", None),
    ],
)
def test_file_name_dates(name, expected):
    got = date_from_file_name(name, CST)
    assert got == expected
    if expected is not None:
        assert got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text, year, expected",
    [
        ("AI资讯日报 2025/12/24", None, datetime(2025, 12, 24, tzinfo=CST)),
        ("AI日报 2025/1/5 周日", None, datetime(2025, 1, 5, tzinfo=CST)),
        ("AI周报｜2025年12月19日", None, datetime(2025, 12, 19, tzinfo=CST)),
        ("AI早报 | 12月20日 周六", 2025, datetime(2025, 12, 20, tzinfo=CST)),
        ("AI早报 | 12月20日 周六", None, None),
        ("🔥 AI 热点速递｜12-19", 2025, datetime(2025, 12, 19, tzinfo=CST)),
        ("2026.01.07.00 过去4小时全球AI发生了什么？", None, datetime(2026, 1, 7, 0, tzinfo=CST)),
        ("2025-08-25T11:23:23Z", None, datetime(2025, 8, 25, 11, 23, 23, tzinfo=UTC)),
        ("2025-08-25T11:23:23+0000", None, datetime(2025, 8, 25, 11, 23, 23, tzinfo=UTC)),
        ("2025-08-25 19:23 +08:00", None, datetime(2025, 8, 25, 19, 23, tzinfo=CST)),
        ("GPT-5.2-Codex 上线", 2025, None),
        ("Top 10-20 模型", 2025, None),
    ],
)
def test_text_dates(text, year, expected):
    got = date_from_text(text, CST, year)
    assert got == expected
    if expected is not None:
        assert got.utcoffset() == expected.utcoffset()


def test_front_matter_offsets_mean_what_they_say():
    for stamp in ("2025-12-23T06:00:00Z", "2025-12-23T06:00:00+0000", "2025-12-23T06:00:00+00:00"):
        result = parse_digest(f"---\ndate: {stamp}\n---{ITEM}", "x.md")
        assert result.digest.published_at == datetime(2025, 12, 23, 6, tzinfo=UTC)
        assert result.digest.published_at.utcoffset() == timedelta(0)
        assert result.digest.date_source == "front_matter"


def test_invalid_front_matter_date_falls_back_to_the_file_name():
    result = parse_digest(f"---\ndate: 2026-06-010\n---{ITEM}", "/d/cn_2026-06_2026-06-10.md")
    assert result.ok
    assert result.digest.published_at == datetime(2026, 6, 10, tzinfo=CST)
    assert result.digest.date_source == "file_name"
    reasons = [p.reason for p in result.problems]
    assert any("'2026-06-010' is not a valid date" in r for r in reasons)
    assert any("dated from the file name" in r for r in reasons)


def test_leading_iso_line_and_utc_file_stamp():
    result = parse_digest(f"# 日报\n\n2025-08-25T11:23:23Z{ITEM}", "/d/recap.md")
    assert result.digest.published_at == datetime(2025, 8, 25, 11, 23, 23, tzinfo=UTC)
    assert result.digest.date_source == "leading_line"
    result = parse_digest(f"# 日报{ITEM}", "/d/20251222T112417Z.md")
    assert result.digest.published_at == datetime(2025, 12, 22, 11, 24, 17, tzinfo=UTC)
    assert result.digest.published_at.utcoffset() == timedelta(0)


def test_month_day_title_takes_the_year_from_the_front_matter():
    text = f"---\ntitle: AI早报 12月20日\nyear: 2024\n---{ITEM}"
    result = parse_digest(text, "/d/zaobao.md")
    assert result.digest.published_at == datetime(2024, 12, 20, tzinfo=CST)
    assert result.digest.date_source == "title"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("OpenAI ships GPT-5.2-Codex", ("OpenAI ships GPT-5.2-Codex", None)),
        ("OpenAI ships GPT-5.2-Codex-XMas", ("OpenAI ships GPT-5.2-Codex-XMas", None)),
        ("阿里开源Qwen3-Coder-480B", ("阿里开源Qwen3-Coder-480B", None)),
        ("Qwen3-Coder-480B", ("Qwen3-Coder-480B", None)),
        (
            "英伟达发布Rubin芯片架构-歸藏(guizang.ai)",
            ("英伟达发布Rubin芯片架构", "歸藏(guizang.ai)"),
        ),
        (
            "Google DeepMind与Boston Dynamics达成合作 - Demis Hassabis",
            ("Google DeepMind与Boston Dynamics达成合作", "Demis Hassabis"),
        ),
        (
            "Google DeepMind与Boston Dynamics达成合作-Demis Hassabis",
            ("Google DeepMind与Boston Dynamics达成合作", "Demis Hassabis"),
        ),
        ("Meta releases Llama 5 - @ylecun", ("Meta releases Llama 5", "@ylecun")),
        ("新工具hf-mem上线-Clement Delangue", ("新工具hf-mem上线", "Clement Delangue")),
        ("新工具hf-mem上线", ("新工具hf-mem上线", None)),
        ("OpenAI发布新模型-性能提升，价格下降", ("OpenAI发布新模型-性能提升，价格下降", None)),
        ("三星发布 Galaxy AI - 2026 版", ("三星发布 Galaxy AI - 2026 版", None)),
    ],
)
def test_author_is_split_only_when_the_tail_looks_like_a_name(text, expected):
    assert split_author(text) == expected


def test_front_matter_date_with_a_space_before_the_offset():
    result = parse_digest(f"---\ndate: 2025-12-24 08:00:00 +0800\n---{ITEM}", "x.md")
    assert result.digest.published_at == datetime(2025, 12, 24, 8, tzinfo=CST)
    assert result.digest.date_source == "front_matter"


def test_a_labelled_date_line_with_a_weekday_and_a_date_in_a_lower_heading():
    result = parse_digest(f"# 日报\n\n**日期**：2025年12月24日 星期三{ITEM}", "/d/x.md")
    assert result.digest.published_at == datetime(2025, 12, 24, tzinfo=CST)
    assert result.digest.date_source == "leading_line"
    result = parse_digest(f"## AI 日报 2025/12/24{ITEM}", "/d/x.md")
    assert result.digest.published_at == datetime(2025, 12, 24, tzinfo=CST)
    assert result.digest.date_source == "title"


@pytest.mark.parametrize(
    "text, path, series",
    [
        (
            f"---\nseries: Frontier AI Brief\ntitle: Issue 3\n---{ITEM}",
            "/d/2026-01-07.md",
            "Frontier AI Brief",
        ),
        (f"# AI早报 | 12月20日 周六{ITEM}", "/d/25-12-20.md", "AI早报"),
        (f"# AI 周报 第 51 期{ITEM}", "/d/2026-01-07.md", "AI 周报"),
        (
            f"# Frontier AI Brief #118: Codex goes festive{ITEM}",
            "/d/2026-01-07.md",
            "Frontier AI Brief",
        ),
        (
            f"# 2026.01.07.00 过去4小时全球AI发生了什么？{ITEM}",
            "/d/x.md",
            "过去4小时全球AI发生了什么？",
        ),
        (ITEM, "/digests/my-series/2026-01-07.md", "my-series"),
        (
            f"# OpenAI 发布 GPT-6，谷歌发布 Gemini 4，Anthropic 发布 Claude 5 以及更多本周新闻{ITEM}",
            "/digests/weekly/2026-01-07.md",
            "weekly",
        ),
    ],
)
def test_series_from_front_matter_title_pattern_or_folder(text, path, series):
    assert parse_digest(text, path).digest.series == series

"""Digest dates outside the plausible window (TRENDBOARD_DATE_MIN .. now + TRENDBOARD_DATE_MAX_DAYS_AHEAD)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from analysis.ingest.parse import parse_digest

BODY = (
    "\n1. [OpenAI发布GPT-5.2，推理能力大幅提升-宝玉](https://x.com/dotey/status/1)\n\n   摘要。\n"
)


def digest(front_date: str, title: str = "AI日报") -> bytes:
    return f'---\ntitle: "{title}"\ndate: {front_date}\n---\n{BODY}'.encode()


def test_year_9999_front_matter_date_is_rejected_with_the_reason():
    result = parse_digest(digest("9999-12-31T23:00:00+08:00"), "far.md")
    assert not result.ok
    reasons = [p.reason for p in result.problems]
    assert any(
        "9999-12-31" in r and "plausible" in r and "TRENDBOARD_DATE_MIN" in r for r in reasons
    )
    assert any(p.severity == "error" for p in result.problems)


def test_out_of_window_front_matter_date_falls_back_to_the_title_stamp():
    result = parse_digest(
        digest("1970-01-01T00:00:00+00:00", title="2026.01.07.00 过去4小时全球AI发生了什么？"),
        "a.md",
    )
    assert result.ok
    assert result.digest.date_source == "title"
    assert result.digest.published_at.year == 2026
    warnings = [p.reason for p in result.problems if p.severity == "warning"]
    assert any("1970-01-01" in w and "plausible" in w for w in warnings), warnings


def test_file_name_stamp_far_in_the_future_is_rejected():
    text = f"# AI日报\n{BODY}".encode()
    result = parse_digest(text, "2999-01-01-0800.md")
    assert not result.ok


def test_tomorrow_is_allowed_and_the_day_after_is_not():
    soon = (datetime.now(UTC) + timedelta(hours=20)).isoformat()
    late = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    assert parse_digest(digest(soon), "soon.md").ok
    assert not parse_digest(digest(late), "late.md").ok


def test_window_is_configurable(monkeypatch):
    monkeypatch.setenv("TRENDBOARD_DATE_MIN", "1900-01-01")
    assert parse_digest(digest("1950-06-01T08:00:00+08:00"), "old.md").ok
    monkeypatch.setenv("TRENDBOARD_DATE_MIN", "2030-01-01")
    assert not parse_digest(digest("2026-01-07T00:00:10+08:00"), "new.md").ok

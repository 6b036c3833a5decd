from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from conftest import DATA, SEED

from analysis.ingest.parse import parse_digest

CST = timezone(timedelta(hours=8))


def parse_fixture(name: str):
    path = DATA / name
    return parse_digest(path.read_bytes(), str(path))


def check_reference(result) -> None:
    assert result.ok and result.problems == []
    digest = result.digest
    assert digest.title == "2026.01.07.00 过去4小时全球AI发生了什么？"
    assert digest.published_at == datetime(2026, 1, 6, 16, 0, 10, tzinfo=UTC)
    assert digest.published_at.utcoffset() == timedelta(hours=8)
    assert digest.date_source == "front_matter"
    assert digest.categories == ["AI News", "Hardware", "Robotics", "Research", "Industry Trends"]
    items = result.items
    assert [it.position for it in items] == list(range(1, 10))
    first = items[0]
    assert first.headline == "英伟达在CES 2026发布Rubin芯片架构及Alpamayo机器人和自动驾驶VLA模型"
    assert (first.author, first.author_site, first.handle) == ("歸藏", "guizang.ai", "op7418")
    assert first.status_id == "2008360431719772520"
    assert first.url_host == "x.com"
    assert first.bold_terms == ["Rubin芯片架构", "Alpamayo机器人及自动驾驶VLA模型"]
    assert first.source_line == 7
    assert first.summary.startswith("英伟达CEO黄仁勋在CES 2026上发布了Rubin芯片架构和")
    assert "**" not in first.summary
    assert items[1].author == "Demis Hassabis" and items[1].author_site is None
    assert items[1].headline == "Google DeepMind与Boston Dynamics达成机器人AI合作"
    assert items[3].bold_terms == [
        "Nested Learning: The Illusion of Deep Learning Architecture",
        "多时间尺度更新",
        "统一可复用结构",
    ]
    # `**“做什么”**，` does not open or close under CommonMark's flanking rules; it must still count.
    assert items[4].bold_terms == ["做什么", "软件团队", "AI应用层不会被大模型公司吞噬"]
    assert items[5].author == "sarah guo"
    assert items[8].url == "https://x.com/ClementDelangue/status/2008230872546206014"
    assert items[8].headline == "新工具hf-mem：Huggingface模型VRAM推理需求估算器"
    assert items[8].author == "Clement Delangue"
    assert [it.source_line for it in items] == [7, 11, 15, 19, 23, 27, 31, 35, 39]
    assert all(it.extra_urls == [] for it in items)


def test_reference_fixture():
    check_reference(parse_fixture("reference_copy.md"))


@pytest.mark.skipif(not SEED.exists(), reason="shared seeds folder not present")
def test_reference_seed_from_shared():
    check_reference(parse_digest(SEED.read_bytes(), str(SEED)))


def test_bullets_and_other_dashes():
    result = parse_fixture("bullets.md")
    assert result.ok
    first, second = result.items
    assert (first.headline, first.author) == (
        "月之暗面开源Kimi K2.5模型权重",
        "宝玉",
    )  # full-width －
    assert first.bold_terms == ["Kimi K2.5", "MoE架构"]
    assert (second.headline, second.author) == (
        "DeepSeek发布V4技术报告",
        "Simon Willison",
    )  # en dash
    assert (second.url_host, second.handle, second.status_id) == (
        "twitter.com",
        "simonw",
        "2011000000000000002",
    )
    assert [first.source_line, second.source_line] == [7, 11]


def test_heading_items_with_images_and_rules():
    result = parse_fixture("headings.md")
    assert result.ok
    assert [it.position for it in result.items] == [1, 2]
    first, second = result.items
    assert (first.headline, first.author) == ("宇树科技发布G2人形机器人", "小互")  # em dash
    assert (
        first.summary
        == "宇树科技发布新一代G2人形机器人，售价9.9万元。\n第二段：支持全身遥操作与自主导航。"
    )
    assert first.bold_terms == ["G2人形机器人", "全身遥操作"]
    assert first.source_line == 9
    assert (second.headline, second.author, second.handle) == (
        "Figure AI展示家务机器人",
        "Brett Adcock",
        "adcock_brett",
    )
    assert second.summary == "Figure AI在视频中展示了Figure 03完成洗碗任务。"


def test_headline_without_author_and_several_links():
    result = parse_fixture("no_author_multi_links.md")
    first, second = result.items
    assert (first.headline, first.author) == ("OpenAI发布GPT-5.5系统卡", None)
    assert first.url == "https://openai.com/index/gpt-5-5-system-card/"
    assert (first.url_host, first.handle, first.status_id) == ("openai.com", None, None)
    assert first.extra_urls == [
        "https://cdn.openai.com/gpt-5-5.pdf",
        "https://openai.com/blog/gpt-5-5",
    ]
    assert first.summary == "OpenAI公布了GPT-5.5的安全评估，详见系统卡PDF与博客。"
    # A hyphen inside a lowercase Latin compound is not the author separator.
    assert (second.headline, second.author) == ("新工具hf-mem上线", "Clement Delangue")
    assert second.extra_urls == ["https://huggingface.co/spaces/hf-mem"]
    assert result.digest.published_at == datetime(2026, 2, 5, 16, 30, tzinfo=CST)


@pytest.mark.parametrize("name", ["crlf.md", "bom.md", "utf16.md", "gb18030.md"])
def test_line_endings_and_encodings(name):
    result = parse_fixture(name)
    assert result.ok, result.problems
    assert result.digest.title.endswith("过去4小时全球AI发生了什么？")
    assert result.items and all(it.headline and it.author for it in result.items)
    assert result.items[0].source_line == 7


def test_crlf_full_width_site_parentheses():
    item = parse_fixture("crlf.md").items[0]
    assert (item.headline, item.author, item.author_site) == (
        "英伟达发布Rubin GPU",
        "歸藏",
        "guizang.ai",
    )
    assert item.summary == "英伟达发布Rubin GPU，配备HBM4显存。"


def test_utf16_and_gb18030_same_content():
    utf16, gb = parse_fixture("utf16.md"), parse_fixture("gb18030.md")
    assert utf16.items[0].headline == gb.items[0].headline == "阿里发布通义千问Qwen4"
    assert utf16.items[0].bold_terms == ["Qwen4", "百万上下文"]


def test_toml_front_matter():
    result = parse_fixture("toml_front.md")
    assert result.digest.categories == ["Policy", "Industry Trends"]
    assert result.digest.published_at == datetime(2026, 2, 8, 4, 0, tzinfo=CST)
    assert result.items[0].author == "sarah guo"


def test_date_from_title_stamp_without_front_matter():
    result = parse_fixture("title_stamp_only.md")
    assert result.digest.date_source == "title"
    assert result.digest.title == "2026.02.09.08 过去4小时全球AI发生了什么？"
    assert result.digest.published_at == datetime(2026, 2, 9, 8, 0, tzinfo=CST)
    assert [it.headline for it in result.items] == ["Anthropic发布Claude Opus 5"]


def test_date_from_file_name():
    result = parse_fixture("2026-02-10-1200_filename_date.md")
    assert result.digest.date_source == "file_name"
    assert result.digest.published_at == datetime(2026, 2, 10, 12, 0, tzinfo=CST)
    assert result.items[0].author == "Yann LeCun"


def test_date_without_offset_assumes_display_zone_and_warns():
    text = "---\ntitle: t\ndate: 2026-03-01 10:00:00\n---\n\n1. [a-b](https://x.com/b/status/1)\n"
    result = parse_digest(text, "naive.md")
    assert result.ok
    assert result.digest.published_at == datetime(2026, 3, 1, 10, 0, tzinfo=CST)
    assert [p.severity for p in result.problems] == ["warning"]
    assert "no UTC offset" in result.problems[0].reason


@pytest.mark.parametrize(
    "name, reason, line",
    [
        ("broken_front_matter.md", "front matter cannot be read", 1),
        ("no_items.md", "no news items found", None),
        ("binary.md", "binary content", None),
    ],
)
def test_unreadable_files_become_problems(name, reason, line):
    result = parse_fixture(name)
    assert not result.ok
    errors = [p for p in result.problems if p.severity == "error"]
    assert errors and reason in errors[0].reason
    assert errors[0].line == line
    assert errors[0].source_path.endswith(name)


def test_unclosed_front_matter_and_empty_text():
    assert (
        "not closed"
        in parse_digest("---\ntitle: x\n\n1. [a](https://a.b)\n", "f.md").problems[0].reason
    )
    assert parse_digest(b"", "e.md").problems[0].reason == "empty file"
    assert parse_digest("  \n\n", "e.md").problems[0].reason == "empty file"


def test_unsafe_link_schemes_are_dropped_but_item_kept():
    text = (
        "---\ndate: 2026-03-01T00:00:00+08:00\n---\n\n"
        "1. [<script>alert(1)</script>点我-坏人](javascript:alert(1))\n\n"
        "    摘要含[数据](data:text/html,hi)链接。\n"
    )
    result = parse_digest(text, "evil.md")
    item = result.items[0]
    assert item.url is None and item.extra_urls == []
    assert item.headline == "<script>alert(1)</script>点我" and item.author == "坏人"
    reasons = [p.reason for p in result.problems]
    assert any("'javascript'" in r for r in reasons) and any("'data'" in r for r in reasons)


def test_two_digit_items_keep_their_four_space_summaries():
    # `10.  [` puts list content at column 5, so the 4-space summary becomes an indented code block.
    result = parse_fixture("two_digit_items.md")
    assert [(it.position, it.headline, it.author) for it in result.items] == [
        (1, "九", "甲"),
        (2, "十", "乙"),
        (3, "十一", "丙"),
    ]
    tenth = result.items[1]
    assert tenth.bold_terms == ["粗体十"]
    assert tenth.summary == "摘要十粗体十，见链接。"
    assert tenth.extra_urls == ["https://example.com/x"]
    assert [it.source_line for it in result.items] == [5, 9, 13]

"""Models queries over a constructed series: rankings, families, trend lines, rising models, export."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from analysis.enrich.pipeline import enrich_entities
from analysis.ingest.pipeline import ingest_paths
from analysis.present.views import table
from analysis.query.filters import Filters
from analysis.query.products import (
    family_series,
    model_series,
    rising_models,
    top_families,
    top_models,
)
from analysis.store.db import read_connection

FIRST_DAY = date(2026, 3, 1)
# Every sentence differs in its words (a template repeated across the series is boilerplate).
_SUBJECTS = [
    "推理价格",
    "上下文窗口",
    "函数调用",
    "技术报告",
    "编程榜单",
    "中文语音",
    "视觉理解",
    "长文写作",
    "数学推理",
    "代码审查",
    "多轮对话",
    "工具使用",
    "网页浏览",
    "图像生成",
    "安全评测",
]
_CHANGES = ["下调", "翻倍", "开放", "发布", "登顶", "支持", "改进", "上线", "扩展", "重写", "提速"]
_NOTES = [
    "开发者称赞",
    "用户反馈积极",
    "社区热议",
    "媒体关注",
    "分析师看好",
    "企业客户试用",
    "研究者复现",
    "评测机构确认",
]


def _digest(day: int, models: list[str]) -> str:
    when = FIRST_DAY + timedelta(days=day)
    lines = [
        f'---\ntitle: "{when:%Y.%m.%d}.08 AI 日报"\ndate: {when:%Y-%m-%d}T08:00:00+08:00\n---\n'
    ]
    for n, model in enumerate(models, 1):
        k = day * 3 + n
        topic = _SUBJECTS[k % len(_SUBJECTS)] + _CHANGES[k // len(_SUBJECTS) % len(_CHANGES)]
        note = _NOTES[k % len(_NOTES)] + _SUBJECTS[(k + 7) % len(_SUBJECTS)]
        lines.append(
            f"{n}.  [{model} {topic}-某作者](https://x.com/someone/status/{day:04d}{n:04d})\n\n"
            f"    {model} {topic}，{note}。\n"
        )
    return "\n".join(lines)


@pytest.fixture
def model_db(tmp_path, db_path):
    folder = tmp_path / "series"
    folder.mkdir()
    for day in range(35):
        models = (
            ["GPT-5.4", "claude-opus-4.6"] if day < 28 else ["GPT-5.4", "GPT-5.5", "Gemini 4 Pro"]
        )
        (folder / f"d{day:02d}.md").write_text(_digest(day, models), encoding="utf-8")
    ingest_paths([str(folder)], db_path)
    enrich_entities(db_path)
    return db_path


def test_rankings_families_and_series(model_db):
    f = Filters()
    with read_connection(model_db) as con:
        ranking = top_models(con, f, limit=10)
        families = top_families(con, f, limit=10)
        lines = model_series(con, f, products=["GPT-5.5", "Claude Opus 4.6"])
        family_lines = family_series(con, f, families=["GPT"])
        only_products = top_models(con, f, kind="product")
    assert list(zip(ranking["product"], ranking["items"], strict=True)) == [
        ("GPT-5.4", 35),
        ("Claude Opus 4.6", 28),
        ("GPT-5.5", 7),
        ("Gemini 4 Pro", 7),
    ]
    assert ranking.set_index("product").loc["Claude Opus 4.6", "company"] == "Anthropic"
    assert dict(zip(families["family"], families["models"], strict=True)) == {
        "GPT": 2,
        "Claude": 1,
        "Gemini": 1,
    }
    assert int(families.set_index("family").loc["GPT", "items"]) == 42  # items, not mentions
    assert lines.groupby("key")["count"].sum().to_dict() == {"Claude Opus 4.6": 28, "GPT-5.5": 7}
    assert int(family_lines["count"].sum()) == 42
    assert only_products.empty  # every name here is a model


def test_a_new_release_is_rising(model_db):
    with read_connection(model_db) as con:
        rising = rising_models(con, Filters(), window_days=7, baseline_days=28)
    assert set(rising["product"]) == {"GPT-5.5", "Gemini 4 Pro"}
    assert rising["new"].all()
    assert "GPT-5.4" not in set(rising["product"])  # steady, not rising


def test_models_export_table(model_db):
    with read_connection(model_db) as con:
        frame = table(con, "models", Filters(), top=2)
    assert list(frame.columns) == ["bucket", "key", "label", "count", "items", "share", "partial"]
    assert set(frame["key"]) == {"GPT-5.4", "Claude Opus 4.6"}

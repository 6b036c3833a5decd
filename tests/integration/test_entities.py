from __future__ import annotations

import duckdb
import pytest
from conftest import DATA

from analysis.enrich.entities import MentionTagger, default_tagger, item_text
from analysis.enrich.pipeline import enrich_entities
from analysis.enrich.reference import AliasTable, Organization, load_alias_table
from analysis.ingest.parse import parse_digest
from analysis.ingest.pipeline import ingest_paths
from analysis.query.entities import (
    co_mentions,
    top_companies,
    top_sources,
    unknown_organization_candidates,
)
from analysis.query.filters import Filters

# Companies each reference item names directly (aliases), and the products it names.
EXPECTED_REFERENCE = {
    1: ({"NVIDIA"}, {"NVIDIA", "Pollen Robotics"}),
    2: ({"Google DeepMind", "Boston Dynamics"}, {"Google DeepMind"}),
    3: ({"Boston Dynamics", "Hyundai"}, {"Boston Dynamics"}),
    4: ({"Google"}, set()),
    5: ({"a16z", "Wabi"}, {"OpenAI", "xAI"}),
    6: (set(), set()),
    7: ({"Hugging Face", "ByteDance", "Tencent", "SenseTime", "Amap", "Google"}, set()),
    8: ({"NVIDIA"}, {"NVIDIA"}),
    9: ({"Hugging Face"}, {"Hugging Face"}),
}


def reference_mentions():
    result = parse_digest((DATA / "reference_copy.md").read_bytes(), "reference_copy.md")
    tagger = default_tagger()
    return {it.position: tagger.mentions(item_text(it.headline, it.summary)) for it in result.items}


@pytest.mark.parametrize("position", sorted(EXPECTED_REFERENCE))
def test_reference_items_name_exactly_these_companies(position):
    mentions = reference_mentions()[position]
    direct, via_products = EXPECTED_REFERENCE[position]
    assert {m.company for m in mentions if not m.via_product} == direct
    assert {m.company for m in mentions if m.via_product} == via_products


def test_reference_mention_details():
    mentions = reference_mentions()
    first = [m for m in mentions[1] if not m.via_product]
    assert {m.mention for m in first} == {"英伟达"}
    assert mentions[1][0].start == 0
    item7 = {m.mention: m.company for m in mentions[7]}
    assert item7 == {
        "Huggingface": "Hugging Face",
        "字节": "ByteDance",
        "腾讯": "Tencent",
        "商汤": "SenseTime",
        "高德": "Amap",
        "谷歌": "Google",
    }
    assert {m.mention for m in mentions[3] if not m.via_product} == {"Boston Dynamics", "现代汽车"}


def test_words_containing_aliases_are_not_mentions():
    result = parse_digest((DATA / "no_company_mentions.md").read_bytes(), "negative.md")
    tagger = default_tagger()
    for item in result.items:
        assert tagger.mentions(item_text(item.headline, item.summary)) == [], item.headline


def test_longest_alias_wins_and_case_rules():
    table = AliasTable({}, {})
    for org in [
        Organization("Google", "company", ("Google", "谷歌")),
        Organization("Google DeepMind", "lab", ("Google DeepMind", "谷歌DeepMind", "DeepMind")),
        Organization("Meta", "company", ("Meta",)),
        Organization("AMD", "company", ("AMD",)),
    ]:
        for alias in org.aliases:
            table.surface_forms[alias] = (org.name, False)
    tagger = MentionTagger(table)
    found = tagger.mentions(
        "谷歌DeepMind和Google DeepMind，Meta与AMD；metadata、AMDX、Metaverse、meta"
    )
    assert [(m.company, m.mention, m.start) for m in found] == [
        ("Google DeepMind", "谷歌DeepMind", 0),
        ("Google DeepMind", "Google DeepMind", 11),
        ("Meta", "Meta", 27),
        ("AMD", "AMD", 32),
    ]


def test_full_width_names_are_normalised():
    found = default_tagger().mentions("ＮＶＩＤＩＡ发布新卡")
    assert [(m.company, m.mention) for m in found] == [("NVIDIA", "NVIDIA")]


def test_alias_table_is_consistent():
    table = load_alias_table()
    assert len(table.organizations) >= 150
    for org in table.organizations.values():
        assert org.parent is None or org.parent in table.organizations, org
    assert table.canonical("英伟达") == table.canonical("Nvidia") == "NVIDIA"
    assert table.canonical("字节跳动") == table.canonical("字节") == "ByteDance"
    assert table.canonical("豆包") == "ByteDance" and table.surface_forms["豆包"][1] is True
    assert table.organizations["Google DeepMind"].parent == "Google"


def test_enrichment_stores_mentions_and_sources_and_counts(good_folder, db_path):
    ingest_paths([str(good_folder)], db_path)
    assert enrich_entities(db_path) == 20
    assert enrich_entities(db_path) == 0  # nothing new: the watermark holds
    with duckdb.connect(db_path, read_only=True) as con:
        f = Filters()
        companies = top_companies(con, f, limit=50)
        counts = dict(zip(companies["company"], companies["items"], strict=False))
        assert counts["NVIDIA"] == 3 and counts["Boston Dynamics"] == 2
        pairs = co_mentions(con, f)
        assert (
            (pairs["company_a"] == "Boston Dynamics") & (pairs["company_b"] == "Google DeepMind")
        ).any()
        sources = top_sources(con, f, limit=50)
        dotey = sources[sources["source_key"] == "dotey"].iloc[0]
        assert (dotey["source"], dotey["items"]) == ("宝玉", 3)
        without_products = top_companies(con, f, limit=50, include_products=False)
        assert "OpenAI" in set(without_products["company"])  # named directly in a fixture
        assert "xAI" not in set(without_products["company"])  # only via Grok
        candidates = unknown_organization_candidates(con, f, min_items=1)
        assert "Nested Learning" in set(candidates["term"])
        assert not candidates["term"].isin(["NVIDIA", "Boston Dynamics CTO", "AI"]).any()


def test_one_person_under_two_display_names_counts_once(tmp_path, db_path):
    folder = tmp_path / "d"
    folder.mkdir()
    template = (DATA / "bullets.md").read_text(encoding="utf-8")
    (folder / "a.md").write_text(template, encoding="utf-8")
    (folder / "b.md").write_text(
        template.replace("宝玉", "宝玉xp")
        .replace("2026-02-03T08", "2026-02-03T12")
        .replace("2011000000000000001", "2011000000000000009"),
        encoding="utf-8",
    )
    ingest_paths([str(folder)], db_path)
    enrich_entities(db_path)
    with duckdb.connect(db_path, read_only=True) as con:
        sources = top_sources(con, Filters(), limit=10)
    dotey = sources[sources["handle"] == "dotey"]
    assert len(dotey) == 1 and dotey["items"].iloc[0] == 2


def test_editing_the_alias_table_retags_everything(good_folder, db_path, tmp_path, monkeypatch):
    import analysis.enrich.reference as reference_module
    from analysis.enrich.entities import reload_tables

    ingest_paths([str(good_folder)], db_path)
    enrich_entities(db_path)
    edited = tmp_path / "companies.toml"
    edited.write_text(
        (DATA.parent.parent / "data" / "companies.toml").read_text(encoding="utf-8")
        + '\n[[org]]\nname = "Nested Learning Lab"\nkind = "lab"\naliases = ["Nested Learning"]\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(reference_module, "COMPANIES_FILE", edited)
    reload_tables()
    try:
        assert enrich_entities(db_path) == 20  # table changed: every item re-tagged
        with duckdb.connect(db_path, read_only=True) as con:
            counts = top_companies(con, Filters(), limit=100)
        assert (
            dict(zip(counts["company"], counts["items"], strict=False))["Nested Learning Lab"] == 2
        )
    finally:
        monkeypatch.undo()
        reload_tables()


_LAUNCH_HEADLINES = [
    "上线 Kimi-K2-Thinking 推理服务",
    "开放 Kimi-K2-Thinking 免费试用额度",
    "把 Kimi-K2-Thinking 接入函数调用接口",
    "公布 Kimi-K2-Thinking 吞吐测试结果",
    "为 Kimi-K2-Thinking 提供长上下文版本",
    "下调 Kimi-K2-Thinking 批量推理价格",
]


# Each day's sentence differs in its words, not only in names and numbers: a sentence
# template repeated across the series would be boilerplate.
_LAUNCH_SUMMARIES = [
    "Together AI 今天起在平台上提供",
    "开发者现在可以免费调用",
    "Together AI 的函数调用接口已支持",
    "测试显示每秒输出一百多个词元的是",
    "新增二十五万长度上下文版本的",
    "批量推理价格下调一半，涉及",
]


def _series_digest(day: int, extra_items: str = "") -> str:
    headline = _LAUNCH_HEADLINES[day - 1]
    return f"""---
title: "2026.03.{day:02d}.08 AI 日报"
date: 2026-03-{day:02d}T08:00:00+08:00
---

1.  [Together AI {headline}-togethercompute](https://x.com/togethercompute/status/20300000000000{day:05d})

    {_LAUNCH_SUMMARIES[day - 1]} **Kimi K2 Thinking**。对比 claude-opus-4.6 与 GPT-5.4。

    LM Studio Discord 暂无新消息
{extra_items}"""


def test_boilerplate_lines_give_no_mentions_and_models_are_stored(tmp_path, db_path):
    folder = tmp_path / "series"
    folder.mkdir()
    for day in range(1, 7):
        (folder / f"2026-03-{day:02d}.md").write_text(_series_digest(day), encoding="utf-8")
    ingest_paths([str(folder)], db_path)
    enrich_entities(db_path)
    with duckdb.connect(db_path, read_only=True) as con:
        companies = {r[0] for r in con.execute("SELECT company FROM item_companies").fetchall()}
        products = con.execute(
            "SELECT product, family, company, count(*) FROM item_products GROUP BY ALL ORDER BY 1"
        ).fetchall()
        own = con.execute(
            "SELECT count(*) FROM item_companies WHERE mention = '@togethercompute' AND start = -1"
        ).fetchone()[0]
    assert "Discord" not in companies  # the repeated `… Discord 暂无新消息` line is boilerplate
    assert {"Together AI", "Moonshot AI", "Anthropic", "OpenAI"} <= companies
    assert products == [
        ("Claude Opus 4.6", "Claude", "Anthropic", 6),
        ("GPT-5.4", "GPT", "OpenAI", 6),
        ("Kimi K2 Thinking", "Kimi", "Moonshot AI", 12),
    ]
    assert own == 6


def test_a_sentence_becoming_boilerplate_retags_the_items_already_tagged(tmp_path, db_path):
    footer = "\n\n    本期由 Modal 赞助播出，欢迎试用 Modal Labs 平台\n"
    folder = tmp_path / "series"
    folder.mkdir()
    for day in range(1, 3):
        (folder / f"2026-03-{day:02d}.md").write_text(
            _series_digest(day).rstrip("\n") + footer, encoding="utf-8"
        )
    ingest_paths([str(folder)], db_path)
    enrich_entities(db_path)
    modal = "SELECT count(*) FROM item_companies WHERE company = 'Modal'"
    with duckdb.connect(db_path, read_only=True) as con:
        assert con.execute(modal).fetchone() == (4,)  # two digests: not yet boilerplate
    for day in range(3, 7):
        (folder / f"2026-03-{day:02d}.md").write_text(
            _series_digest(day).rstrip("\n") + footer, encoding="utf-8"
        )
    ingest_paths([str(folder)], db_path)
    enrich_entities(db_path)
    with duckdb.connect(db_path, read_only=True) as con:
        assert con.execute(modal).fetchone() == (0,)
        assert con.execute("SELECT count(DISTINCT item_id) FROM item_products").fetchone() == (6,)

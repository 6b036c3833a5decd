"""Keyword enrichment over a store: the cache key, series boilerplate, the background table."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
from test_enrich import HashingBackend

from analysis.enrich.pipeline import enrich_all
from analysis.ingest.pipeline import ingest_paths

FRONT = """---
title: "{day} AI 早报"
date: {day}T08:00:00+08:00
categories: ["AI News"]
---

"""


def write_series(folder, days: int, items_of) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    start = date(2026, 3, 1)
    for n in range(days):
        day = start + timedelta(days=n)
        body = "\n\n".join(
            f"{i}.  [{headline}](https://example.com/{n}/{i})\n\n    {summary}"
            for i, (headline, summary) in enumerate(items_of(n), 1)
        )
        (folder / f"{day.isoformat()}.md").write_text(
            FRONT.format(day=day.isoformat()) + body + "\n", encoding="utf-8"
        )


def bold_rows(db: str) -> dict[int, set[str]]:
    with duckdb.connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT i.position, k.keyword FROM item_keywords k JOIN items i USING (item_id) "
            "WHERE k.origin = 'bold'"
        ).fetchall()
    found: dict[int, set[str]] = {}
    for position, keyword in rows:
        found.setdefault(position, set()).add(keyword)
    return found


def test_equal_text_with_different_bold_terms_gets_different_keywords(tmp_path):
    # Both items store the same headline and summary; only their bold terms differ.
    write_series(
        tmp_path / "digests",
        1,
        lambda n: [
            ("英伟达发布 Rubin 芯片", "**Rubin** 采用新架构。"),
            ("英伟达发布 Rubin 芯片", "Rubin 采用**新架构**。"),
        ],
    )
    db = str(tmp_path / "t.duckdb")
    ingest_paths([str(tmp_path / "digests")], db)
    enrich_all(db, backend=HashingBackend("hashing-cache"))
    assert bold_rows(db) == {1: {"Rubin"}, 2: {"新架构"}}


def test_series_boilerplate_and_background_are_kept_out(tmp_path):
    def items(n: int):
        return [
            (f"模型动态 {n}", f"Zeta{n} 模型发布。本日报由编辑部整理，每天早上八点准时更新。"),
            (
                f"Cohere{n} Discord 频道今日暂无任何新的讨论消息",
                "如果该服务器长期没有动静，请告诉我们，我们会将其移除。",
            ),
            ("星河" + "一二三四五六七八"[n % 8] + "号发布", f"**星河{n % 8}号** 是新的模型。"),
        ]

    write_series(tmp_path / "digests", 10, items)
    db = str(tmp_path / "t.duckdb")
    ingest_paths([str(tmp_path / "digests")], db)
    enrich_all(db, backend=HashingBackend("hashing-bp"))
    with duckdb.connect(db, read_only=True) as con:
        templates = {row[0] for row in con.execute("SELECT template FROM boilerplate").fetchall()}
        keywords = {row[0] for row in con.execute("SELECT keyword FROM item_keywords").fetchall()}
        background = dict(
            con.execute(
                "SELECT keyword_norm, background FROM keyword_background WHERE model = 'hashing-bp'"
            ).fetchall()
        )
    assert "本日报由编辑部整理，每天早上八点准时更新。" in templates
    assert "如果该服务器长期没有动静，请告诉我们，我们会将其移除。" in templates
    assert not keywords & {"编辑部", "服务器", "动静", "Discord", "早上八点"}, keywords
    assert any(k.startswith("Zeta") for k in keywords)
    # 模型动态 heads an item every day; each 星河N号 is on one or two of the ten days.
    assert background["模型动态"] is True
    assert background["星河四号"] is False

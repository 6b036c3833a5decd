"""Real-shape digests through ingest, the store, the series filter, `inspect` and `stats`."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from conftest import DATA

from analysis.cli import main as cli
from analysis.ingest.pipeline import ingest_paths
from analysis.query.database import filter_options
from analysis.query.filters import Filters, filtered_items
from analysis.store.db import read_connection, upgrade_schema, write_connection

SHAPES = DATA / "real_shapes"


def test_every_shape_is_stored_with_its_new_fields(tmp_path):
    db = str(tmp_path / "t.duckdb")
    summary = ingest_paths([str(SHAPES)], db, workers=1)
    assert (summary.new, summary.failed) == (10, 0)
    with read_connection(db) as con:
        assert filter_options(con)["series"] == [
            "AI资讯日报",
            "AI 周报",
            "AI 热点速递",
            "AI 频道速递",
            "AI早报",
            "Discord 社区日报：AI 开发者频道精选",
            "Frontier AI Brief",
            "GitHub 热门项目精选",
            "Model Roundup",
        ]
        tags = con.execute(
            "SELECT tags FROM digests WHERE series = 'Frontier AI Brief'"
        ).fetchone()[0]
        assert tags == ["agents", "open-source", "chips"]
        row = con.execute(
            "SELECT section, source_label, headline FROM items WHERE url = ?",
            ["https://www.aihub.cn/news/nvidia-b300"],
        ).fetchone()
        assert row == ("前沿研究", "详情（AI资讯）", "NVIDIA 发布了新一代推理芯片 B300")
        assert con.execute(
            "SELECT tags FROM items WHERE headline = 'karpathy/nanochat'"
        ).fetchone()[0] == ["LLM", "训练", "教程"]
        kept = con.execute("SELECT min(text_kept), max(text_kept) FROM digests").fetchone()
        assert 0.7 <= kept[0] <= kept[1] <= 1.0
        chosen = filtered_items(Filters(series=("AI资讯日报",)))
        assert len(chosen.run(con).fetchall()) == 17
        chosen = filtered_items(Filters(series=("AI早报", "AI 周报")))
        assert len(chosen.run(con).fetchall()) == 21


def test_low_text_kept_is_a_warning_naming_file_and_line(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    long_intro = "今天的 AI 圈非常热闹，" * 30
    (folder / "2026-01-02.md").write_text(
        f"# 日报\n\n{long_intro}\n\n- [OpenAI 发布 GPT-6](https://openai.com/gpt-6)\n",
        encoding="utf-8",
    )
    summary = ingest_paths([str(folder)], str(tmp_path / "t.duckdb"), workers=1)
    low = [w for w in summary.warnings if "reached an item" in w.reason]
    assert len(low) == 1
    assert low[0].source_path.endswith("2026-01-02.md") and low[0].line == 3
    assert "largest block not kept is at line 3" in low[0].reason


def test_inspect_prints_date_series_items_and_blocks_not_kept(capsys):
    assert cli(["inspect", str(SHAPES / "ai-daily" / "cn_2025-12_2025-12-24.md")]) == 0
    out = capsys.readouterr().out
    assert "date:       2025-12-24T00:00:00+08:00  (from the title)" in out
    assert "series:     AI资讯日报" in out
    assert "items: 10" in out
    assert "     17  前沿研究" in out and "NVIDIA 发布了新一代推理芯片 B300" in out
    assert "not kept: 10 blocks" in out
    assert "       31  promo" in out and "    11-13  code" in out
    assert cli(["inspect", "/no/such/file.md"]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_stats_and_export_know_the_series(tmp_path, capsys):
    db = str(tmp_path / "t.duckdb")
    folder = tmp_path / "shapes"
    shutil.copytree(SHAPES, folder)
    assert cli(["ingest", str(folder), "--no-enrich", "--db", db]) == 0
    assert cli(["stats", "--db", db]) == 0
    stats = capsys.readouterr().out
    assert "text kept per series" in stats
    assert "  AI资讯日报: 2 files, median" in stats
    out = tmp_path / "items.csv"
    assert cli(["export", "items", "--series", "AI早报", "--db", db, "--out", str(out)]) == 0
    assert "8 rows of items" in capsys.readouterr().out


def test_an_older_database_gets_the_new_columns(tmp_path):
    db = str(tmp_path / "old.duckdb")
    con = duckdb.connect(db)
    con.execute("CREATE TABLE digests (digest_id BIGINT NOT NULL, source_path VARCHAR NOT NULL)")
    con.execute("CREATE TABLE items (item_id BIGINT NOT NULL, digest_id BIGINT NOT NULL)")
    con.close()
    assert upgrade_schema(db) is True
    assert upgrade_schema(db) is False
    with write_connection(db) as con:
        names = {r[0] for r in con.execute("DESCRIBE digests").fetchall()}
        assert {"series", "tags", "text_kept"} <= names
        names = {r[0] for r in con.execute("DESCRIBE items").fetchall()}
        assert {"section", "source_label", "tags"} <= names


@pytest.mark.slow
def test_dashboard_filters_by_series_and_shows_text_kept(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    from analysis.enrich.pipeline import enrich_entities

    db = str(tmp_path / "t.duckdb")
    ingest_paths([str(SHAPES)], db, workers=1)
    enrich_entities(db)
    monkeypatch.setenv("TRENDBOARD_DB", db)
    app = str(DATA.parent.parent / "dashboard" / "app.py")

    def page(name: str, params: dict) -> AppTest:
        at = AppTest.from_file(app, default_timeout=120)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        at.switch_page(f"views/{name}.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    ingest = page("ingest", {})
    assert any(h.value == "Text kept per series" for h in ingest.subheader)
    kept = ingest.dataframe[0].value
    assert set(kept["series"]) >= {"AI资讯日报", "Frontier AI Brief"}
    chosen = page("items", {"range": "all", "series": "AI早报"})
    assert chosen.multiselect(key="w_series").value == ["AI早报"]
    assert "Frontier AI Brief" in chosen.multiselect(key="w_series").options
    # The page's queries get the series; which items pass is the store test's business above.
    assert chosen.session_state["_page_context"].filters.series == ("AI早报",)


@pytest.mark.slow
def test_stored_categories_read_the_section_tags_and_source_label(tmp_path, embedding_backend):
    from analysis.enrich.categorize import assign_categories
    from analysis.enrich.keywords import ItemText
    from analysis.enrich.pipeline import enrich_keywords

    db = str(tmp_path / "t.duckdb")
    ingest_paths([str(SHAPES)], db, workers=1)
    enrich_keywords(db, backend=embedding_backend)
    with read_connection(db) as con:
        rows = con.execute("""
            SELECT i.item_id, i.headline, i.summary, i.bold_terms, d.categories, i.section,
                   i.source_label, list_distinct(coalesce(i.tags, []) || coalesce(d.tags, [])),
                   (SELECT list(c.category ORDER BY c.score DESC) FROM item_categories c
                    WHERE c.item_id = i.item_id)
            FROM items i JOIN digests d USING (digest_id) ORDER BY i.item_id""").fetchall()
    docs = [ItemText(r[1] or "", r[2] or "", list(r[3] or [])) for r in rows]
    declared = [list(r[4] or []) for r in rows]

    def names(assigned):
        return [[category for category, _, _ in found] for found in assigned]

    with_evidence = names(
        assign_categories(
            docs,
            declared,
            embedding_backend,
            sections=[r[5] for r in rows],
            source_labels=[r[6] for r in rows],
            tags=[sorted(r[7] or []) for r in rows],
        )
    )
    assert [r[8] for r in rows] == with_evidence
    text_only = names(assign_categories(docs, declared, embedding_backend))
    assert sum(a != b for a, b in zip(with_evidence, text_only, strict=True)) >= 5


def test_items_table_says_where_each_item_comes_from(tmp_path):
    from analysis.enrich.pipeline import enrich_entities
    from analysis.present.views import table

    db = str(tmp_path / "t.duckdb")
    ingest_paths([str(SHAPES)], db, workers=1)
    enrich_entities(db)
    with read_connection(db) as con:
        frame = table(con, "items", Filters(series=("AI资讯日报",)))
    assert len(frame) == 17
    row = frame.set_index("url").loc["https://www.aihub.cn/news/nvidia-b300"]
    assert (row["series"], row["section"], row["source_label"]) == (
        "AI资讯日报",
        "前沿研究",
        "详情（AI资讯）",
    )
    assert "NVIDIA" in list(row["companies"])
    assert "B300" in list(row["models"])

"""Salience on a constructed corpus: background out of default lists, concentrated terms first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from analysis.enrich.background import refresh_keyword_background
from analysis.query.filters import Filters
from analysis.query.keywords import keyword_series, top_keywords
from analysis.store.schema import ensure_schema

MODEL = "m"


@pytest.fixture
def con():
    con = duckdb.connect()
    ensure_schema(con)
    start = datetime(2026, 3, 1, 4, tzinfo=UTC)
    item_id = 0
    rows = []
    for day in range(20):
        for n in range(10):
            item_id += 1
            con.execute(
                "INSERT INTO items (item_id, digest_id, position, headline, summary, "
                "published_at, content_sha256) VALUES (?, ?, ?, 'h', 's', ?, 'x')",
                [item_id, day, n, start + timedelta(days=day, minutes=n)],
            )
            rows.append((item_id, "模型"))  # in every item of every day: background
            if n < 3:
                rows.append((item_id, "智能体"))  # every day, 30% of items: background too
            if day in (5, 6) and n < 8:
                rows.append((item_id, "gpt-5.2"))  # a two-day burst: 16 items
            if n == 9 and day % 2 == 0:
                rows.append((item_id, "sora 2"))  # every other day: 10 items, spread out
            if n == 8:
                rows.append((item_id, "coding agent"))  # one item every day: 10%, background
    con.executemany(
        "INSERT INTO item_keywords VALUES (?, ?, ?, 1.0, 'keybert', ?)",
        [[i, k, k, MODEL] for i, k in rows],
    )
    refresh_keyword_background(con, MODEL)
    return con


def test_background_is_left_out_and_bursts_rank_first(con):
    top = top_keywords(con, Filters(model=MODEL), limit=10)
    assert top["keyword_norm"].tolist() == ["gpt-5.2", "sora 2"]
    assert not top["background"].any()
    assert top.set_index("keyword_norm").loc["sora 2", "items"] == 10
    assert top.set_index("keyword_norm").loc["gpt-5.2", "items"] == 16


def test_background_terms_stay_available(con):
    everything = top_keywords(con, Filters(model=MODEL), limit=10, include_background=True)
    assert set(everything["keyword_norm"]) == {
        "模型",
        "智能体",
        "coding agent",
        "gpt-5.2",
        "sora 2",
    }
    assert everything.set_index("keyword_norm")["background"].to_dict() == {
        "模型": True,
        "智能体": True,
        "coding agent": True,
        "gpt-5.2": False,
        "sora 2": False,
    }
    series = keyword_series(con, Filters(model=MODEL), keywords=["模型"])
    assert series["count"].sum() == 200


def test_default_trend_lines_follow_salience(con):
    series = keyword_series(con, Filters(model=MODEL), top_n=5)
    assert set(series["key"]) == {"gpt-5.2", "sora 2"}


def test_a_piece_of_a_longer_keyword_on_the_same_items_is_folded_into_it():
    con = duckdb.connect()
    ensure_schema(con)
    start = datetime(2026, 3, 1, 4, tzinfo=UTC)
    rows = []
    for item_id in range(1, 21):
        con.execute(
            "INSERT INTO items (item_id, digest_id, position, headline, summary, "
            "published_at, content_sha256) VALUES (?, ?, 0, 'h', 's', ?, 'x')",
            [item_id, item_id, start + timedelta(days=item_id)],
        )
        if item_id <= 10:  # always with the phrase: one trend told twice
            rows += [(item_id, "新一轮"), (item_id, "新一轮融资")]
        if item_id <= 9:  # 9 of its 10 items carry the phrase too: folded (FOLD_SHARE)
            rows.append((item_id, "mla多头潜在注意力"))
        if item_id <= 10:
            rows.append((item_id, "mla"))
        if item_id <= 8:  # only 8 of its 10 items carry the longer phrase: a trend of its own
            rows.append((item_id, "开源模型榜单"))
        rows.append((item_id, "开源模型") if item_id <= 8 or item_id > 18 else (item_id, "gpt-6"))
    con.executemany(
        "INSERT INTO item_keywords VALUES (?, ?, ?, 1.0, 'keybert', ?)",
        [[i, k, k, MODEL] for i, k in rows],
    )
    refresh_keyword_background(con, MODEL)
    folded = dict(
        con.execute(
            "SELECT keyword_norm, folded_into FROM keyword_background WHERE model = ?", [MODEL]
        ).fetchall()
    )
    assert folded == {
        "新一轮": "新一轮融资",
        "新一轮融资": None,
        "mla": "mla多头潜在注意力",
        "mla多头潜在注意力": None,
        "开源模型": None,
        "开源模型榜单": None,
        "gpt-6": None,
    }
    shown = set(top_keywords(con, Filters(model=MODEL), limit=20)["keyword_norm"])
    assert shown == {"新一轮融资", "mla多头潜在注意力", "开源模型", "开源模型榜单", "gpt-6"}
    everything = top_keywords(con, Filters(model=MODEL), limit=20, include_background=True)
    assert {"新一轮", "mla"} <= set(everything["keyword_norm"])

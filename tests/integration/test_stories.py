"""Stories end to end: gold digests through ingest and enrichment, incremental assignment,
re-clustering from stored vectors, series counting stories, the CLI, and the bundled sample."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import datetime, timedelta

import duckdb
import pytest
from conftest import PROJECT

from analysis.cli import main
from analysis.enrich.embeddings import get_backend
from analysis.enrich.pipeline import enrich_entities
from analysis.enrich.stories import StoryParams, assign_stories, embed_items, enrich_stories
from analysis.ingest.pipeline import ingest_paths
from analysis.query.entities import company_series, top_companies
from analysis.query.filters import Filters
from analysis.query.products import top_families, top_models
from analysis.query.stories import (
    similar_items,
    story_companies,
    story_items,
    story_models,
    story_timeline,
    top_stories,
)
from benchmarks.stories_gold import gold_labels, load_gold, write_digests

# Same-company same-day pairs, a shared-URL story, an English+Chinese story and a singleton.
SUBSET = [
    "openai-gpt55-launch",
    "openai-funding-round",
    "openai-research-chief-leaves",
    "nvidia-q4-earnings",
    "nvidia-groot-n2-open-source",
    "world-labs-essay",
]


def stories_of(db: str) -> dict[int, int]:
    with duckdb.connect(db, read_only=True) as con:
        return dict(con.execute("SELECT item_id, story_id FROM item_stories").fetchall())


@pytest.fixture(scope="module")
def gold_db(tmp_path_factory) -> tuple[str, dict[int, str]]:
    root = tmp_path_factory.mktemp("gold")
    stories = [s for s in load_gold() if s["id"] in SUBSET]
    labels = write_digests(root / "digests", stories)
    db = str(root / "gold.duckdb")
    ingest_paths([str(root / "digests")], db)
    enrich_entities(db)
    enrich_stories(db, backend=get_backend("use-multilingual"))
    with duckdb.connect(db, read_only=True) as con:
        return db, gold_labels(con, labels)


def test_gold_stories_hold_together_and_same_day_company_stories_stay_apart(gold_db):
    db, gold = gold_db
    assigned = stories_of(db)
    assert set(assigned) == set(gold)
    by_gold: dict[str, set[int]] = {}
    for item, story in assigned.items():
        by_gold.setdefault(gold[item], set()).add(story)
    # each gold story's items share their most common story...
    for name in SUBSET:
        members = [assigned[i] for i in gold if gold[i] == name]
        main_story = max(set(members), key=members.count)
        assert members.count(main_story) >= 0.75 * len(members), name
    # ...and no two gold stories share theirs
    mains = {}
    for name in SUBSET:
        members = [assigned[i] for i in gold if gold[i] == name]
        mains[name] = max(set(members), key=members.count)
    assert len(set(mains.values())) == len(SUBSET)


def test_story_table_figures_and_title(gold_db):
    db, gold = gold_db
    with duckdb.connect(db, read_only=True) as con:
        launch = next(i for i in gold if gold[i] == "openai-gpt55-launch")
        story_id = con.execute(
            "SELECT story_id FROM item_stories WHERE item_id = ?", [launch]
        ).fetchone()[0]
        title, items, digests, sources = con.execute(
            "SELECT title, items, digests, sources FROM stories WHERE story_id = ?", [story_id]
        ).fetchone()
        members = con.execute(
            "SELECT count(*), count(DISTINCT digest_id) FROM item_stories JOIN items USING (item_id) "
            "WHERE story_id = ?",
            [story_id],
        ).fetchone()
        headlines = {
            h
            for (h,) in con.execute(
                "SELECT headline FROM items JOIN item_stories USING (item_id) WHERE story_id = ?",
                [story_id],
            ).fetchall()
        }
    assert (items, digests) == members
    assert 1 < sources <= items
    assert title in headlines and "GPT-5.5" in title


def test_story_queries(gold_db):
    db, gold = gold_db
    f = Filters(tz="+08:00")
    with duckdb.connect(db, read_only=True) as con:
        top = top_stories(con, f, limit=3)
        assert list(top.columns)[:3] == ["story_id", "title", "first_seen"]
        assert "GPT-5.5" in top["title"].iloc[0]
        first = int(top["story_id"].iloc[0])
        items = story_items(con, f, first)
        assert len(items) == int(top["story_items"].iloc[0])
        assert items["published_at"].is_monotonic_increasing
        timeline = story_timeline(con, f, first)
        assert timeline["items"].sum() == len(items)
        assert "OpenAI" in story_companies(con, f, first)["company"].tolist()
        assert isinstance(story_models(con, f, first), type(items))
        probe = int(items["item_id"].iloc[0])
        near = similar_items(con, f, probe, limit=5)
        assert len(near) == 5 and probe not in near["item_id"].tolist()
        assert near["similarity"].is_monotonic_decreasing
        assert near["story_id"].iloc[0] == first  # its nearest neighbour tells the same story
        # a range that holds only the first day counts only that day's items
        day = top_stories(
            con,
            Filters(
                tz="+08:00",
                start=top["first_seen"].iloc[0].date(),
                end=top["first_seen"].iloc[0].date(),
            ),
            limit=50,
        )
        assert day["items"].sum() < top_stories(con, f, limit=50)["items"].sum()


def test_top_stories_of_a_range_count_stored_rows_and_crossing_stories_alike(gold_db, tmp_path):
    """A range alone reads the stories wholly inside it from `stories` and recounts only
    those crossing its ends; the figures equal a full recount (forced here by a series
    filter that selects every item)."""
    db, _ = gold_db
    with duckdb.connect(db, read_only=True) as con:
        every_series = tuple(
            s for (s,) in con.execute("SELECT DISTINCT series FROM digests").fetchall()
        )
        first_day = (
            top_stories(con, Filters(tz="+08:00"), order="newest", limit=1000)["first_seen"]
            .min()
            .date()
        )
        ranges = [(None, None), (first_day, first_day), (first_day, first_day + timedelta(days=1))]
        crossing_seen = False
        for start, end in ranges:
            f = Filters(tz="+08:00", start=start, end=end)
            fast = top_stories(con, f, limit=100)
            recount = top_stories(con, replace(f, series=every_series), limit=100)
            assert len(fast) > 0
            assert fast.to_dict("records") == recount.to_dict("records"), (start, end)
            crossing_seen |= bool((fast["items"] < fast["story_items"]).any())
    assert crossing_seen  # some range cut a story, so the recount of crossing stories ran
    # an item deleted since assignment (a changed digest, not yet re-enriched) leaves its
    # story's stored row stale: that story is counted again
    stale_db = str(tmp_path / "stale.duckdb")
    shutil.copy(db, stale_db)
    with duckdb.connect(stale_db) as con:
        story_id, item_id = con.execute(
            "SELECT story_id, min(item_id) FROM item_stories GROUP BY story_id "
            "HAVING count(*) > 2 ORDER BY story_id LIMIT 1"
        ).fetchone()
        con.execute("DELETE FROM item_stories WHERE item_id = ?", [item_id])
        con.execute("DELETE FROM items WHERE item_id = ?", [item_id])
        f = Filters(tz="+08:00")
        fast = top_stories(con, f, limit=100)
        recount = top_stories(con, replace(f, series=every_series), limit=100)
    assert fast.to_dict("records") == recount.to_dict("records")
    assert story_id in fast["story_id"].tolist()


class CountingBackend:
    """The real model behind a counter, so tests can see that stored vectors are reused."""

    def __init__(self):
        self.inner = get_backend("use-multilingual")
        self.name, self.calls, self.texts_embedded = self.inner.name, 0, 0

    def embed(self, texts):
        self.calls += 1
        self.texts_embedded += len(texts)
        return self.inner.embed(texts)


def test_incremental_digests_join_existing_stories_and_reclustering_never_embeds(tmp_path):
    from analysis.enrich.embeddings import clear_caches

    clear_caches()
    stories = [s for s in load_gold() if s["id"] in SUBSET]
    write_digests(tmp_path / "all", stories)
    files = sorted((tmp_path / "all").iterdir(), key=lambda p: p.name.split("-", 1)[1])
    early, late = tmp_path / "early", tmp_path / "late"
    early.mkdir()
    late.mkdir()
    for path in files:
        stamp = path.name.split("-", 1)[1]
        (early if stamp < "2026-03-02-1300" else late).joinpath(path.name).write_bytes(
            path.read_bytes()
        )
    db = str(tmp_path / "inc.duckdb")
    backend = CountingBackend()
    ingest_paths([str(early)], db)
    enrich_entities(db)
    enrich_stories(db, backend=backend)
    before = stories_of(db)
    embedded = backend.texts_embedded
    ingest_paths([str(late)], db)
    enrich_entities(db)
    embedded_now, placed = enrich_stories(db, backend=backend)
    after = stories_of(db)
    assert placed == len(after) - len(before) > 0
    # earlier items keep their stories unless a merge joined two of them
    assert all(after[i] == before[i] or after[i] in set(after.values()) for i in before)
    assert len(set(before.values()) & {after[i] for i in set(after) - set(before)}) > 0
    assert backend.texts_embedded - embedded == 2 * embedded_now  # only the new items
    # a threshold change re-clusters every item from the stored vectors: nothing is embedded
    embedded = backend.texts_embedded
    params = replace(
        StoryParams.from_settings(),
        similarity=0.99,
        term_similarity=0.99,
        url_similarity=0.99,
        merge_similarity=2.0,
    )
    assert assign_stories(db, params=params) == len(after)
    assert embed_items(db, backend) == 0 and backend.texts_embedded == embedded
    strict = stories_of(db)
    assert len(set(strict.values())) > len(set(after.values()))
    # a changed digest drops its items' stories and vectors; the new items get new ones
    edited = next(late.iterdir())
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("OpenAI", "Open AI", 1), encoding="utf-8"
    )
    ingest_paths([str(late)], db)
    enrich_stories(db, backend=backend, params=params)
    with duckdb.connect(db, read_only=True) as con:
        orphans = con.execute(
            "SELECT count(*) FROM item_stories WHERE item_id NOT IN (SELECT item_id FROM items)"
        ).fetchone()[0]
        unplaced = con.execute(
            "SELECT count(*) FROM items WHERE item_id NOT IN (SELECT item_id FROM item_stories)"
        ).fetchone()[0]
        stale = con.execute(
            """SELECT count(*) FROM stories s WHERE items <>
               (SELECT count(*) FROM item_stories st WHERE st.story_id = s.story_id)"""
        ).fetchone()[0]
    assert (orphans, unplaced, stale) == (0, 0, 0)


def test_series_count_stories_once_per_bucket(gold_db):
    db, _ = gold_db
    with duckdb.connect(db, read_only=True) as con:
        items_f = Filters(tz="+08:00", granularity="day")
        stories_f = replace(items_f, count_by="stories")
        by_items = company_series(con, items_f, companies=["OpenAI"])
        by_stories = company_series(con, stories_f, companies=["OpenAI"])
        expected = con.execute(
            """SELECT date_trunc('day', i.published_at AT TIME ZONE 'Etc/GMT-8') AS day,
                      count(DISTINCT st.story_id)
               FROM items i JOIN item_stories st USING (item_id) JOIN item_companies c USING (item_id)
               WHERE c.company = 'OpenAI' GROUP BY 1 ORDER BY 1"""
        ).fetchall()
        totals = con.execute(
            """SELECT date_trunc('day', i.published_at AT TIME ZONE 'Etc/GMT-8'), count(DISTINCT st.story_id)
               FROM items i JOIN item_stories st USING (item_id) GROUP BY 1 ORDER BY 1"""
        ).fetchall()
    got = by_stories[by_stories["count"] > 0]
    assert got["count"].tolist() == [n for _, n in expected]
    assert by_stories["items"].drop_duplicates().tolist() == [n for _, n in totals]
    assert (by_stories["count"].to_numpy() <= by_items["count"].to_numpy()).all()
    assert by_stories["count"].sum() < by_items["count"].sum()


def test_rankings_count_a_story_once_and_divide_by_stories(gold_db):
    db, _ = gold_db
    items_f = Filters(tz="+08:00")
    stories_f = replace(items_f, count_by="stories")
    unit = "coalesce(st.story_id, -i.item_id)"
    with duckdb.connect(db, read_only=True) as con:
        total = con.execute(
            f"SELECT count(DISTINCT {unit}) FROM items i LEFT JOIN item_stories st USING (item_id)"
        ).fetchone()[0]

        def stories_with(table: str, column: str) -> dict[str, int]:
            return dict(
                con.execute(
                    f"""SELECT t.{column}, count(DISTINCT {unit}) FROM {table} t
                        JOIN items i USING (item_id) LEFT JOIN item_stories st USING (item_id)
                        GROUP BY 1"""
                ).fetchall()
            )

        rankings = [
            (
                top_companies(con, stories_f, limit=5),
                "company",
                stories_with("item_companies", "company"),
            ),
            (
                top_models(con, stories_f, limit=5),
                "product",
                stories_with("item_products", "product"),
            ),
            (
                top_families(con, stories_f, limit=5),
                "family",
                stories_with("item_products", "family"),
            ),
        ]
        by_items = top_companies(con, items_f, limit=5)
    for ranking, key, expected in rankings:
        assert len(ranking), key
        assert {r[key]: r["items"] for r in ranking.to_dict("records")} == {
            name: expected[name] for name in ranking[key]
        }
        assert ranking["share"].tolist() == pytest.approx((ranking["items"] / total).tolist())
    # the same companies' items counted once per story: fewer than their items
    assert rankings[0][0]["items"].sum() < by_items["items"].sum()


def test_cli_stories_export_and_count_by(gold_db, tmp_path, capsys):
    db, _ = gold_db
    assert main(["stories", "--top", "3", "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.count("items,") == 3 and "GPT-5.5" in out.splitlines()[0]
    target = tmp_path / "stories.csv"
    assert main(["export", "stories", "--db", db, "--out", str(target)]) == 0
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    header = next(line for line in lines if not line.startswith("#"))  # after the metadata lines
    assert header.startswith("story_id,title,first_seen,last_seen,items,digests,sources")
    counted = tmp_path / "companies.csv"
    assert (
        main(["export", "companies", "--count-by", "stories", "--db", db, "--out", str(counted)])
        == 0
    )
    assert (
        main(
            [
                "chart",
                "companies",
                "--count-by",
                "stories",
                "--db",
                db,
                "--out",
                str(tmp_path / "c.html"),
            ]
        )
        == 0
    )
    assert "counting stories" in (tmp_path / "c.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_bundled_sample_launches_are_one_story_each_and_top_their_weeks(tmp_path):
    """data/digests (benchmarks/generate_corpus.py, 60 days, default seed) plants GPT-6,
    Gemini 4 Ultra and Kimi K3: their launch coverage (the first 48 hours, which hold the
    36-hour plateau) is one story each, which holds little else and tops its week by spread."""
    from benchmarks.generate_corpus import generate

    truth = generate(tmp_path / "regenerated", days=60)["truth"]
    launches = [e for e in truth["events"] if e["kind"] == "launch"]
    assert [e["term"] for e in launches] == ["GPT-6", "Gemini 4 Ultra", "Kimi K3"]
    db = str(tmp_path / "sample.duckdb")
    shutil.copytree(PROJECT / "data" / "digests", tmp_path / "digests")
    ingest_paths([str(tmp_path / "digests")], db)
    enrich_entities(db)
    enrich_stories(db, backend=get_backend("use-multilingual"))
    with duckdb.connect(db, read_only=True) as con:
        for launch in launches:
            start = datetime.fromisoformat(launch["start"])
            stories = con.execute(
                """SELECT DISTINCT st.story_id FROM items i JOIN item_stories st USING (item_id)
                   WHERE strpos(i.headline, ?) > 0 AND i.published_at >= ? AND i.published_at < ?""",
                [launch["term"], start, start + timedelta(hours=48)],
            ).fetchall()
            assert len(stories) == 1, (launch["term"], stories)
            # ...and it holds little else: other news of the maker does not chain into it
            told, total = con.execute(
                """SELECT count(*) FILTER (WHERE strpos(i.headline, ?) > 0), count(*)
                   FROM items i JOIN item_stories st USING (item_id) WHERE st.story_id = ?""",
                [launch["term"], stories[0][0]],
            ).fetchone()
            assert told >= 0.85 * total, (launch["term"], told, total)
            monday = start.date() - timedelta(days=start.weekday())
            week = Filters(tz="+08:00", start=monday, end=monday + timedelta(days=6))
            top = top_stories(con, week, limit=1)
            assert int(top["story_id"].iloc[0]) == stories[0][0], (launch["term"], top)


def test_an_items_linking_term_is_the_product_its_headline_names_first(gold_db):
    from analysis.enrich.stories import StoryParams, load_signals

    db, _ = gold_db
    with duckdb.connect(db, read_only=True) as con:
        ids, _, signals = load_signals(
            con, "use-multilingual", "TRUE", [], StoryParams.from_settings().headline_weight
        )
        heads = dict(con.execute("SELECT item_id, headline FROM items").fetchall())
        first = dict(
            con.execute(
                """SELECT p.item_id, arg_min(lower(p.product), p.start) FROM item_products p
                   JOIN items i USING (item_id) WHERE p.start < length(i.headline)
                   GROUP BY p.item_id"""
            ).fetchall()
        )
    checked = 0
    for item, sig in zip(ids, signals, strict=True):
        if item in first:
            assert first[item] in sig.terms, heads[item]
            # every other product the item names is a model, not a linking term
            assert (sig.terms & sig.models) == {first[item]}, heads[item]
            checked += 1
    assert checked >= 10


def test_an_items_subjects_are_whose_news_its_headline_reports(tmp_path):
    from analysis.enrich.stories import StoryParams, embed_items, load_signals

    def item(headline, summary, url=None):
        return {
            "t": "2026-03-25T14:00:00+00:00",
            "s": "en-daily",
            "a": "Reuters",
            "u": url or f"https://www.reuters.com/{len(headline)}",
            "h": headline,
            "b": summary,
        }

    stories = [
        {
            "id": "subjects",
            "items": [
                item(
                    "Tencent-backed AI chipmaker Enflame nearly quadruples in Shanghai debut",
                    "Shares of **Enflame** rose on the STAR Market.",
                ),
                item(
                    "Kimi K3 is out on Hugging Face",
                    "Moonshot AI's **Kimi K3** weights are on the Hub.",
                ),
                item(
                    "Qwen3.6-Max成绩单：HLE超过DeepSeek-R3，仅次于Gemini 4 Pro",
                    "阿里称**Qwen3.6-Max**在HLE上超过DeepSeek-R3。",
                ),
                item(
                    "前OpenAI研究员创办的Lodestar Labs完成10亿美元种子轮融资",
                    "**Lodestar Labs**获英伟达和红杉投资。",
                ),
                item(
                    "Alibaba-backed PixVerse releases V6 video model",
                    "**PixVerse** V6 makes 20-second clips.",
                ),
                item(
                    "Claude Opus 5.5 is now available in Cursor",
                    "Pick **Claude Opus 5.5** in the model menu.",
                    url="https://x.com/cursor_ai/status/2046273782007226456",
                ),
                item(
                    "Moonshot's new open model claims an edge over OpenAI's latest",
                    "**Kimi K3.5** beats GPT-5.6 on tool-assisted reasoning.",
                ),
                item(
                    "K3.5成绩单：带工具HLE 52.1%超过GPT-5.6",
                    "**K3.5**在BrowseComp上开源第一。",
                ),
                item(
                    "Alibaba launches Qwen3.7-Max, says it beats Meta's new Llama",
                    "**Qwen3.7-Max** tops open models.",
                ),
                item("彭博社：软银洽谈领投Skild AI新一轮融资", "估值或超**300亿美元**。"),
                item(
                    "K3.5技术报告：HLE超过GPT-5.6",
                    "月之暗面披露**Kimi K3.5**的训练细节。",
                ),
                item(
                    "DeepSeek-V4.5发布两天后阿里云跟进降价",
                    "**通义千问**API最高降价六成。",
                ),
                item("Sora 3上线第二天就宕机", "**Sora**服务中断两小时。"),
                item("36氪独家｜元宝智能体将在微信内灰度", "腾讯**元宝**可直接调用小程序。"),
                item(
                    "The New York Times sues xAI over its journalism",
                    "The paper says **Grok** was trained on its articles.",
                ),
                item(
                    "Rokid's new AI glasses undercut Google's at under $420",
                    "**Rokid Glasses 2** weigh 46 grams.",
                ),
                item(
                    "上手Rokid Glasses 2：双目显示比谷歌眼镜的单目舒服",
                    "**双目显示**看字幕更舒服。",
                ),
                item(
                    "Alibaba's open coding model beats Anthropic's mid-tier Claude",
                    "**Qwen4-Coder** outscores Claude Sonnet 5.5.",
                ),
                item(
                    "Shanghai's MiniMax open-sources an agent model it says nears Claude",
                    "**MiniMax-M3.5** is open weights.",
                ),
                item(
                    "Texas sues Facebook parent, saying its chatbots posed as therapists",
                    "The suit targets **AI Studio** characters.",
                ),
                item(
                    "Kuaishou's new video model takes on OpenAI and Google",
                    "**Kling 3.5** makes two-minute clips.",
                ),
                item(
                    "TikTok owner answers DeepSeek with a cheaper flagship model",
                    "ByteDance's **Doubao-Seed-3.0** costs less per token.",
                ),
            ],
        }
    ]
    write_digests(tmp_path / "digests", stories)
    db = str(tmp_path / "subjects.duckdb")
    ingest_paths([str(tmp_path / "digests")], db)
    enrich_entities(db)
    embed_items(db, get_backend("use-multilingual"))
    with duckdb.connect(db, read_only=True) as con:
        ids, _, signals = load_signals(
            con, "use-multilingual", "TRUE", [], StoryParams.from_settings().headline_weight
        )
        heads = dict(con.execute("SELECT item_id, headline FROM items").fetchall())
    by_headline = {heads[i].split()[0]: s for i, s in zip(ids, signals, strict=True)}
    # a describing company (`Tencent-backed`) is no subject
    assert by_headline["Tencent-backed"].subjects == {"Enflame"}, by_headline["Tencent-backed"]
    # a headline that opens with a product is its maker's news
    assert "Moonshot AI" in by_headline["Kimi"].parties
    assert "Moonshot AI" in by_headline["Kimi"].subjects
    assert "NVIDIA" not in by_headline["Kimi"].parties
    # a company named only inside its model's name (`DeepSeek-R3`) is the rival compared with
    comparison = by_headline["Qwen3.6-Max成绩单：HLE超过DeepSeek-R3，仅次于Gemini"]
    assert comparison.subjects == {"Alibaba"}, comparison
    assert "DeepSeek" not in comparison.companies
    # the posting account (@cursor_ai) is a party, not a name in the headline: it neither
    # makes the item Cursor's event nor hides the maker of the model the headline opens with
    # a former employer describes the founders; the startup the table lacks is the subject,
    # not the investors the summary names
    assert by_headline["前OpenAI研究员创办的Lodestar"].subjects == frozenset()
    assert "NVIDIA" in by_headline["前OpenAI研究员创办的Lodestar"].parties
    # a describer does not come before the product either: the product's maker is the subject
    assert by_headline["Alibaba-backed"].subjects == {"AIsphere"}, by_headline["Alibaba-backed"]
    adoption = by_headline["Claude"]
    assert "Cursor" in adoption.parties
    assert adoption.subjects == {"Anthropic"}, adoption
    # what the news is measured against is no subject: a company after `edge over`, `beats`,
    # nor the maker of a product after `超过` (the table does not know a bare `K3.5`)
    assert by_headline["Moonshot's"].subjects == {"Moonshot AI"}, by_headline["Moonshot's"]
    assert "OpenAI" in by_headline["Moonshot's"].parties
    assert by_headline["K3.5成绩单：带工具HLE"].subjects == frozenset()
    assert by_headline["Alibaba"].subjects == {"Alibaba"}, by_headline["Alibaba"]
    assert by_headline["K3.5成绩单：带工具HLE"].lead == ""  # not the GPT-5.6 it beats
    # a version written alone names the model the item names in full (`K3.5` for Kimi K3.5)
    report = by_headline["K3.5技术报告：HLE超过GPT-5.6"]
    assert report.lead == "kimi k3.5" and report.subjects == {"Moonshot AI"}, report
    # a name in a clause dating the news by its own earlier event is not whose news it is,
    # unless no other company follows
    assert by_headline["DeepSeek-V4.5发布两天后阿里云跟进降价"].subjects == {"Alibaba Cloud"}
    assert by_headline["Sora"].subjects == {"OpenAI"}, by_headline["Sora"]
    # a news outlet reporting the news is not whose news it is; suing, it is
    assert by_headline["彭博社：软银洽谈领投Skild"].subjects == {"SoftBank", "Skild AI"}
    assert "Bloomberg" in by_headline["彭博社：软银洽谈领投Skild"].companies
    assert by_headline["36氪独家｜元宝智能体将在微信内灰度"].subjects == {"Tencent"}
    assert "The New York Times" in by_headline["The"].subjects
    # nor one it undercuts, nears or is better than (`比谷歌眼镜…舒服`), nor the product of a
    # company so compared (`beats Anthropic's mid-tier Claude`)
    assert by_headline["Rokid's"].subjects == {"Rokid"}, by_headline["Rokid's"]
    assert by_headline["上手Rokid"].subjects == {"Rokid"}, by_headline["上手Rokid"]
    assert by_headline["Alibaba's"].subjects == {"Alibaba"}, by_headline["Alibaba's"]
    assert by_headline["Alibaba's"].lead == "", by_headline["Alibaba's"]
    assert by_headline["Shanghai's"].lead == "", by_headline["Shanghai's"]
    # a product that names its maker (`Facebook parent`, `TikTok owner`) is no lead: the
    # maker's news is about something else
    assert by_headline["Texas"].subjects == {"Meta"}, by_headline["Texas"]
    assert by_headline["Texas"].lead == "", by_headline["Texas"]
    assert "ByteDance" in by_headline["TikTok"].subjects, by_headline["TikTok"]
    assert by_headline["TikTok"].lead == "", by_headline["TikTok"]
    # every company of a list measured against is (`takes on OpenAI and Google`)
    assert by_headline["Kuaishou's"].subjects == {"Kuaishou"}, by_headline["Kuaishou's"]

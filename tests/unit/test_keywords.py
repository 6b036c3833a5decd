"""Tokenizer candidates, keyword extraction and normalisation, the gold set and the benchmark's scoring."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib

import pytest
from conftest import DATA, GOOD_FIXTURES, PROJECT
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.enrich.embeddings import USE_MULTILINGUAL, clear_caches, get_backend
from analysis.enrich.keywords import (
    UNKEPT_TIER,
    ItemText,
    Keyword,
    bold_is_candidate,
    extract_keywords,
    marked_keyword_terms,
    normalize_keyword,
    rank_tier,
)
from analysis.enrich.reference import load_stopwords
from analysis.enrich.segmentation import (
    candidate_terms,
    is_generic_term,
    is_number_like,
    is_sentence_like,
    prepare_text,
    tokenize,
)
from analysis.ingest.parse import parse_digest

CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


def parsed(name: str):
    return parse_digest((DATA / name).read_bytes(), str(DATA / name))


def item_texts(name: str) -> list[ItemText]:
    return [ItemText.from_item(item) for item in parsed(name).items]


def text_of(doc: ItemText) -> str:
    return doc.headline + "\n" + doc.summary


def kept(term: str, origin: str = "keybert") -> bool:
    return rank_tier(Keyword(term, normalize_keyword(term), 1.0, origin)) < UNKEPT_TIER


def kept_candidates(doc: ItemText) -> int:
    return len(
        {
            normalize_keyword(c)
            for c in candidate_terms(text_of(doc))
            if not is_generic_term(c) and kept(c)
        }
    )


@pytest.fixture(scope="session")
def backend():
    return get_backend(USE_MULTILINGUAL)


@pytest.fixture(scope="session")
def reference_docs() -> list[ItemText]:
    return item_texts("reference_copy.md")


@pytest.fixture(scope="session")
def reference_keywords(backend, reference_docs) -> list[list[Keyword]]:
    return extract_keywords(reference_docs, backend)


@pytest.fixture(scope="session")
def fixture_docs() -> list[ItemText]:
    docs: list[ItemText] = []
    for name in GOOD_FIXTURES + ["2026-02-10-1200_filename_date.md", "gb18030.md"]:
        docs.extend(item_texts(name))
    return docs


def assert_not_junk(term: str, max_cjk: int | None = 8) -> None:
    assert term.strip() == term and term
    assert term.lower() not in load_stopwords(), term
    assert not is_number_like(term), term
    assert not re.fullmatch(r"[\W_]+", term), term
    assert not (len(term) == 1 and CJK.match(term)), term
    if max_cjk is not None:
        assert len(CJK.findall(term)) <= max_cjk, term


# ------------------------------------------------------------------ tokenizer


@pytest.mark.parametrize(
    "name, position, term",
    [
        ("reference_copy.md", 2, "Boston Dynamics"),
        ("reference_copy.md", 3, "Boston Dynamics"),
        ("reference_copy.md", 1, "Rubin GPU"),
        ("reference_copy.md", 1, "BlueField-4 DPU"),
        ("reference_copy.md", 1, "NVLink 6 Switch"),
        ("reference_copy.md", 1, "KV Cache"),
        ("reference_copy.md", 1, "Tensor Core"),
        ("reference_copy.md", 1, "Vera CPU"),
        ("reference_copy.md", 1, "CES 2026"),
        ("reference_copy.md", 2, "Google DeepMind"),
        ("reference_copy.md", 2, "Gemini Robotics"),
        ("reference_copy.md", 2, "Aaron Saunders"),
        ("reference_copy.md", 4, "Nested Learning"),
        ("reference_copy.md", 5, "Anish Acharya"),
        ("reference_copy.md", 9, "hf-mem"),
        ("title_stamp_only.md", 1, "Claude Opus 5"),
        ("no_author_multi_links.md", 1, "GPT-5.5"),
        ("bullets.md", 1, "Kimi K2.5"),
    ],
)
def test_latin_names_stay_whole(name, position, term):
    text = prepare_text(text_of(item_texts(name)[position - 1]))
    assert term in candidate_terms(text)
    spans = {(t.start, t.end) for t in tokenize(text)}
    occurrences = [m.span() for m in re.finditer(re.escape(term), text)]
    assert occurrences
    for span in occurrences:  # every occurrence is exactly one token
        assert span in spans, f"{term!r} at {span} is not one token"


def test_known_chinese_names_are_one_token():
    words = [t.text for t in tokenize("英伟达与波士顿动力、字节跳动、通义千问和月之暗面合作")]
    for name in ["英伟达", "波士顿动力", "字节跳动", "通义千问", "月之暗面"]:
        assert name in words
    assert "英" not in words and "伟达" not in words


def test_full_width_text_is_normalised():
    candidates = candidate_terms("ＮＶＩＤＩＡ发布Ｒｕｂｉｎ　ＧＰＵ")
    assert "NVIDIA" in candidates
    assert "Rubin GPU" in candidates


def test_numbers_units_and_percentages_are_not_candidates():
    candidates = candidate_terms(
        "最大承重50公斤，100亿参数，2026年发布，900万次下载，增长100%，售价9.9万元，"
        "第六代产品，成本仅为十分之一，16TB KV Cache，raised $1.7 billion"
    )
    for junk in [
        "50",
        "公斤",
        "50公斤",
        "100亿",
        "亿",
        "2026",
        "2026年",
        "万次",
        "100%",
        "万元",
        "第六代",
        "十分之一",
        "16TB",
        "1.7",
        "billion",
    ]:
        assert junk not in candidates
    assert "KV Cache" in candidates and "参数" in candidates


def test_english_sentences_are_split_into_short_terms():
    text = (
        "The company said that the new model will be available to all users in the United States "
        "next month, and OpenAI Chief Executive Officer Sam Altman Jensen Huang Lisa Su agreed."
    )
    candidates = candidate_terms(text)
    assert all(len(c.split()) <= 4 for c in candidates)
    for word in ["the", "The", "that", "will", "to", "in", "and", "Chief"]:
        assert word not in candidates
    assert "United States" in candidates and "OpenAI" in candidates


def test_no_compound_starts_inside_same_size():
    # 同尺寸 is one word ("of the same size"): the phrase is 开源模型, not 尺寸开源模型;
    # the conjunction 同 ("with") still leaves the next word free.
    candidates = candidate_terms("性能超过同尺寸开源模型，同级别旗舰模型也不及它")
    assert "开源模型" in candidates and "旗舰模型" in candidates
    assert "尺寸开源模型" not in candidates and "级别旗舰模型" not in candidates
    assert "芯片厂商" in candidate_terms("公司同芯片厂商签约")


def test_names_are_split_at_organisations_and_roles():
    candidates = candidate_terms("NVIDIA GR00T数据集，Aaron Saunders（前Boston Dynamics CTO）")
    assert {"NVIDIA", "GR00T", "Boston Dynamics"} <= set(candidates)
    assert "NVIDIA GR00T" not in candidates and "Boston Dynamics CTO" not in candidates


def test_chinese_compounds_and_caps():
    candidates = candidate_terms(
        "Boston Dynamics的人形机器人开源了机器人数据集，这是一个非常非常长的句子但不是关键词"
    )
    assert "人形机器人" in candidates
    assert "机器人数据集" in candidates
    assert all(len(CJK.findall(c)) <= 8 for c in candidates)


def test_candidates_of_every_fixture_are_clean(fixture_docs):
    for doc in fixture_docs:
        candidates = candidate_terms(text_of(doc))
        assert len(candidates) == len(set(candidates))
        for term in candidates:
            assert_not_junk(term)


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("英伟达发布了芯片的 Rubin GPU-4.5 2026年，。“”hf-mem ＮＶＩＤＩＡ100%亿")
        ),
        max_size=60,
    )
)
def test_candidate_terms_is_total_and_clean(text):
    for term in candidate_terms(text):
        assert_not_junk(term)


# ------------------------------------------------------------------ normalisation


def test_normalize_keyword_merges_organisation_aliases():
    forms = {
        normalize_keyword(t)
        for t in ["英伟达", "NVIDIA", "Nvidia", "nvidia", "ＮＶＩＤＩＡ", " 英伟达 "]
    }
    assert forms == {"nvidia"}
    assert normalize_keyword("谷歌") == normalize_keyword("Google") == "google"
    assert normalize_keyword("DeepMind") == "google deepmind"
    assert normalize_keyword("字节") == normalize_keyword("字节跳动")
    # an organisation's X or GitHub handle, as digests cite it, is that organisation
    assert normalize_keyword("ArtificialAnlys") == normalize_keyword("@artificialanlys")
    assert normalize_keyword("ArtificialAnlys") == "artificial analysis"
    assert rank_tier(Keyword("ArtificialAnlys", "artificial analysis", 0.5, "keybert")) == 2


def test_normalize_keyword_keeps_products_and_cleans_surface():
    assert normalize_keyword("Rubin GPU") == "rubin gpu"
    assert normalize_keyword("通义千问") == "通义千问"  # a product, not its maker
    assert normalize_keyword("“Nested Learning”") == "nested learning"
    assert normalize_keyword("《人工智能法案》") == "人工智能法案"
    assert normalize_keyword("  Claude   Opus 5 ") == "claude opus 5"
    assert normalize_keyword("Orbit™") == "orbit"


# ------------------------------------------------------------------ extraction


def test_reference_items_get_up_to_8_clean_keybert_keywords(reference_docs, reference_keywords):
    for doc, rows in zip(reference_docs, reference_keywords, strict=True):
        keybert = [r for r in rows if r.origin == "keybert"]
        # MMR picks twice as many, so rows left out for their tier leave room for others
        assert min(5, kept_candidates(doc)) <= len(keybert) <= 8
        assert all(rank_tier(r) < UNKEPT_TIER for r in rows)
        # Rows come in rank order: by tier (names first), then by score.
        ranks = [(rank_tier(r), -r.score) for r in rows]
        assert ranks == sorted(ranks)
        assert len({r.keyword_norm for r in keybert}) == len(keybert)
        for row in keybert:
            assert_not_junk(row.keyword)
            assert not is_sentence_like(row.keyword)
            assert row.keyword_norm == normalize_keyword(row.keyword)
            assert row.keyword not in {"Boston", "Dynamics", "Rubin GPU（引入NVFP4"}


def test_bold_terms_are_rows_with_origin_bold(reference_docs, reference_keywords):
    for doc, rows in zip(reference_docs, reference_keywords, strict=False):
        bold = [r.keyword for r in rows if r.origin == "bold"]
        assert bold == marked_keyword_terms(doc)
        assert all(r.score == 1.0 for r in rows if r.origin == "bold")
    item4 = reference_keywords[3]
    sentence = "Nested Learning: The Illusion of Deep Learning Architecture"
    # A bold sentence is never a keyword row itself: its names are.
    assert not any(r.keyword == sentence for r in item4)
    item1 = [r.keyword for r in reference_keywords[0] if r.origin == "bold"]
    assert "Alpamayo" in item1 and "Alpamayo机器人及自动驾驶VLA模型" not in item1
    item5 = reference_keywords[4]
    assert not any(
        r.keyword == "AI应用层不会被大模型公司吞噬" and r.origin == "keybert" for r in item5
    )


def test_a_name_the_digest_quotes_is_marked_like_a_bold_one_and_quoted_speech_is_not():
    doc = ItemText(
        "Claude Code 上线“智能体团队”功能",
        "Sora 应用支持“客串”（Cameo）；奥特曼说“我们会做一些非常新的事情，敬请期待”。"
        "他称“DeepSeek 时刻又来了”。",
        ["Claude Code"],
    )
    assert marked_keyword_terms(doc) == ["Claude Code", "智能体团队", "客串", "DeepSeek"]
    # a quoted clause yields the name inside it, as a bold one does; speech yields nothing
    rows = extract_keywords([doc], get_backend(USE_MULTILINGUAL))[0]
    marked = [r.keyword for r in rows if r.origin == "bold"]
    # an organisation's own name is no keyword row: the Companies page counts it
    assert marked == ["Claude Code", "智能体团队", "客串"]
    assert "DeepSeek" not in {r.keyword for r in rows}
    assert rank_tier(next(r for r in rows if r.keyword == "客串")) == 0


def test_whole_sentence_bold_terms_are_never_candidates():
    assert not bold_is_candidate("Nested Learning: The Illusion of Deep Learning Architecture")
    assert not bold_is_candidate("AI应用层不会被大模型公司吞噬")
    assert not bold_is_candidate("AI的普及是一个协调问题")
    assert not bold_is_candidate("做什么")
    assert bold_is_candidate("Rubin芯片架构")
    assert bold_is_candidate("多时间尺度更新")


def test_other_fixtures_keep_the_invariants(backend, fixture_docs):
    for doc, rows in zip(fixture_docs, extract_keywords(fixture_docs, backend), strict=False):
        keybert = [r for r in rows if r.origin == "keybert"]
        assert min(5, kept_candidates(doc)) <= len(keybert) <= 8
        for row in rows:
            assert_not_junk(row.keyword, max_cjk=None if row.origin == "bold" else 8)
        for row in keybert:
            assert not is_sentence_like(row.keyword)
        assert [r.keyword for r in rows if r.origin == "bold"] == [
            t for t in marked_keyword_terms(doc) if kept(t, "bold")
        ]


def test_names_come_out_whole(reference_keywords):
    everything = {r.keyword for rows in reference_keywords for r in rows}
    assert everything & {
        "Boston Dynamics",
        "Google DeepMind",
        "Rubin GPU",
        "hf-mem",
        "Gemini Robotics",
    }
    assert not everything & {"Boston", "Dynamics", "Google", "DeepMind", "hf", "mem"}


def test_one_embed_call_per_batch_and_none_for_a_repeat(backend, reference_docs):
    clear_caches()
    calls, texts = backend.calls, backend.texts_embedded
    first = extract_keywords(reference_docs, backend)
    assert backend.calls == calls + 1
    embedded_first = backend.texts_embedded - texts
    assert embedded_first > len(reference_docs)  # documents and candidates together
    second = extract_keywords(reference_docs, backend)
    assert backend.calls == calls + 1  # everything cached
    assert second == first


def test_candidates_are_not_re_embedded_for_new_documents(backend, reference_docs):
    from analysis.enrich.embeddings import DOC_CACHE

    extract_keywords(reference_docs, backend)
    DOC_CACHE.clear()  # as if the same items came back with another document cache
    calls, texts = backend.calls, backend.texts_embedded
    extract_keywords(reference_docs, backend)
    assert backend.calls == calls + 1
    assert backend.texts_embedded - texts == len(reference_docs)  # only the documents


def test_single_document_empty_batch_and_no_candidates(backend):
    assert extract_keywords([], backend) == []
    one = extract_keywords(
        [ItemText("Anthropic发布Claude Opus 5", "Anthropic推出Claude Opus 5。", ["Claude Opus 5"])],
        backend,
    )
    assert len(one) == 1
    assert {r.keyword for r in one[0] if r.origin == "keybert"} == {"Claude Opus 5"}
    assert [(r.keyword, r.origin) for r in one[0] if r.origin == "bold"] == [
        ("Claude Opus 5", "bold")
    ]
    nothing = extract_keywords(
        [ItemText("。。。", "", []), ItemText("2026年", "100%", ["50公斤"])], backend
    )
    assert nothing == [[], []]
    mixed = extract_keywords(
        [ItemText("。。。", "", []), ItemText("英伟达发布Rubin GPU", "", [])], backend
    )
    assert mixed[0] == [] and {r.keyword for r in mixed[1]} >= {"Rubin GPU"}


# ------------------------------------------------------------------ gold set and benchmark scoring


def load_bench():
    spec = importlib.util.spec_from_file_location(
        "bench_keywords", PROJECT / "benchmarks" / "bench_keywords.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_gold_set_is_well_formed():
    raw = tomllib.loads((DATA / "gold_keywords.toml").read_text(encoding="utf-8"))
    assert len(raw["item"]) >= 30
    bench = load_bench()
    items = bench.load_gold()
    assert len(items) == len(raw["item"])
    assert sum(1 for i in items if i.label.startswith("reference_copy.md")) == 9
    for item in items:
        assert item.doc.headline and item.doc.summary and item.gold
        assert len(set(item.gold)) == len(item.gold)


def test_benchmark_matching_rule_and_scores_on_a_hand_example():
    bench = load_bench()
    assert bench.keyword_matches("rubin", "rubin gpu")
    assert bench.keyword_matches("人形机器人", "atlas全电动人形机器人")
    assert bench.keyword_matches("nvidia", "nvidia")
    assert not bench.keyword_matches("ai", "ai应用")  # too short to count as containment
    assert not bench.keyword_matches("gpu", "rubin cpu")
    assert not bench.keyword_matches("", "x")

    predicted = ["英伟达", "Rubin", "液冷", "AI", "发布会", "Vera CPU"]
    gold = ["NVIDIA", "Rubin GPU", "Vera CPU", "HBM4"]
    score = bench.score_item(predicted, gold, k=5)
    # top 5: nvidia = NVIDIA (alias), rubin ⊂ rubin gpu, 液冷, ai, 发布会 → 2 of 5
    assert (score.hits_at_k, score.considered_at_k) == (2, 5)
    # recall uses every prediction: NVIDIA, Rubin GPU, Vera CPU found; HBM4 not → 3 of 4
    assert (score.gold_found, score.gold_total) == (3, 4)
    short = bench.score_item(["Claude Opus 5", "发布"], ["Claude Opus 5"], k=5)
    assert (short.hits_at_k, short.considered_at_k, short.gold_found) == (1, 2, 1)
    summary = bench.aggregate([score, short, bench.score_item([], ["x"], k=5)])
    assert summary["precision_at_k"] == pytest.approx((2 / 5 + 1 / 2) / 2)
    assert summary["recall"] == pytest.approx((3 / 4 + 1 + 0) / 3)


def test_an_items_keywords_depend_on_the_item_and_the_lexicon_only(backend):
    """Not on what this process computed before (another database, an earlier batch): the
    cause of a resumed build differing from a fresh one in the same test session."""
    item = ItemText("智谱推出视频生成模型", "新版视频生成模型在长镜头中的表现更稳定，生成速度提升")
    # Another corpus whose digests bold odd fragments of the same words.
    other = ItemText(
        "视频生成市场升温", "多家公司推出**成模**和**生成速**产品", ["成模", "生成速", "长镜"]
    )
    alone = extract_keywords([item], backend)
    extract_keywords([other], backend)
    assert extract_keywords([item], backend) == alone

    lexicon = ["视频生成", "长镜头"]
    with_lexicon = extract_keywords([item], backend, lexicon=lexicon)
    extract_keywords([other, item], backend, lexicon=["成模", "生成速", "长镜"])
    assert extract_keywords([item], backend, lexicon=lexicon) == with_lexicon


def test_the_corpus_lexicon_does_not_depend_on_the_marked_terms_in_use():
    from analysis.enrich.keywords import lexicon_of
    from analysis.enrich.segmentation import use_marked_terms

    bold, tags, headlines = (
        ["**聊天机器人**市场", "多轮对话"],
        ["#具身智能"],
        ["宇树科技发布人形机器人"],
    )
    clean = lexicon_of(bold, tags, headlines)
    use_marked_terms(["机器人市场", "多轮", "聊天"])
    assert lexicon_of(bold, tags, headlines) == clean
    assert {"具身智能", "宇树科技"} <= set(clean)


def test_rows_a_trend_is_not_made_of_are_not_kept_and_others_take_their_place(backend):
    from analysis.enrich.segmentation import is_measure_phrase

    doc = ItemText(
        "英伟达发布Rubin GPU，参数规模提升3倍",
        "NVIDIA 称 Rubin GPU 的参数量、下载量与成功率均创新高；微软、谷歌和 Meta 将率先部署"
        " Vera CPU 与 NVLink 6 Switch，液冷机柜 Kyber 同步亮相。",
        ["NVIDIA"],
    )
    rows = extract_keywords([doc], backend, top_n=3)[0]
    names = {r.keyword for r in rows}
    # organisations are the Companies page's, measures name no trend
    assert not names & {"NVIDIA", "英伟达", "微软", "谷歌", "Meta", "参数规模", "参数量", "下载量"}
    assert "Rubin GPU" in names
    # MMR picks more than top_n, so what is left out leaves room: still 3 KeyBERT rows
    assert len([r for r in rows if r.origin == "keybert"]) == 3
    assert is_measure_phrase("参数规模") and is_measure_phrase("成功率")
    assert not is_measure_phrase("世界模型") and not is_measure_phrase("率先")

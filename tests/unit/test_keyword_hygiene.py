"""Keyword hygiene: bold spans without markup, balanced brackets, clauses giving their names,
short keywords everywhere (the hostile corpus and the real-shaped gold set), and a cache key
that covers every input."""

from __future__ import annotations

import re

import pytest
from hostile import write_hostile_corpus
from test_embeddings import HashBackend

from analysis.enrich.keywords import (
    ItemText,
    bold_keyword_terms,
    extract_keywords,
    keyword_cache_key,
    strip_markup,
)
from analysis.enrich.pipeline import MAX_HEADLINE_CHARS, MAX_SUMMARY_CHARS
from analysis.ingest.parse import parse_digest
from benchmarks.gold_real import load_gold_real

_PAIRS = {"(": ")", "（": "）", "[": "]", "【": "】", "《": "》", "{": "}"}


def balanced(text: str) -> bool:
    stack = []
    for ch in text:
        if ch in _PAIRS:
            stack.append(_PAIRS[ch])
        elif ch in _PAIRS.values() and (not stack or stack.pop() != ch):
            return False
    return not stack


def word_count(text: str) -> int:
    """Latin words, plus Chinese counted as one word per two characters (rounded up)."""
    latin = len(re.findall(r"[A-Za-z0-9]+(?:[-.'][A-Za-z0-9]+)*", text))
    cjk = len(re.findall("[\u3400-\u4dbf\u4e00-\u9fff]", text))
    return latin + (cjk + 1) // 2


def assert_clean(keyword: str, where: str) -> None:
    assert "](" not in keyword and "[" not in keyword and "]" not in keyword, (where, keyword)
    assert not re.search(r"https?:|www\.", keyword, re.IGNORECASE), (where, keyword)
    assert balanced(keyword), (where, keyword)
    assert word_count(keyword) <= 8, (where, keyword)


@pytest.mark.parametrize(
    ("bold", "expected"),
    [
        ("[爱窝啦 Aivora](https://github.com/aivora-ai/aivora)", ["爱窝啦 Aivora"]),
        ("爱窝啦 Aivora](https://aivora.cn)", ["爱窝啦 Aivora"]),
        ("Dify](https://github.com/langgenius/dify)", ["Dify"]),
        ("Agent 式编程 (agentic coding", ["Agent 式编程", "agentic coding"]),
        ("Agent 式编程 (agentic coding)", ["Agent 式编程", "agentic coding"]),
        ("Cloudflare 发布 AI 爬虫按次付费（Pay per crawl）", ["Cloudflare", "Pay per crawl"]),
        ("OpenAI 发布 Sora 2", ["OpenAI", "Sora 2"]),
        ("GRPO 显存占用再降 90%", ["GRPO"]),
        ("AI的普及是一个协调问题", []),
        ("📬 订阅我们", ["订阅我们"]),
        ("模型", []),
        ("Claude Opus 4.6", ["Claude Opus 4.6"]),
        ("Claude for Chrome", ["Claude for Chrome"]),
    ],
)
def test_bold_terms_become_clean_terms(bold, expected):
    assert bold_keyword_terms([bold]) == expected


def test_a_bold_clause_gives_its_names_not_itself():
    # Which fixed terms a clause holds depends on the terms digests marked so far (软件团队
    # may be one), so only the name and the absence of the clause are asserted.
    terms = bold_keyword_terms(["Agent 式编程 (agentic coding 正在改变软件团队的分工"])
    assert terms[0] == "Agent 式编程"
    assert not any("正在" in t or "coding 正在" in t for t in terms)


def test_markup_is_stripped_but_link_texts_stay():
    assert (
        strip_markup("看 [Genie 3](https://deepmind.google/x) 与 ![图](a.png)")
        == "看 Genie 3 与 图"
    )
    assert strip_markup("第一行 https://x.com/a\n第二行 `code` <br/>") == "第一行\n第二行 code"


def _hostile_docs(tmp_path) -> list[tuple[str, ItemText]]:
    write_hostile_corpus(tmp_path, big_file_mb=1)
    docs = []
    for path in sorted(p for p in tmp_path.rglob("*") if p.is_file()):
        if path.stat().st_size > 2_000_000:
            continue
        result = parse_digest(path.read_bytes(), str(path))
        for item in result.items[:40]:
            doc = ItemText.from_item(item)
            doc = ItemText(
                doc.headline[:MAX_HEADLINE_CHARS], doc.summary[:MAX_SUMMARY_CHARS], doc.bold_terms
            )
            docs.append((f"{path.name}#{item.position}", doc))
    return docs


@pytest.mark.slow
def test_no_keyword_with_markup_brackets_or_too_many_words(tmp_path):
    labelled = _hostile_docs(tmp_path)
    labelled += [
        (g.label, ItemText(g.headline, g.summary, g.bold_terms, g.tags)) for g in load_gold_real()
    ]
    assert len(labelled) > 500
    backend = HashBackend()
    for start in range(0, len(labelled), 256):
        chunk = labelled[start : start + 256]
        for (label, _), rows in zip(
            chunk, extract_keywords([d for _, d in chunk], backend), strict=True
        ):
            for row in rows:
                assert_clean(row.keyword, label)


def test_cache_key_covers_bold_terms_and_text():
    same_text = ("英伟达发布 Rubin 芯片", "Rubin 采用新架构。")
    a = ItemText(*same_text, ["Rubin"])
    b = ItemText(*same_text, ["新架构"])
    assert keyword_cache_key(a) != keyword_cache_key(b)
    assert keyword_cache_key(a) == keyword_cache_key(ItemText(*same_text, ["Rubin"]))
    assert keyword_cache_key(a) != keyword_cache_key(ItemText(same_text[0], "", ["Rubin"]))
    assert keyword_cache_key(a) != keyword_cache_key(a, ["新架构"])  # a marked term in the text
    rows_a, rows_b = extract_keywords([a, b], HashBackend())
    bold_a = {r.keyword for r in rows_a if r.origin == "bold"}
    bold_b = {r.keyword for r in rows_b if r.origin == "bold"}
    assert bold_a == {"Rubin"} and bold_b == {"新架构"}


def test_everyday_chinese_words_rank_after_domain_terms():
    from analysis.enrich.keywords import Keyword, rank_tier
    from analysis.enrich.segmentation import is_general_vocabulary

    assert is_general_vocabulary("达成协议") and is_general_vocabulary("合作伙伴")
    assert not is_general_vocabulary("上下文工程") and not is_general_vocabulary("编程智能体")
    # shorter dictionary words and the domain lexicon's terms keep their tier
    assert not any(is_general_vocabulary(w) for w in ("光刻机", "半导体", "无人机", "人工智能"))
    everyday = Keyword("达成协议", "达成协议", 0.5, "keybert")
    domain = Keyword("上下文工程", "上下文工程", 0.1, "keybert")
    marked = Keyword("达成协议", "达成协议", 1.0, "bold")
    assert rank_tier(domain) < rank_tier(everyday) == 2
    assert rank_tier(marked) == 0


def test_how_a_product_is_offered_is_no_keyword_of_it():
    from analysis.enrich.segmentation import is_generic_term

    for word in ("一键", "主打", "接入", "盘中"):
        assert is_generic_term(word), word
    # a longer term that contains one still is a keyword
    assert not is_generic_term("一键部署")
    assert not is_generic_term("概念股")

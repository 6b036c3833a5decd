"""The real-shaped gold set has the size, mix and form tests/data/GOLD.md promises."""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.gold_real import LANGUAGES, SHAPES, load_gold_real

GENERIC = {"模型", "工具", "性能", "开发者", "api", "ai", "用户", "成员", "讨论", "开源", "大模型"}


@pytest.fixture(scope="module")
def gold():
    return load_gold_real()


def test_size_and_language_mix(gold):
    languages = Counter(item.lang for item in gold)
    assert len(gold) >= 160
    assert languages["zh"] >= 60
    assert languages["en"] >= 35
    assert set(languages) <= LANGUAGES


def test_every_shape_is_present(gold):
    assert {item.shape for item in gold} == SHAPES


def test_gold_lists_are_well_formed(gold):
    for item in gold:
        assert item.headline, item.label
        if item.is_boilerplate:
            assert not (item.keywords or item.companies or item.models), item.label
            continue
        assert 3 <= len(item.keywords) <= 8, item.label
        assert not GENERIC & {k.casefold() for k in item.keywords}, item.label
        assert len(set(item.keywords)) == len(item.keywords), item.label
        for model in item.models:
            assert model.name and model.family, item.label


def test_text_is_stored_as_the_parser_would(gold):
    by_headline = {item.headline: item for item in gold}
    aivora = by_headline["爱窝啦 Aivora 登上 GitHub 趋势榜，一周获 6.3k 星。"]
    assert aivora.bold_terms == ["[爱窝啦 Aivora](https://github.com/aivora-ai/aivora)", "MCP"]
    dify = by_headline["Dify 发布 1.9 版本，新增知识流水线与队列化工作流。"]
    assert dify.bold_terms[0] == "Dify](https://github.com/langgenius/dify)"
    assert all("](" not in item.headline + item.summary for item in gold)

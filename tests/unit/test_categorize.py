"""Category assignment by embedding similarity to the bilingual taxonomy."""

from __future__ import annotations

import pytest
from conftest import DATA

from analysis.enrich.categorize import METHOD_DECLARED, METHOD_TAXONOMY, assign_categories
from analysis.enrich.embeddings import USE_MULTILINGUAL, clear_caches, get_backend
from analysis.enrich.keywords import ItemText
from analysis.enrich.reference import load_categories
from analysis.ingest.parse import parse_digest

TAXONOMY = {c.name for c in load_categories()}


def parsed(name: str):
    result = parse_digest((DATA / name).read_bytes(), str(DATA / name))
    return [ItemText.from_item(i) for i in result.items], result.digest.categories


@pytest.fixture(scope="session")
def backend():
    return get_backend(USE_MULTILINGUAL)


@pytest.fixture(scope="session")
def reference():
    return parsed("reference_copy.md")


@pytest.fixture(scope="session")
def reference_declared(backend, reference):
    docs, declared = reference
    return assign_categories(docs, [declared] * len(docs), backend)


def names(result) -> list[str]:
    return [category for category, _, _ in result]


def test_declared_items_choose_among_their_declared_categories(reference, reference_declared):
    _, declared = reference
    for result in reference_declared:
        assert 1 <= len(result) <= 2
        assert set(names(result)) <= set(declared)
        assert all(method == METHOD_DECLARED for _, _, method in result)
        scores = [score for _, score, _ in result]
        assert scores == sorted(scores, reverse=True)


def test_atlas_humanoid_is_robotics(reference_declared):
    assert names(reference_declared[2])[0] == "Robotics"


def test_nested_learning_paper_is_research(reference_declared):
    assert names(reference_declared[3])[0] == "Research"


def test_rubin_chips_item_is_hardware(backend, reference):
    """Item 1 is about the Rubin chip platform AND the Alpamayo robot/driving VLA model.

    Among the five declared categories the model puts Robotics first (the VLA
    model and Reachy Mini robot) and Hardware second, ahead of AI News,
    Research and Industry Trends; with two categories allowed, Hardware is one.
    """
    docs, declared = reference
    result = assign_categories(docs[:1], [declared], backend, max_categories=2, margin=1.0)[0]
    assert "Hardware" in names(result)
    ranked = assign_categories(docs[:1], [declared], backend, max_categories=5, margin=1.0)[0]
    assert names(ranked).index("Hardware") < min(
        names(ranked).index(n) for n in ["AI News", "Research", "Industry Trends"]
    )


def test_items_without_declared_categories_get_taxonomy_categories(backend):
    docs, _ = parsed("headings.md")
    results = assign_categories(docs, [[], []], backend)
    for result in results:
        assert result and set(names(result)) <= TAXONOMY
        assert all(method == METHOD_TAXONOMY for _, _, method in result)
    assert names(results[0])[0] == "Robotics"  # 宇树科技 G2 humanoid robot
    policy_docs, _ = parsed("toml_front.md")
    assert names(assign_categories(policy_docs, [[]], backend)[0])[0] == "Policy"  # 欧盟AI法案


def test_declared_names_match_chinese_labels_and_unknown_names_are_embedded(backend):
    docs, _ = parsed("headings.md")
    by_label = assign_categories(docs, [["机器人", "政策监管"]] * 2, backend)
    assert [names(r)[0] for r in by_label] == ["Robotics", "Robotics"]  # canonical names come back
    unknown = assign_categories(docs[1:], [["Embodied AI", "Policy"]], backend)[0]
    assert names(unknown)[0] == "Embodied AI"  # Figure AI household robot


def test_max_categories_and_margin(backend, reference):
    docs, declared = reference
    one = assign_categories(docs, [declared] * len(docs), backend, max_categories=1)
    assert all(len(r) == 1 for r in one)
    exact = assign_categories(docs, [declared] * len(docs), backend, margin=0.0)
    assert all(len(r) == 1 for r in exact)
    wide = assign_categories(docs, [declared] * len(docs), backend, max_categories=3, margin=1.0)
    assert all(len(r) == 3 for r in wide)


def test_documents_and_categories_are_embedded_once(backend, reference):
    docs, declared = reference
    clear_caches()
    assign_categories(docs, [declared] * len(docs), backend)
    calls = backend.calls
    assign_categories(docs, [[]] * len(docs), backend)
    assert backend.calls == calls  # category and document embeddings are cached


def test_edge_cases(backend):
    assert assign_categories([], [], backend) == []
    with pytest.raises(ValueError):
        assign_categories([ItemText("a", "b")], [], backend)
    result = assign_categories([ItemText("", "", [])], [[" ", ""]], backend)[0]
    assert result and result[0][2] == METHOD_TAXONOMY  # blank declared names count as none


# ------------------------------------------------------------------ evidence and source labels


def test_source_labels_are_removed_before_the_classifier():
    from analysis.enrich.categorize import classifier_text

    assert classifier_text("英伟达发布新芯片。 消息来源") == "英伟达发布新芯片。"
    assert classifier_text("谷歌推出新模型（来源：量子位）") == "谷歌推出新模型"
    assert classifier_text("A new model ships. Source: The Verge") == "A new model ships."
    assert classifier_text("OpenAI 上线新功能 via @sama") == "OpenAI 上线新功能"
    assert classifier_text("数据来源于公开数据集。") == "数据来源于公开数据集。"  # prose stays
    assert classifier_text("腾讯发布混元 T2 36氪", source_label="36氪") == "腾讯发布混元 T2"


SOURCE_LABEL_ITEMS = [
    "英伟达发布新一代推理芯片，性能提升三倍",
    "欧盟通过人工智能法案修订版，明年生效",
    "某机器人公司完成十亿元融资，用于量产人形机器人",
    "谷歌推出新的多模态大模型，支持视频理解",
    "自动驾驶公司在北京开展无人出租车测试",
]


def test_a_source_label_does_not_send_items_to_open_source(backend):
    plain = [ItemText(h, h) for h in SOURCE_LABEL_ITEMS]
    labelled = [ItemText(h, h + " 消息来源") for h in SOURCE_LABEL_ITEMS]
    without = assign_categories(plain, [[]] * len(plain), backend)
    with_label = assign_categories(labelled, [[]] * len(labelled), backend)
    assert [names(r) for r in with_label] == [names(r) for r in without]
    assert not any("Open Source" in names(r)[:1] for r in with_label)


def test_section_headings_and_tags_count_as_evidence(backend):
    doc = ItemText("某公司发布新版本", "该公司今天发布了新版本，带来多项更新。")
    base = names(assign_categories([doc], [[]], backend)[0])[0]
    by_section = {
        section: names(assign_categories([doc], [[]], backend, sections=[section])[0])[0]
        for section in ("开源项目", "投融资动态", "机器人")
    }
    assert by_section == {"开源项目": "Open Source", "投融资动态": "Funding", "机器人": "Robotics"}
    tagged = assign_categories([doc], [[]], backend, tags=[["#Robotics", "#humanoid"]])[0]
    assert names(tagged)[0] == "Robotics"
    assert sum(found != base for found in by_section.values()) >= 2  # the heading decided

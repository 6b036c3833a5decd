"""Segmentation keeps new names whole and cuts glued Latin names apart."""

from __future__ import annotations

from analysis.enrich.keywords import ItemText, digest_marked_terms
from analysis.enrich.segmentation import _resources, candidate_terms, tokenize, use_marked_terms


def test_marked_terms_stay_whole_everywhere():
    text = "这款聊天机器人支持多轮对话"
    use_marked_terms(["聊天机器人"])
    assert "聊天机器人" in candidate_terms(text)
    assert "机器人" not in candidate_terms(text)


def test_marked_terms_of_an_earlier_lexicon_leave_no_trace():
    text = "这款聊天机器人支持多轮对话，视频生成模型同日上线"
    use_marked_terms([])
    jieba = _resources().jieba
    before = (
        candidate_terms(text),
        jieba.total,
        {w: jieba.FREQ.get(w) for w in ("聊天机器人", "视频生成", "机器人")},
    )
    assert use_marked_terms(["聊天机器人", "视频生成", "机器人", "的"]) == {
        "聊天机器人",
        "视频生成",
        "机器人",
    }
    assert candidate_terms(text) != before[0]
    assert use_marked_terms(["视频生成"]) == {"视频生成"}
    assert "聊天机器人" not in [token.text for token in tokenize(text)]
    use_marked_terms([])
    after = (candidate_terms(text), jieba.total, {w: jieba.FREQ.get(w) or None for w in before[2]})
    assert after == (before[0], before[1], {w: f or None for w, f in before[2].items()})


def test_no_words_cut_across_boundaries():
    terms = candidate_terms(
        "研究者在多款 AI 浏览器的漏洞中有了新发现，让人写代码更快的国产编程工具"
    )
    assert not {"漏洞中有", "中有", "人写代码", "国产编程"} & set(terms)
    assert "漏洞" in terms and "浏览器" in terms


def test_person_names_jieba_does_not_know_survive():
    assert "黄仁勋" in candidate_terms("黄仁勋在发布会上表示")


def test_glued_latin_names_split_at_a_known_name():
    names = [t.text for t in tokenize("OpenAIGPT-5.2 与 NVIDIAGB200 发布") if t.kind == "name"]
    assert names == ["OpenAI", "GPT-5.2", "NVIDIA", "GB200"]
    camel = [t.text for t in tokenize("DeepSeek 与 LangChain 和 AppleScript") if t.kind == "name"]
    assert camel == ["DeepSeek", "LangChain", "AppleScript"]


def test_a_chinese_name_keeps_its_version():
    assert "文心 5.0" in candidate_terms("百度发布文心 5.0，身高 1.8 米")
    assert "身高 1.8" not in candidate_terms("百度发布文心 5.0，身高 1.8 米")


def test_digests_mark_bold_terms_tags_and_headline_subjects():
    doc = ItemText("零一万物发布万智平台", "", ["[爱窝啦](https://x.cn)"], ["#具身智能"])
    assert digest_marked_terms(doc) == ["爱窝啦", "具身智能", "零一万物"]


def test_an_ampersand_between_names_stays_inside_the_name():
    assert candidate_terms("Weights & Biases 发布 Weave 在线评估")[:2] == [
        "Weights & Biases",
        "Weave",
    ]
    assert "Procter & Gamble" in candidate_terms("Procter & Gamble uses AI")
    assert candidate_terms("cats & dogs") == ["cats", "dogs"]
    assert candidate_terms("OpenAI & Microsoft 宣布合作")[:2] == ["OpenAI", "Microsoft"]
    # two people, or a company and a person, are two names
    assert candidate_terms("Sam Altman & Jony Ive unveil a device")[:2] == [
        "Sam Altman",
        "Jony Ive",
    ]
    assert candidate_terms("OpenAI & Jony Ive merge io")[:2] == ["OpenAI", "Jony Ive"]


def test_a_capitalised_stop_word_or_a_non_owners_possessive_stays_inside_the_name():
    assert "Deep Think" in candidate_terms("Deep Think 模式面向 Ultra 订阅用户开放")
    assert "Humanity's Last Exam" in candidate_terms(
        "在 Humanity's Last Exam（带工具）上得分 44.9%"
    )
    # an owner's possessive ends the name, and Title Case verbs never join one
    assert candidate_terms("Alibaba's Qwen beats OpenAI's GPT-5") == [
        "Alibaba",
        "Qwen",
        "OpenAI",
        "GPT-5",
    ]
    terms = candidate_terms("Meta Is Building a New Lab")
    assert "Meta" in terms and not [t for t in terms if "Is" in t.split()]


def test_a_describing_prefix_is_not_part_of_the_name_it_describes():
    terms = candidate_terms(
        "Tokyo-based Sakana AI and SoftBank-backed OpenAI use LangGraph-based agents"
    )
    assert "Sakana AI" in terms and "OpenAI" in terms
    assert not [t for t in terms if t.lower().endswith(("-based", "-backed"))]
    assert not [t for t in terms if "Tokyo" in t]
    assert "Micro-LED" in candidate_terms("Samsung shows Micro-LED glasses")  # not `-led`


def test_dates_demonyms_and_counted_periods_are_no_keywords_on_their_own():
    from analysis.enrich.segmentation import is_generic_term

    assert is_generic_term("November") and is_generic_term("American")
    assert not is_generic_term("European Commission")
    terms = candidate_terms("腾讯三季度营收同比增长")
    assert "三季度" not in terms and "营收" in terms


def test_english_adverbs_adjectives_and_inflected_verbs_are_no_keywords_on_their_own():
    text = (
        "The update improves latency twice over; a persistent cache, a faster decoder and "
        "generally lower cost led the rollout, with compute for reasoning and agentic quantization."
    )
    terms = candidate_terms(text)
    for word in ("improves", "twice", "persistent", "faster", "generally", "led"):
        assert word not in terms
    # nouns, gerunds, base forms the lexicon lists without their noun use, unknown words
    for word in (
        "latency",
        "cache",
        "decoder",
        "cost",
        "rollout",
        "compute",
        "reasoning",
        "agentic",
    ):
        assert word in terms
    assert "agentic quantization" in terms


def test_an_s_word_between_its_subject_and_its_object_is_a_verb_not_a_plural():
    assert "ships" not in candidate_terms(
        "Anthropic ships Claude Haiku 4.5 at a third of the price"
    )
    assert "ships" not in candidate_terms(
        "Hugging Face acquires Pollen Robotics and ships Reachy Mini"
    )
    assert "turns" not in candidate_terms("Marble is out: it turns text into 3D worlds")
    verb = candidate_terms("The Computer Use model beats rivals on browser control")
    assert "model beats" not in verb and "browser control" in verb
    plural = candidate_terms("Modal adds memory snapshots and tool calls for coding agents")
    assert {"memory snapshots", "tool calls", "coding agents"} <= set(plural)
    assert "ships" in candidate_terms("The port had two ships in March")


def test_base_forms_after_to_or_a_modal_and_ing_forms_before_an_object_are_verbs():
    assert "call" not in candidate_terms("With iOS 26, apps can call the on-device model")
    assert "build" not in candidate_terms("Reflection AI raises money to build frontier models")
    assert "beating" not in candidate_terms(
        "It scores 45%, beating the Hierarchical Reasoning Model"
    )
    kept = candidate_terms("An API call costs less after the build; training and coding matter")
    assert {"call", "build", "training", "coding"} <= set(kept)


def test_an_ing_form_after_a_plural_noun_or_before_instead_of_takes_an_object():
    clause = candidate_terms(
        "2.3M users building apps; agents answering questions; write a plan before touching "
        "code, and mask logits instead of removing tools"
    )
    for phrase in ("building apps", "answering questions", "touching code", "removing tools"):
        assert phrase not in clause
    terms = candidate_terms(
        "New reasoning models for coding agents; disaggregation cuts serving cost; "
        "it improves reasoning performance"
    )
    assert {"reasoning models", "coding agents", "serving cost", "reasoning performance"} <= set(
        terms
    )

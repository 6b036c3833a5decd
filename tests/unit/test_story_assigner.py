"""Story assignment as pure logic: URL and term normalisation, and how StoryAssigner decides."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from analysis.enrich.stories import (
    StoryAssigner,
    StoryParams,
    cluster,
    combined_vectors,
    is_amount,
    item_signals,
    normalize_term,
    normalize_url,
    representative,
)
from analysis.query.filters import Filters

HOUR = 3600.0
PARAMS = StoryParams(
    window_hours=48,
    similarity=0.6,
    term_similarity=0.4,
    url_similarity=0.2,
    company_penalty=0.2,
    link_blend=1.0,
    term_max_stories=1,
    headline_weight=0.5,
)


def unit(*weights: float, dim: int = 8) -> np.ndarray:
    vector = np.zeros(dim, dtype=np.float32)
    vector[: len(weights)] = weights
    return vector / np.linalg.norm(vector)


def at_cosine(cosine: float) -> np.ndarray:
    """A unit vector whose cosine to unit(1) is `cosine`."""
    return unit(cosine, float(np.sqrt(1 - cosine**2)))


def pair_joins(first, second, cosine: float, params: StoryParams = PARAMS) -> bool:
    """Whether an item with signals `second`, at `cosine` to a first item, joins its story."""
    assigner = StoryAssigner(params, dim=8)
    story, _ = assigner.assign(unit(1), first)
    return assigner.assign(at_cosine(cosine), second)[0] == story


def test_normalize_url_ignores_scheme_www_query_fragment_and_twitter_host():
    assert normalize_url("https://www.Example.com/a/b/?utm_source=x&s=20#x") == "example.com/a/b"
    assert normalize_url("https://www.latepost.com/news/dj_detail?id=3120") != normalize_url(
        "https://www.latepost.com/news/dj_detail?id=3155"
    )
    assert normalize_url("https://a.com/p?b=2&a=1") == normalize_url("https://a.com/p?a=1&b=2")
    assert normalize_url("http://twitter.com/op7418/status/1") == "x.com/op7418/status/1"
    assert normalize_url("https://x.com/op7418/status/1") == "x.com/op7418/status/1"
    assert normalize_url("not a url") is None
    assert normalize_url(None) is None


def test_item_signals_normalise_terms_and_drop_empty_values():
    signals = item_signals(
        0.0,
        ["https://x.com/a/status/1", None],
        ["OpenAI", ""],
        ["GPT-5.5", "Claude Opus 5"],
        ["ＧＰＴ-5.5 ", "上下文窗口"],
        lead="GPT-5.5",
    )
    assert signals.urls == frozenset({"x.com/a/status/1"})
    assert signals.companies == frozenset({"OpenAI"})
    assert signals.models == frozenset({"gpt-5.5", "claude opus 5"})
    # The headline's first product and the bold terms that are not products link coverage;
    # a product the item only compares with (Claude Opus 5) does not.
    assert signals.terms == frozenset({"gpt-5.5", "上下文窗口"})
    compared = item_signals(0.0, models=["Grok 5", "Claude Opus 5"], lead="Grok 5")
    assert compared.terms == frozenset({"grok 5"})


def test_close_items_join_and_distant_ones_start_a_story():
    assigner = StoryAssigner(PARAMS, dim=8)
    first, _ = assigner.assign(unit(1), item_signals(0))
    same, score = assigner.assign(at_cosine(0.9), item_signals(4 * HOUR))
    other, _ = assigner.assign(unit(0, 1), item_signals(8 * HOUR))
    assert same == first and score == pytest.approx(0.9, abs=1e-5)
    assert other != first


def test_an_item_outside_the_window_starts_a_new_story():
    assigner = StoryAssigner(PARAMS, dim=8)
    first, _ = assigner.assign(unit(1), item_signals(0))
    later, _ = assigner.assign(unit(1), item_signals(49 * HOUR))
    assert later != first


def test_a_shared_url_lowers_the_threshold():
    url = "https://x.com/OpenAI/status/2028311847261913088"
    assigner = StoryAssigner(PARAMS, dim=8)
    first, _ = assigner.assign(unit(1), item_signals(0, [url]))
    # 0.3 is below `similarity` (0.6) but above `url_similarity` (0.2)
    joined, _ = assigner.assign(
        at_cosine(0.3), item_signals(HOUR, ["http://www.x.com/OpenAI/status/2028311847261913088/"])
    )
    alone, _ = assigner.assign(unit(0.3, 0, 0.954), item_signals(2 * HOUR))
    assert joined == first and alone != first


def test_a_specific_term_links_but_one_many_stories_carry_does_not():
    assigner = StoryAssigner(PARAMS, dim=8)
    launch, _ = assigner.assign(unit(1), item_signals(0, bold_terms=["GPT-5.5"]))
    joined, _ = assigner.assign(at_cosine(0.5), item_signals(HOUR, bold_terms=["GPT-5.5"]))
    assert joined == launch
    # "AI Agent" is carried by two unrelated stories: it links nothing (term_max_stories = 1)
    a, _ = assigner.assign(unit(0, 0, 1), item_signals(2 * HOUR, bold_terms=["AI Agent"]))
    b, _ = assigner.assign(unit(0, 0, 0, 1), item_signals(3 * HOUR, bold_terms=["AI Agent"]))
    c, _ = assigner.assign(
        unit(0, 0, 0.5, 0, 0.866), item_signals(4 * HOUR, bold_terms=["AI Agent"])
    )
    assert len({a, b, c}) == 3


def test_disjoint_companies_raise_the_threshold_and_shared_ones_do_not():
    assigner = StoryAssigner(PARAMS, dim=8)
    openai, _ = assigner.assign(unit(1), item_signals(0, companies=["OpenAI"]))
    anthropic, _ = assigner.assign(unit(0.7, 0, 0.714), item_signals(HOUR, companies=["Anthropic"]))
    same, _ = assigner.assign(
        at_cosine(0.7), item_signals(2 * HOUR, companies=["OpenAI", "Microsoft"])
    )
    unnamed, _ = assigner.assign(at_cosine(0.7), item_signals(3 * HOUR))
    assert anthropic != openai  # 0.7 < 0.6 + 0.2
    assert same == openai and unnamed == openai


def test_an_item_like_one_member_but_not_the_story_stays_out_by_default():
    """The default text score compares an item with the story's centroid: an item close to
    one member only (a bridge that came in on a shared term) does not chain on."""
    params = StoryParams.from_settings()
    assigner = StoryAssigner(params, dim=8)
    for vector in (unit(1), unit(1, 0.1), unit(0.45, 0, 0, 0.893)):
        assigner.add(vector, item_signals(0), story_id=1)
    bridge_like = unit(0, 0, 0, 1, 0.3)  # cosine 0.86 to the third member, 0 to the others
    story, _ = assigner.assign(bridge_like, item_signals(HOUR))
    assert story != 1
    # the same item joins a story that reads like it as a whole
    tight = StoryAssigner(params, dim=8)
    tight.add(unit(0, 0, 0, 1), item_signals(0), story_id=1)
    tight.add(unit(0, 0, 0, 1, 0.1), item_signals(0), story_id=1)
    assert tight.assign(bridge_like, item_signals(HOUR))[0] == 1


def test_different_models_raise_the_threshold_and_a_shared_one_does_not():
    params = replace(PARAMS, model_penalty=0.2)
    assigner = StoryAssigner(params, dim=8)
    k2, _ = assigner.assign(unit(1), item_signals(0, models=["Kimi K2"]))
    k3, _ = assigner.assign(unit(0.7, 0, 0.714), item_signals(HOUR, models=["Kimi K3"]))
    same, _ = assigner.assign(at_cosine(0.7), item_signals(2 * HOUR, models=["kimi k2"]))
    unnamed, _ = assigner.assign(at_cosine(0.7), item_signals(3 * HOUR))
    assert k3 != k2  # 0.7 < 0.6 + 0.2
    assert same == k2 and unnamed == k2


def test_different_kinds_of_event_raise_the_threshold_and_a_shared_or_missing_one_does_not():
    params = replace(PARAMS, event_penalty=0.2)
    assigner = StoryAssigner(params, dim=8)
    launch, _ = assigner.assign(unit(1), item_signals(0, headline="OpenAI发布GPT-5.5"))
    funding, _ = assigner.assign(
        unit(0.7, 0, 0.714), item_signals(HOUR, headline="OpenAI完成400亿美元融资")
    )
    retold, _ = assigner.assign(
        at_cosine(0.7), item_signals(2 * HOUR, headline="OpenAI launches GPT-5.5")
    )
    hands_on, _ = assigner.assign(
        at_cosine(0.7), item_signals(3 * HOUR, headline="GPT-5.5上手体验：写代码更稳")
    )
    assert funding != launch  # 0.7 < 0.6 + 0.2
    assert retold == launch and hands_on == launch
    # a shared product name links coverage, but not another kind of event
    linked = StoryAssigner(replace(PARAMS, term_max_stories=2), dim=8)
    launch, _ = linked.assign(
        unit(1), item_signals(0, bold_terms=["Kling 3.0"], headline="快手发布可灵3.0")
    )
    hands_on = item_signals(HOUR, bold_terms=["Kling 3.0"], headline="可灵3.0实测")
    results = item_signals(2 * HOUR, bold_terms=["Kling 3.0"], headline="快手财报：可灵收入翻倍")
    assert linked.assign(at_cosine(0.5), hands_on)[0] == launch  # 0.5 >= term 0.4
    # cosine 0.5 to the story's centroid: enough through the term (0.4), not on text (0.8)
    assert linked.assign(unit(0.5, 0, 0.866), results)[0] != launch
    # with the penalty off, the same funding item joins
    plain = StoryAssigner(replace(PARAMS, event_penalty=0.0), dim=8)
    first, _ = plain.assign(unit(1), item_signals(0, headline="OpenAI发布GPT-5.5"))
    assert (
        plain.assign(unit(0.7, 0, 0.714), item_signals(HOUR, headline="OpenAI完成融资"))[0] == first
    )


def test_a_companys_once_at_a_time_event_never_joins_a_story_of_other_kinds():
    # the outage the day after a launch reads like the launch's coverage (it names the model
    # and the launch), yet it is the company's outage: it starts its own story however alike
    assigner = StoryAssigner(replace(PARAMS, event_penalty=0.1), dim=8)
    launch, _ = assigner.assign(unit(1), item_signals(0, headline="智谱发布并开源GLM-6"))
    outage, _ = assigner.assign(
        at_cosine(0.95), item_signals(HOUR, headline="智谱开放平台大面积报错，GLM-6接口调不通")
    )
    assert outage != launch
    # and an outage joins the outage
    again, _ = assigner.assign(
        at_cosine(0.95),
        item_signals(2 * HOUR, headline="Zhipu's API buckles a day after its launch"),
    )
    assert again == outage
    # another kind that a company has many of (a deal) still joins on its text alone
    other = StoryAssigner(replace(PARAMS, event_penalty=0.1), dim=8)
    launch, _ = other.assign(unit(1), item_signals(0, headline="智谱发布并开源GLM-6"))
    deal, _ = other.assign(
        at_cosine(0.95), item_signals(HOUR, headline="智谱与荣耀签署合作协议，GLM-6上手机")
    )
    assert deal == launch


def test_the_same_companys_round_told_in_two_languages_links_like_a_shared_term():
    # cosine 0.5: below the text threshold (0.6), at the term threshold (0.4)
    def story_of_second(first_headline, second_headline, companies=("Zhipu AI", "Zhipu AI")):
        assigner = StoryAssigner(PARAMS, dim=8)
        first, _ = assigner.assign(
            unit(1), item_signals(0, companies=[companies[0]], headline=first_headline)
        )
        second, _ = assigner.assign(
            at_cosine(0.5), item_signals(HOUR, companies=[companies[1]], headline=second_headline)
        )
        return first == second

    assert story_of_second("智谱通过港交所上市聆讯", "Zhipu clears Hong Kong listing hearing")
    assert story_of_second("智谱完成新一轮融资", "Zhipu raises $300 million")
    # another company's listing, another kind of event, or a kind a company has many of
    assert not story_of_second(
        "智谱通过港交所上市聆讯", "MiniMax clears listing hearing", ("Zhipu AI", "MiniMax")
    )
    assert not story_of_second("智谱通过港交所上市聆讯", "Zhipu raises $300 million")
    assert not story_of_second("智谱发布GLM-5", "Zhipu launches GLM-5 Air")


def test_two_rounds_on_one_day_of_startups_the_table_does_not_know_stay_apart():
    # cosine 0.7 reaches the text threshold (0.6), not it plus the company penalty (0.8)
    def joins(first_term, second_term):
        assigner = StoryAssigner(PARAMS, dim=8)
        first, _ = assigner.assign(
            unit(1),
            item_signals(0, bold_terms=[first_term], headline=f"{first_term}完成10亿美元融资"),
        )
        second, _ = assigner.assign(
            at_cosine(0.7),
            item_signals(HOUR, bold_terms=[second_term], headline=f"{second_term} raises $1.5bn"),
        )
        return first == second

    assert not joins("Isomorphic Labs", "AMI Labs")
    assert joins("Isomorphic Labs", "Isomorphic Labs")
    # a launch has many subjects' coverage; only once-at-a-time events ask for the same one
    launch = StoryAssigner(PARAMS, dim=8)
    first, _ = launch.assign(
        unit(1), item_signals(0, bold_terms=["Gemma 4"], headline="谷歌开源Gemma 4")
    )
    assert (
        launch.assign(
            at_cosine(0.7), item_signals(HOUR, bold_terms=["MoE"], headline="Gemma 4 is on the Hub")
        )[0]
        == first
    )


def test_an_item_between_two_stories_merges_them_only_when_they_read_alike():
    params = replace(PARAMS, merge_similarity=0.5)
    apart = StoryAssigner(params, dim=8)
    apart.add(unit(1), item_signals(0), story_id=1)
    apart.add(unit(0, 1), item_signals(0), story_id=2)
    apart.assign(unit(1, 1), item_signals(HOUR))  # cosine 0.71 to both, centroids at 0
    assert apart.resolve(1) != apart.resolve(2) and not apart.merged
    close = StoryAssigner(params, dim=8)
    close.add(unit(1), item_signals(0), story_id=1)
    close.add(unit(1, 0, 1), item_signals(0), story_id=2)  # centroids at 0.71
    close.assign(unit(1, 0, 0.4), item_signals(HOUR))
    assert close.resolve(1) == close.resolve(2) == 1


def test_seeded_members_are_joined_and_new_ids_follow_the_largest_seen():
    assigner = StoryAssigner(PARAMS, dim=8, next_story_id=1)
    assigner.add(unit(1), item_signals(0), story_id=41)
    joined, _ = assigner.assign(unit(1), item_signals(HOUR))
    fresh, _ = assigner.assign(unit(0, 1), item_signals(2 * HOUR))
    assert joined == 41 and fresh == 42


def test_working_set_is_compacted_without_losing_window_members():
    assigner = StoryAssigner(PARAMS, dim=8)
    # 3000 items, one every 10 minutes, alternating two directions: two stories per 48 h window
    stories = [
        assigner.assign(unit(1) if i % 2 else unit(0, 1), item_signals(i * 600.0))[0]
        for i in range(3000)
    ]
    assert len(set(stories[:100])) == 2
    assert stories[-1] == stories[-3] and stories[-2] == stories[-4]
    assert assigner._size - assigner._start < 2 * 48 * 6 + 2048


def test_cluster_is_order_independent_of_input_order():
    vectors = np.stack([unit(1), unit(0, 1), at_cosine(0.95), unit(0, 1)])
    signals = [item_signals(t * HOUR) for t in (0, 1, 2, 3)]
    ids, _ = cluster(vectors, signals, PARAMS)
    reversed_ids, _ = cluster(vectors[::-1].copy(), signals[::-1], PARAMS)
    assert ids[0] == ids[2] and ids[1] == ids[3] and ids[0] != ids[1]
    assert (reversed_ids[::-1] == ids).all() or len(set(reversed_ids)) == 2


def test_representative_is_the_row_nearest_the_centroid():
    rows = np.stack([unit(1, 0.2), unit(1), unit(0.2, 1), unit(1, 0.1)])
    assert representative(rows) in (0, 3)
    assert representative(rows[1:2]) == 0


def test_combined_vectors_blend_the_two_cosines():
    text_a, text_b = unit(1), at_cosine(0.5)
    head_a, head_b = unit(0, 0, 1), unit(0, 0, 1)
    a = combined_vectors(text_a[None], head_a[None], 0.6)[0]
    b = combined_vectors(text_b[None], head_b[None], 0.6)[0]
    assert float(a @ b) == pytest.approx(0.6 * 1.0 + 0.4 * 0.5, abs=1e-5)
    assert float(a @ a) == pytest.approx(1.0, abs=1e-5)


def test_filters_count_by_is_validated():
    assert Filters().count_by == "items"
    assert Filters(count_by="stories").count_by == "stories"
    with pytest.raises(ValueError):
        Filters(count_by="digests")


def test_an_item_of_another_kind_of_event_never_glues_two_stories():
    # the `close` case above, with story 2 an outage and the item a launch's retelling
    params = replace(PARAMS, merge_similarity=0.5, event_penalty=0.1)
    assigner = StoryAssigner(params, dim=8)
    assigner.add(unit(1), item_signals(0, headline="Anthropic releases Claude Haiku 5"), story_id=1)
    assigner.add(unit(1, 0, 1), item_signals(0, headline="Claude服务中断近两小时"), story_id=2)
    assigner.assign(unit(1, 0, 0.4), item_signals(HOUR, headline="Anthropic launches Haiku 5"))
    assert assigner.resolve(1) != assigner.resolve(2) and not assigner.merged


def test_sums_of_money_are_no_linking_terms():
    for amount in (
        "3亿美元B轮",
        "$300 million",
        "50亿美元",
        "US$1.5bn",
        "€200m series b",
        "10亿美元种子轮",
        "$1B seed",
        "天使轮",  # a round's name alone: every startup has one
    ):
        assert is_amount(normalize_term(amount)), amount
    for term in ("GPT-5.5", "Kimi K3", "4K", "B30A", "100万token", "HBM4E"):
        assert not is_amount(normalize_term(term)), term
    signals = item_signals(0.0, bold_terms=["3亿美元B轮", "Kestrel"])
    assert signals.terms == frozenset({"kestrel"})


def test_an_investor_both_rounds_name_makes_them_no_same_company_event():
    # cosine 0.5: at the event threshold, below the text threshold (0.6)
    def joins(first_subject, second_subject):
        assigner = StoryAssigner(PARAMS, dim=8)
        first, _ = assigner.assign(
            unit(1),
            item_signals(
                0,
                companies=[first_subject, "NVIDIA"],
                subjects=[first_subject],
                headline=f"{first_subject} raises $1 billion",
            ),
        )
        second, _ = assigner.assign(
            at_cosine(0.5),
            item_signals(
                HOUR,
                companies=[second_subject, "NVIDIA"],
                subjects=[second_subject],
                headline=f"{second_subject}完成10亿美元融资，英伟达参投",
            ),
        )
        return first == second

    assert not joins("Cerebras", "Thinking Machines")
    assert joins("Cerebras", "Cerebras")


def test_the_maker_of_a_headlines_product_is_a_party_and_its_subject():
    # cosine 0.7: the text threshold (0.6), not it plus the company penalty (0.8)
    def joins(makers):
        assigner = StoryAssigner(PARAMS, dim=8)
        first, _ = assigner.assign(
            unit(1), item_signals(0, companies=["Moonshot AI"], headline="月之暗面发布Kimi K3")
        )
        second, _ = assigner.assign(
            at_cosine(0.7),
            item_signals(
                HOUR,
                companies=["Hugging Face"],
                subjects=["Hugging Face"],
                makers=makers,
                headline="Kimi K3 is out on Hugging Face",
            ),
        )
        return first == second

    assert joins(["Moonshot AI"])
    assert not joins([])
    # a headline that names no company is its product's maker's event
    outage = StoryAssigner(PARAMS, dim=8)
    first, _ = outage.assign(
        unit(1), item_signals(0, companies=["OpenAI"], headline="OpenAI's Sora suffers outage")
    )
    second, _ = outage.assign(
        at_cosine(0.3), item_signals(HOUR, makers=["OpenAI"], headline="Sora 3上线第二天就宕机")
    )
    assert first == second


def test_stories_of_different_companies_or_kinds_of_event_never_merge():
    # the `close` case above (centroids at 0.71), with the item between them naming nothing
    params = replace(PARAMS, merge_similarity=0.5, company_penalty=0.0)

    def merged(first, second):
        assigner = StoryAssigner(params, dim=8)
        assigner.add(unit(1), first, story_id=1)
        assigner.add(unit(1, 0, 1), second, story_id=2)
        assigner.assign(unit(1, 0, 0.4), item_signals(HOUR))
        return assigner.resolve(1) == assigner.resolve(2)

    assert merged(item_signals(0, companies=["Xiaomi"]), item_signals(0, companies=["Xiaomi"]))
    # stories mostly about two companies stay two, though a member of one names both (a
    # roundup of both companies' holiday figures)
    amap = item_signals(0, companies=["Amap"], subjects=["Amap"])
    roundup = item_signals(0, companies=["Amap", "Trip.com"], subjects=["Amap", "Trip.com"])
    ctrip = item_signals(0, companies=["Trip.com"], subjects=["Trip.com"])

    def joined_by_amap_item(amap_members):
        assigner = StoryAssigner(params, dim=8)
        for _ in range(amap_members):
            assigner.add(unit(1), amap, story_id=1)
        for _ in range(2):
            assigner.add(unit(1, 0, 1), ctrip, story_id=2)
        assigner.add(unit(1, 0, 1), roundup, story_id=2)
        assigner.assign(unit(1, 0, 0.4), item_signals(HOUR, companies=["Amap"], subjects=["Amap"]))
        return assigner.resolve(1) == assigner.resolve(2)

    assert not joined_by_amap_item(2)
    # one item of another company may be its uptake of the story's launch
    assert joined_by_amap_item(1)
    # a unit's story and its parent's are one company's
    volcano = item_signals(
        0,
        companies=["Volcano Engine"],
        subjects=["Volcano Engine"],
        models=["豆包"],
        parents=lambda company: ("ByteDance",),
    )
    doubao = item_signals(0, companies=["ByteDance"], subjects=["ByteDance"], models=["豆包"])
    assert merged(volcano, doubao)
    assert not merged(
        item_signals(0, companies=["Xiaomi"], headline="小米发布AI眼镜2"),
        item_signals(0, companies=["Alibaba"], headline="夸克发布AI眼镜S2"),
    )
    # a launch's uptake by another company names the launched model
    assert merged(
        item_signals(0, companies=["Google"], models=["Gemini 4 Ultra"]),
        item_signals(0, companies=["Manus"], models=["Gemini 4 Ultra"]),
    )
    assert not merged(
        item_signals(0, headline="DeepSeek发布并开源DeepSeek-R3"),
        item_signals(0, headline="DeepSeek宕机约三小时"),
    )


def test_coverage_of_one_versioned_release_joins_at_the_release_similarity():
    # PARAMS: term 0.4; the release threshold 0.2 is for a product named with a version
    params = replace(PARAMS, release_similarity=0.2, term_max_stories=2)

    def joins(first_product, second_product, cosine=0.3):
        assigner = StoryAssigner(params, dim=8)
        first, _ = assigner.assign(
            unit(1), item_signals(0, models=[first_product], lead=first_product)
        )
        second, _ = assigner.assign(
            at_cosine(cosine), item_signals(HOUR, models=[second_product], lead=second_product)
        )
        return first == second

    assert joins("Intern-S2", "intern-s2")  # `Intern-S2 is out on Hugging Face`
    assert not joins("Intern-S2", "intern-s2", cosine=0.15)
    # a product without a version (an app) has many events: the term threshold holds
    assert not joins("豆包", "豆包")
    assert joins("豆包", "豆包", cosine=0.45)
    # the release must be what both headlines open with, not only a model both name
    assigner = StoryAssigner(params, dim=8)
    first, _ = assigner.assign(unit(1), item_signals(0, models=["Intern-S2"], lead="Intern-S2"))
    second, _ = assigner.assign(
        at_cosine(0.3),
        item_signals(
            HOUR, models=["Qwen3.7", "Intern-S2"], bold_terms=["Intern-S2"], lead="Qwen3.7"
        ),
    )
    assert first != second


def test_the_makers_news_naming_a_release_it_does_not_open_with_joins_at_the_term_similarity():
    # PARAMS: similarity 0.6, term 0.4. `Kuaishou releases image model with 4K output` names
    # Kolors 3.0 only in its summary: the maker's news about the release a member opens with.
    def joins(item, cosine=0.5):
        assigner = StoryAssigner(PARAMS, dim=8)
        first, _ = assigner.assign(
            unit(1),
            item_signals(
                0, companies=["Kuaishou"], subjects=["Kuaishou"], models=["可图3.0"], lead="可图3.0"
            ),
        )
        second, _ = assigner.assign(at_cosine(cosine), item)
        return first == second

    def kuaishou(models=("可图3.0",), subjects=("Kuaishou",), lead=None):
        return item_signals(
            HOUR, companies=list(subjects), subjects=list(subjects), models=list(models), lead=lead
        )

    assert joins(kuaishou())
    assert not joins(kuaishou(), cosine=0.35)

    # reporting the same kind of event as the release (`Chinese startup … releases its biggest
    # open model yet` naming DeepSeek-V5), it joins at the release similarity (0.2)
    def launch(headline, cosine):
        kuaishou = {"companies": ["Kuaishou"], "subjects": ["Kuaishou"], "models": ["可图3.0"]}
        return pair_joins(
            item_signals(0, lead="可图3.0", headline="快手发布可图3.0", **kuaishou),
            item_signals(HOUR, headline=headline, **kuaishou),
            cosine,
        )

    assert launch("Chinese video app maker releases image model with 4K output", 0.25)
    assert not launch("Chinese video app maker's image model draws artists' anger", 0.25)
    assert not launch("Chinese video app maker releases image model with 4K output", 0.15)
    assert not joins(kuaishou(models=()))  # names no release
    # another company's news naming the release (an adoption, a comparison) is not the maker's
    assert not joins(kuaishou(subjects=("ByteDance",)))
    assert not joins(kuaishou(subjects=("Kuaishou", "ByteDance")))
    # an item opening with its own product is that product's news (`夸克AI眼镜S2` built on
    # Qwen3.6)
    assert not joins(kuaishou(lead="可灵3.0"))
    # a family named without its version opens with no release (`unveils new Ernie model`);
    # another family does
    assert joins(kuaishou(lead="可图"))
    assert not joins(kuaishou(lead="可灵"))
    # a product without a version has many events
    assigner = StoryAssigner(PARAMS, dim=8)
    first, _ = assigner.assign(
        unit(1), item_signals(0, subjects=["ByteDance"], models=["豆包"], lead="豆包")
    )
    second, _ = assigner.assign(
        at_cosine(0.5), item_signals(HOUR, subjects=["ByteDance"], models=["豆包"])
    )
    assert first != second


def test_a_parent_and_its_unit_report_one_event_and_a_shared_word_is_no_company():
    from analysis.enrich.reference import load_alias_table

    parents = load_alias_table().parents
    assert parents("Google") == ("Alphabet",)
    assert parents("Kunlunxin") == ("Baidu",)

    def results(time, subject, *, bold=(), headline="一季度财报"):
        return item_signals(
            time,
            companies=[subject],
            subjects=[subject],
            bold_terms=bold,
            headline=headline,
            parents=parents,
        )

    # cosine 0.45: at the event threshold, below the text threshold (0.6)
    def joins(first, second):
        assigner = StoryAssigner(PARAMS, dim=8)
        one, _ = assigner.assign(unit(1), first)
        two, _ = assigner.assign(at_cosine(0.45), second)
        return one == two

    # `谷歌母公司一季度营收…` names Google; `Alphabet电话会` the parent: one set of results
    assert joins(results(0, "Google"), results(HOUR, "Alphabet", headline="Alphabet电话会"))
    # two units of one parent are two companies
    assert parents("Waymo") == ("Alphabet",)
    assert not joins(results(0, "Google"), results(HOUR, "Waymo"))
    # the same word in both summaries does not make Meta's results Alphabet's
    assert not joins(
        results(0, "Alphabet", bold=["资本开支"]), results(HOUR, "Meta", bold=["资本开支"])
    )
    # a startup the table does not know is known by its name
    unknown = item_signals(
        HOUR, companies=["Google"], bold_terms=["Kestrel"], headline="前员工创办的初创公司完成融资"
    )
    assert joins(item_signals(0, bold_terms=["Kestrel"], headline="Kestrel完成B轮融资"), unknown)


def test_a_headline_describing_its_company_joins_that_companys_story_halfway_to_the_term_threshold():
    # PARAMS: similarity 0.6, term 0.4: halfway is 0.5. `World's largest contract chipmaker
    # posts 41% jump in May sales` names TSMC only in its summary.
    def joins(cosine, summary_names=("TSMC",), headline_names_it=False):
        return pair_joins(
            item_signals(0, companies=["TSMC"], subjects=["TSMC"], headline="TSMC May sales"),
            item_signals(
                HOUR,
                companies=list(summary_names),
                subjects=list(summary_names) if headline_names_it else [],
                headline_names=headline_names_it,
            ),
            cosine,
        )

    assert joins(0.55)
    assert not joins(0.45)
    assert not joins(0.55, summary_names=("Samsung",))
    # a headline that names its company is judged on its words as before
    assert not joins(0.55, headline_names_it=True)


def test_a_describing_headline_joins_whichever_of_the_most_named_companies_its_summary_names():
    # A story whose headline names two companies as often (`SK hynix and Samsung …`) is both
    # companies' news: which of the two the describing item's summary names must not depend on
    # the order a set happens to iterate in (Python's hash seed).
    story = item_signals(
        0,
        companies=["SK hynix", "Samsung"],
        subjects=["SK hynix", "Samsung"],
        headline="SK hynix and Samsung",
    )
    for named in ("Samsung", "SK hynix"):
        describer = item_signals(
            HOUR, companies=[named], headline="Korean chipmaker and its memory"
        )
        assert pair_joins(story, describer, 0.55)


def test_whose_once_at_a_time_event_a_describing_headline_reports_is_its_summarys_first_company():
    # `Chip designer forecasts AI revenue above estimates` (Broadcom's results) names OpenAI, a
    # customer, after Broadcom: it is no report of OpenAI's revenue, which a same-company event
    # would link at the event similarity (0.2).
    def joins(summary_companies):
        return pair_joins(
            item_signals(
                0,
                companies=["OpenAI"],
                subjects=["OpenAI"],
                headline="OpenAI's annualized revenue tops $32 billion",
            ),
            item_signals(
                HOUR,
                companies=list(summary_companies),
                headline="Chip designer forecasts AI revenue above estimates",
            ),
            0.3,
        )

    assert not joins(["Broadcom", "OpenAI"])
    assert joins(["OpenAI", "Broadcom"])


def test_an_item_in_the_other_language_than_every_member_needs_the_cross_language_bonus_less():
    # PARAMS: similarity 0.6; the bonus (0.05 by default) makes it 0.55 across languages
    params = replace(PARAMS, cross_language_bonus=0.05)
    chinese = item_signals(0, headline="台积电5月营收同比增长41%")
    english = item_signals(HOUR, headline="TSMC's May sales jump 41% on AI demand")
    assert pair_joins(chinese, english, 0.57, params)
    assert not pair_joins(chinese, english, 0.52, params)
    assert not pair_joins(chinese, item_signals(HOUR, headline="台积电5月营收公布"), 0.57, params)
    assert not pair_joins(chinese, english, 0.57, replace(params, cross_language_bonus=0.0))

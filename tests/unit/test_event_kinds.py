"""The kind of event a headline reports (data/event_kinds.toml), as story assignment reads it."""

from __future__ import annotations

import pytest

from analysis.enrich.event_kinds import event_kinds


@pytest.mark.parametrize(
    ("headline", "kinds"),
    [
        ("OpenAI发布GPT-5.5，推理与代码能力全面升级", {"launch"}),
        ("Mistral AI unveils Magistral 2", {"launch"}),
        ("OpenAI完成400亿美元融资，估值达5000亿美元", {"funding"}),
        ("Physical Intelligence raises $600 million in Series C", {"funding"}),
        ("英伟达发布第四季度财报，营收同比增长", {"earnings"}),  # 发布 goes with every kind
        ("智谱通过港交所上市聆讯", {"listing"}),
        ("长鑫科技科创板IPO过会", {"listing"}),  # passes the listing committee
        ("多位明星“被带货”：OmniHuman-2生成的假代言视频在短视频平台扩散", {"misuse"}),
        ("Seedream 5.0被曝能生成以假乱真的发票", {"misuse"}),
        ("Scammers impersonate Claude support on X", {"misuse"}),
        ("阿斯麦：中国大陆收入占比降至22%，维持全年收入指引", {"earnings"}),
        ("ASML bookings beat forecasts as AI chipmakers order more tools", {"earnings"}),
        ("Alphabet beats estimates as cloud surges, raises spending plan to $195B", {"earnings"}),
        ("Meta raises capital spending forecast again as AI costs climb", {"earnings"}),
        ("$META Q1: revenue $53.6B, capex guide raised to $140-150B", {"earnings"}),
        ("Palantir lifts annual forecast as demand from US businesses surges", {"earnings"}),
        ("Lisa Su: a record quarter, and MI450 is ramping faster", {"earnings"}),
        ("Anthropic doubles Claude Code weekly limits for Max", {"price"}),
        ("Anthropic临时下调Claude Code Pro用户的Sonnet 5.5用量额度", {"price"}),
        ("美国AI芯片出口新规落地：中东额度放宽", set()),  # a quota, not a plan's allowance
        ("走私案细节：服务器拆机换壳后报关", {"legal"}),
        ("Altman: we're rolling back the latest ChatGPT personality update", {"outage"}),
        ("GPT-5.6系统卡：网络安全能力首次被评为“高”，默认启用更严的滥用监控", set()),
        ("TSMC's monthly sales hit a record as AI server demand stays hot", {"earnings"}),
        ("US House passes bill to require location checks on AI chips", {"policy"}),
        ("萝卜快跑拿下德国自动驾驶测试许可，将与Lyft在法兰克福上路", {"approval"}),
        ("Baidu and Lyft get German approval to test robotaxis in Frankfurt", {"approval"}),
        ("Zhipu clears Hong Kong listing hearing", {"listing"}),  # the longer word wins
        ("Zhipu soars in Hong Kong trading debut", {"listing"}),  # not a launch debut
        ("假冒DeepSeek-V4.5量化版在Hugging Face传播木马", {"misuse"}),
        ("Fake DeepSeek-V4.5 models on Hugging Face push infostealer malware", {"misuse"}),
        ("npm爆发“Lamprey”蠕虫，专偷Claude Code的API密钥", {"misuse"}),
        ("OpenAI's chief research officer is leaving to start a company", {"people"}),
        ("Google must share search data with rivals, judge rules", {"legal"}),
        ("DeepSeek API大面积报错，官方称正在修复", {"outage"}),
        ("Meta acquires chip start-up Rivos", {"deal"}),
        ("欧盟推迟《人工智能法案》高风险条款", {"policy"}),
        ("xAI raises prices for SuperGrok", {"price"}),  # the longer words win
        ("豆包日活突破1亿", {"adoption"}),
        ("Microsoft and OpenAI sign a new agreement; MAI-2 launches", {"deal"}),
        ("快手电话会：可灵3.0上线首日付费用户创新高", {"earnings"}),  # an earnings call
        ("Anthropic年化收入突破190亿美元", {"earnings"}),
        ("GitHub Copilot调整计费：premium请求倍率上调", {"price"}),
        ("美光将扩建广岛工厂，专产HBM", {"expansion"}),
        ("美光HBM4开始量产出货", {"production"}),
        ("Micron begins volume shipments of HBM4", {"production"}),
        # in volume is how a launch often ends: both weak kinds stay
        ("英伟达发布Rubin，宣布已进入量产", {"launch", "production"}),
        ("Gemini falls over hours after the 3.5 launch", {"outage"}),  # the launch is context
        ("宇树再融30亿，估值翻倍", {"funding"}),
        ("Meta's head of FAIR leaves to start a company", {"people"}),
        ("网信办就生成式AI标识办法征求意见", {"policy"}),
        ("Moonshot starts charging for Kimi", {"price"}),
        ("Zhipu AI's sales triple in first report since Hong Kong debut", {"earnings"}),
        # a kind word that dates the headline by another event is a date, not its event
        ("递表第二天，月之暗面发布Kimi K3", {"launch"}),
        ("Sora 3上线第二天就宕机", {"outage"}),
        ("We're seeing elevated errors for Gemini 4.5 Pro in AI Studio", {"outage"}),
        ("火山方舟部分模型服务降级", {"outage"}),
        ("Zhipu's API buckles a day after its new flagship launch", {"outage"}),
        ("ChatGPT was down for nearly three hours", {"outage"}),
        ("Anthropic：错误率升高约三小时，原因是Sonnet 6上线后流量激增", {"outage"}),
        ("Qwen4-Omni成绩单：中文语音识别错误率比GPT-5.6低三成", frozenset()),
        # a service turning users away under load is an outage of its kind, not launch news
        ("Kimi开放平台暂停新用户注册，K4调用大面积返回429", {"outage"}),
        ("Chinese AI lab stops API sign-ups as its new model swamps its GPUs", {"outage"}),
        ("Nvidia shares were down 4% after the report", frozenset()),
        # a plan's allowance changed is a change of its terms; one merely named is not
        ("可灵下调免费额度：每日赠送灵感值从66降到20", {"price"}),
        ("Anthropic临时下调Claude Code Pro用户的Sonnet 5.5额度", {"price"}),
        ("好消息：Claude Code周额度翻倍", {"price"}),
        ("Visa推出Agent Card：给AI智能体发一张有额度的虚拟卡", {"launch"}),
        ("Lambda与Meta签署60亿美元算力合同，IPO前再添大客户", {"deal"}),
        ("Ahead of its IPO, Cerebras raises $1 billion", {"funding"}),
        ("A day after its IPO filing, Moonshot launches Kimi K3", {"launch"}),
        ("Nvidia shares fall after earnings", {"earnings"}),  # the cause, not a date
        ("Tencent leads $690 million round in Chinese AI startup StepFun", {"funding"}),
        ("Tencent-backed AI chipmaker Enflame nearly quadruples in Shanghai debut", {"listing"}),
        # a price change with words between verb and price is no funding round
        ("xAI raises SuperGrok price to $40, citing video demand", {"price"}),
        ("DeepSeek raises API prices for the first time", {"price"}),
        ("OpenAI cuts GPT-5.5 API prices by half", {"price"}),
        ("GitHub调整Copilot计费：部分前沿模型premium请求倍率上调", {"price"}),
        ("阿里云下调通义千问API价格", {"price"}),
        ("ChatGPT又崩了", {"outage"}),
        ("Claude Code默认模型临时切回Opus 5，状态页确认Sonnet 5编辑异常", {"outage"}),
    ],
)
def test_headline_kinds(headline, kinds):
    assert event_kinds(headline) == kinds


@pytest.mark.parametrize(
    "headline",
    [
        "GPT-5.5登顶LMArena文本榜，领先第二名12分",  # leaderboards belong to a launch's coverage
        "GPT-5.5 API定价公布：输入价格比GPT-5.2低40%",  # so does its pricing
        "Meta praises fine-tuning results",  # no whole word: praises, fine-tuning
        "OpenAI's non-profit board meets",
        "LLM-as-a-judge benchmarks compared",
        "微软OpenAI新协议细节：收入分成比例下调",  # a revenue share is no earnings report
        "海螺3实测：体操动作终于不崩了",  # negated: no longer falls apart
        "智谱暂不融资，专注上市",  # negated round; 上市 alone is no listing word
        "OpenAI调整组织架构，价格团队并入",  # a clause apart: no price change
        "",
    ],
)
def test_headlines_with_no_kind(headline):
    assert event_kinds(headline) == frozenset()

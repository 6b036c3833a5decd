"""Digests in the shapes real public series use (tests/data/real_shapes/, one folder per series).

The expected fields below were written from the fixture text and the rules in
docs/parsing.md before the parser was run on the fixtures.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import DATA

from analysis.ingest.parse import parse_digest
from analysis.ingest.vocabulary import is_generic_link_text

CST = timezone(timedelta(hours=8))
SHAPES = DATA / "real_shapes"


def parse(relative: str):
    path = SHAPES / relative
    return parse_digest(path.read_bytes(), str(path))


def item_fields(item) -> dict:
    return {
        "section": item.section,
        "headline": item.headline,
        "url": item.url,
        "summary": item.summary,
        "author": item.author,
        "source_label": item.source_label,
    }


def expect(section, headline, url, summary, *, author=None, source_label=None) -> dict:
    return {
        "section": section,
        "headline": headline,
        "url": url,
        "summary": summary,
        "author": author,
        "source_label": source_label,
    }


DETAILS = "详情（AI资讯）"
AI_DAILY_1224 = [
    expect(
        "前沿研究",
        "NVIDIA 发布了新一代推理芯片 B300",
        "https://www.aihub.cn/news/nvidia-b300",
        "单卡推理吞吐较 H200 提升 3 倍，功耗下降约 30%，首批客户包括微软与 Meta。",
        source_label=DETAILS,
    ),
    expect(
        "前沿研究",
        "DeepSeek 公开 V4 训练细节",
        "https://www.aihub.cn/news/deepseek-v4-paper",
        "V4 采用稀疏注意力与 FP8 混合精度训练，训练成本约为同规模稠密模型的一半。"
        "团队同时开源了数据清洗管线和评测脚本，方便社区复现。",
        source_label=DETAILS,
    ),
    expect(
        "前沿研究",
        "谷歌开源 Gemma 4 系列模型",
        "https://www.aihub.cn/news/gemma-4",
        "提供 2B、9B 与 27B 三个尺寸，支持 128K 上下文与图像输入，"
        "27B 版本可在单张 24GB 消费级显卡上量化运行，许可证允许商用。",
        source_label=DETAILS,
    ),
    expect(
        "产品应用",
        "Cursor 上线后台 Agent 模式",
        "https://www.aihub.cn/news/cursor-background-agent",
        "开发者可以把重构、写测试等耗时任务交给云端 Agent 并行处理，完成后自动提交 Pull Request，"
        "目前向 Pro 用户开放，每月附赠 500 次调用额度。",
        source_label=DETAILS,
    ),
    expect(
        "产品应用",
        "智谱 推出 GLM-5 并同步上线 API",
        "https://www.aihub.cn/news/glm-5",
        "官方称其在代码与数学基准上接近 GPT-5，输入价格为每百万 Token 2 元，比上一代降低 60%。",
        source_label=DETAILS,
    ),
    expect(
        "行业动态",
        "欧盟 AI 法案通用模型条款正式生效",
        "https://www.aihub.cn/news/eu-ai-act-gpai",
        "提供通用大模型的公司需要公开训练数据摘要、遵守版权规则并报告严重事故，"
        "违规最高可被处以全球营业额 3% 的罚款，OpenAI 与 Mistral 已表示将配合执行。",
        source_label=DETAILS,
    ),
    expect(
        "行业动态",
        "百度 发布文心 5.0 原生全模态大模型",
        "https://www.aihub.cn/news/ernie-5",
        "参数规模达到 2.4 万亿，支持文本、图像、音频和视频的统一理解与生成，已在文心一言 App 和千帆平台上线。",
        source_label=DETAILS,
    ),
    expect(
        "行业动态",
        "亚马逊 AWS 发布 Trainium 3 芯片",
        "https://www.aihub.cn/news/trainium-3",
        "采用 3 纳米工艺，单芯片算力是上一代的 4.4 倍，能效提升 40%，Anthropic 将用它训练下一代 Claude 模型。",
        source_label=DETAILS,
    ),
    expect(
        "行业动态",
        "xAI 发布 Grok 4.1",
        "https://www.aihub.cn/news/grok-4-1",
        "新版本在情感理解和创意写作评测中排名第一，幻觉率较上一版下降约三分之二，已向全部 Grok 用户免费开放，"
        "API 同步上线快速推理版本。",
        source_label=DETAILS,
    ),
    expect(
        "行业动态",
        "Hugging Face 推出 AI Sheets",
        "https://www.aihub.cn/news/ai-sheets",
        "这款开源的表格工具可以用自然语言调用上千个开源模型批量生成、清洗和标注数据，支持本地部署，"
        "也能直接导出到 Hub 作为数据集发布。",
        source_label=DETAILS,
    ),
]

AI_DAILY_1225 = [
    expect(
        "大模型",
        "阿里通义开源了 Qwen3-Coder-480B-A35B 代码模型",
        "https://qwenlm.github.io/blog/qwen3-coder/",
        "在 SWE-bench Verified 上取得 69.6% 的成绩。该模型支持 256K 上下文，"
        "并提供配套的命令行工具 Qwen Code，可直接接入 Claude Code 的工作流。",
        source_label="消息来源",
    ),
    expect(
        "大模型",
        "月之暗面发布 Kimi K2 Thinking 长思考模型",
        "https://moonshotai.github.io/Kimi-K2/thinking.html",
        "官方演示中模型可连续调用 200 次以上工具完成调研任务，API 已在开放平台上线，价格与 K2 相同。",
        source_label="消息来源",
    ),
    expect(
        "产品与应用",
        "字节跳动上线豆包视频生成模型 Seedance 2.0",
        "https://seed.bytedance.com/seedance",
        "新版本支持多镜头叙事和原生音频生成，单条视频最长 20 秒，已在即梦与豆包 App 中开放体验。",
        source_label="链接",
    ),
    expect(
        "产品与应用",
        "Perplexity 推出面向企业的 Comet 浏览器团队版",
        "https://www.perplexity.ai/hub/blog/comet-enterprise",
        "管理员可以统一配置数据保留策略与可访问的网站，浏览器内置的 Agent 能够跨标签页整理资料并生成报告。",
        source_label="消息来源",
    ),
    expect(
        "产品与应用",
        "Notion 发布 AI 会议记录 2.0",
        "https://www.notion.com/releases/2025-12-25",
        "新功能可以自动区分发言人、提取待办事项并同步到数据库，支持中文在内的 16 种语言，商业版用户无需额外付费。",
        source_label="链接",
    ),
    expect(
        "产品与应用",
        "快手可灵上线 2.5 Turbo 视频模型",
        "https://klingai.com/release-notes/2-5-turbo",
        "新版本在运动流畅度和文字理解上明显提升，1080p 视频的生成价格下降约三成，已向全球用户开放。",
        source_label="消息来源",
    ),
    expect(
        "产品与应用",
        "谷歌 NotebookLM 新增视频概览功能",
        "https://blog.google/technology/google-labs/notebooklm-video-overviews/",
        "用户上传资料后可以一键生成带旁白和插图的讲解视频，目前支持中文在内的 80 种语言，免费用户每天可生成 3 个。",
        source_label="链接",
    ),
]

FRONTIER_BRIEF = [
    expect(
        "Models",
        "OpenAI ships GPT-5.2-Codex-XMas",
        "https://openai.com/index/gpt-5-2-codex-xmas/",
        "a holiday build of GPT-5.2-Codex with a longer context window and cheaper cached tokens. "
        "It is available in the Codex CLI and in ChatGPT for Plus and Pro users.",
        source_label="OpenAI blog, 4 min read",
    ),
    expect(
        "Models",
        "Qwen3-Coder-480B lands on Bedrock",
        "https://aws.amazon.com/blogs/aws/qwen3-coder-bedrock/",
        "the open-weight coding model is now a fully managed option in Amazon Bedrock, "
        "with pay-per-token pricing and a 256K context window.",
        source_label="AWS News Blog",
    ),
    expect(
        "Models",
        "Google DeepMind released Gemini 3 Flash to all developers",
        "https://blog.google/technology/developers/gemini-3-flash/",
        "The model matches Gemini 3 Pro on several reasoning benchmarks at a fraction of the price "
        "and is the new default in the Gemini app.",
        source_label="Source",
    ),
    expect(
        "Models",
        "Mistral open-sourced Devstral 2",
        "https://x.com/MistralAI/status/1999000000000000001",
        "a 123B coding model under a modified MIT license, together with a terminal agent called Vibe CLI.",
        source_label="@MistralAI",
    ),
    expect(
        "Models",
        "Meta releases Llama 4.5 Scout",
        "https://ai.meta.com/blog/llama-4-5/",
        "a 109B mixture-of-experts model with a 10M-token context window, released under the Llama "
        "community license with weights on Hugging Face.",
        source_label="Meta AI blog",
    ),
    expect(
        "Models",
        "NVIDIA announced Nemotron 3 Nano",
        "https://blogs.nvidia.com/blog/nemotron-3/",
        "a 30B open model tuned for agents, together with the training data and recipes used to build "
        "it. It runs at twice the speed of similar models on a single H100.",
        source_label="Source",
    ),
    expect(
        "Research",
        "Anthropic published a study of how its models behave when they are told they will be shut down",
        "https://www.anthropic.com/research/shutdown-honesty",
        "The paper reports that explicit honesty training cut deceptive answers by more than half "
        "across all tested models.",
        source_label="Source",
    ),
    expect(
        "Research",
        "A new paper from Stanford shows that small models trained on synthetic textbooks can match "
        "models ten times their size on grade-school math",
        "https://x.com/percyliang/status/1999000000000000002",
        "",
        source_label="@percyliang",
    ),
    expect(
        "Research",
        "DeepMind researchers showed that a single transformer can learn to play 40 Atari games from "
        "pixels with no game-specific tuning",
        "https://deepmind.google/research/atari-40/",
        "The model and evaluation code are open source, and the authors report human-level scores on "
        "31 of the games.",
        source_label="Source",
    ),
    expect(
        "Research",
        "Researchers at Tsinghua released a benchmark of 1,200 long-horizon agent tasks drawn from real "
        "software projects",
        "https://x.com/thu_nlp/status/1999000000000000003",
        "The best model finishes only 38% of them, and most failures come from losing track of earlier steps.",
        source_label="@thu_nlp",
    ),
    expect(
        "Research",
        "Apple researchers found that reasoning models collapse on puzzles beyond a certain size",
        "https://machinelearning.apple.com/research/illusion-of-thinking",
        "Accuracy drops to zero on Tower of Hanoi with more than ten disks, even when the models are "
        "given the algorithm in the prompt.",
        source_label="Source",
    ),
    expect(
        "Research",
        "OpenAI and AMD signed a deal for six gigawatts of Instinct GPUs",
        "https://openai.com/index/openai-amd-strategic-partnership/",
        "The first gigawatt goes live in the second half of 2026, and AMD granted OpenAI warrants for up "
        "to 160 million of its shares.",
        source_label="Source",
    ),
]

GITHUB_TRENDING = [
    expect(
        None,
        "karpathy/nanochat",
        "https://github.com/karpathy/nanochat",
        "⭐️ 9.0/10\n一个只有八千行代码的全栈 ChatGPT 复刻项目，覆盖分词、预训练、指令微调、强化学习与网页聊天界面。"
        "\n在一台 8 卡 H100 服务器上大约 4 小时即可训练出可以对话的小模型。",
        author="karpathy",
    ),
    expect(
        None,
        "microsoft/VibeVoice",
        "https://github.com/microsoft/VibeVoice",
        "⭐️ 8.0/10\n微软开源的长篇语音合成框架，可以一次生成 90 分钟、最多 4 个说话人的播客式对话音频，"
        "支持中英文混合朗读。",
        author="microsoft",
    ),
    expect(
        None,
        "ByteDance/UI-TARS-desktop",
        "https://github.com/bytedance/UI-TARS-desktop",
        "⭐️ 7.5/10\n字节跳动的桌面端多模态 Agent，能够看懂屏幕截图并用鼠标键盘完成操作，"
        "新版本加入了浏览器远程控制与 MCP 工具调用。",
        author="bytedance",
    ),
    expect(
        None,
        "ollama/ollama 发布 0.13 版本",
        "https://github.com/ollama/ollama/releases/tag/v0.13.0",
        "新版本支持在本地运行 Qwen3-VL 与 DeepSeek-OCR，并改进了 Apple Silicon 上的显存调度，启动速度提升约 40%。",
        author="ollama",
    ),
    expect(
        None,
        "Tencent-Hunyuan/HunyuanWorld-Mirror",
        "https://github.com/Tencent-Hunyuan/HunyuanWorld-Mirror",
        "腾讯混元开源的前馈式 3D 重建模型，输入多张照片或一段视频即可在数秒内输出点云、深度图和相机参数，"
        "支持把已知的相机位姿作为先验输入。",
        author="Tencent-Hunyuan",
    ),
    expect(
        None,
        "browser-use/browser-use",
        "https://github.com/browser-use/browser-use",
        "让大模型直接操作浏览器的 Python 库，本周发布的新版本把单步操作延迟降低了一半，"
        "并新增了云端并发会话和失败自动重试。",
        author="browser-use",
    ),
]

DISCORD_RECAP = [
    expect(
        "#general",
        "Claude Code 新增 Hooks 功能引发热议",
        "https://discord.com/channels/1072196207201501266/1072196207201501269/1409000000000000001",
        "多位成员分享了用 Hooks 在每次编辑后自动运行 ruff 与 pytest 的配置，"
        "也有人提醒 Hooks 会以完整用户权限执行命令，建议先在容器中测试。",
        source_label="Discord 原帖",
    ),
    expect(
        "#general",
        "社区对 GPT-5 路由机制的吐槽",
        "https://www.reddit.com/r/OpenAI/comments/1mzq0aa/gpt5_router/",
        "有成员统计了一周内 300 次对话，发现约四成请求被路由到了轻量模型，导致长代码任务质量不稳定；"
        "OpenAI 员工随后回应将开放手动选择模型的开关。相关截图见 Reddit 讨论。",
    ),
    expect(
        "#general",
        "周末黑客松报名开启",
        None,
        "本周六线上举行 24 小时黑客松，主题为多 Agent 协作，前三名可获得 API 额度奖励，组队人数 2 到 4 人。",
    ),
    expect(
        "#research-papers",
        "Hierarchical Reasoning Model 复现结果",
        "https://github.com/lucidrains/hrm-pytorch",
        "成员 @lucidrains 在 ARC-AGI 上复现 HRM，发现大部分提升来自外层迭代的数据增强，"
        "而不是分层结构本身，与原论文结论有出入。",
        source_label="GitHub",
    ),
    expect(
        "#research-papers",
        "关于 Muon 优化器能否扩展到千亿参数的讨论",
        None,
        "Kimi 团队的技术报告被多次引用：他们在 1T 参数的 MoE 模型上使用 MuonClip 稳定训练，"
        "没有出现损失尖峰；也有成员指出该方法在小批量时收益有限。",
    ),
    expect(
        "#showcase",
        "开源项目 OpenHands CLI 发布 1.0 版本",
        "https://github.com/All-Hands-AI/OpenHands",
        "作者展示了在终端中让 Agent 自动修复 GitHub issue 的完整流程，"
        "支持接入本地的 vLLM 服务与 Claude、Gemini 等闭源模型。",
        source_label="OpenHands",
    ),
    expect(
        "#showcase",
        "有人用 Claude 搭了一个自动整理论文的 Telegram 机器人",
        "https://github.com/example/paper-bot",
        "机器人每天抓取 arXiv 上 cs.CL 与 cs.LG 的新论文，按成员订阅的关键词生成中文摘要并推送，"
        "源码与部署脚本都已公开。",
        source_label="paper-bot",
    ),
    expect(
        "#showcase",
        "本地跑 Qwen3-VL 的显存实测",
        None,
        "成员对比了 4B、8B 与 32B 三个尺寸在 RTX 4090 上的表现：8B 量化后只需 9GB 显存，"
        "看图问答速度约为每秒 40 个 Token，32B 则需要双卡才能流畅运行。",
    ),
    expect(
        "#showcase",
        "开源语音克隆项目 IndexTTS 2 上手体验",
        "https://discord.com/channels/1072196207201501266/1072196207201501270/1409000000000000009",
        "多位成员测试后认为它在中文情感表达和时长控制上明显好于同类项目，只需 5 秒参考音频即可克隆音色，"
        "不过显存占用较高，推理需要至少 12GB。",
        source_label="Discord 原帖",
    ),
]

AI_ZAOBAO = [
    expect(
        "大模型动态",
        "OpenAI 发布 GPT-5.2",
        "https://openai.com/index/introducing-gpt-5-2/",
        "新模型在长上下文检索和工具调用上明显进步，ARC-AGI-2 得分提升到 52.9%，同时推出更便宜的 Instant 档位。",
        source_label="来源",
    ),
    expect(
        "大模型动态",
        "Anthropic 推出 Claude Opus 4.5",
        "https://www.anthropic.com/news/claude-opus-4-5",
        "官方称其为目前最擅长写代码和操作电脑的模型，价格下调到每百万输入 Token 5 美元，并在 Claude Code 中默认启用。",
        source_label="来源",
    ),
    expect(
        "开源模型动态",
        "腾讯混元开源 HunyuanVideo 1.5",
        "https://github.com/Tencent-Hunyuan/HunyuanVideo-1.5",
        "83 亿参数的视频生成模型可以在 14GB 显存的消费级显卡上运行，生成 5 秒 720p 视频约需 75 秒。",
        source_label="来源",
    ),
    expect(
        "开源模型动态",
        "小米开源 MiMo-V2-Flash",
        "https://huggingface.co/XiaomiMiMo/MiMo-V2-Flash",
        "总参数 3090 亿、激活参数 150 亿的 MoE 模型采用混合滑动窗口注意力，推理速度达到每秒 150 个 Token，"
        "权重以 MIT 协议发布。",
        source_label="来源",
    ),
    expect(
        "具身智能",
        "宇树科技发布 H2 人形机器人",
        "https://www.unitree.com/h2",
        "身高 180 厘米、体重 70 公斤，全身 31 个自由度，官方视频展示了连续空翻和舞蹈动作，售价尚未公布。",
        source_label="来源",
    ),
    expect(
        "具身智能",
        "Figure 公布 Helix 家务演示",
        "https://www.figure.ai/news/helix-home",
        "机器人在陌生厨房里完成了装洗碗机和叠毛巾等任务，全程由单一视觉语言动作模型控制，没有遥操作介入。",
        source_label="来源",
    ),
    expect(
        "应用与产品",
        "微软 Copilot 上线 Mico 虚拟形象与群聊功能",
        "https://www.microsoft.com/en-us/microsoft-copilot/blog/copilot-fall-release/",
        "最多 32 人可以在同一个对话中与 Copilot 协作，新增的“真实对话”模式会在用户观点有误时主动提出反对意见。",
        source_label="来源",
    ),
    expect(
        "应用与产品",
        "阶跃星辰开源 Step-Audio 2 端到端语音模型",
        "https://github.com/stepfun-ai/Step-Audio2",
        "在语音识别、副语言理解和语音对话多项评测中超过同类开源模型，支持在对话中调用搜索工具获取实时信息。",
        source_label="来源",
    ),
]

AI_HOTSPOT = [
    expect(
        None,
        "Meta 发布开源世界模型 V-JEPA 2.5",
        "https://x.com/ylecun/status/2001800000000000001",
        "可以根据视频预测物体接下来的运动轨迹，并已用于机器人抓取规划。",
        source_label="@ylecun",
    ),
    expect(
        None,
        "Figure 创始人 Brett Adcock 表示 Figure 03 将在明年进入家庭试点",
        "https://x.com/adcock_brett/status/2001800000000000002",
        "首批 100 台交付给早期用户，月租价格尚未公布。",
        source_label="@adcock_brett",
    ),
    expect(
        None,
        "Sakana AI 提出 Continuous Thought Machine 架构",
        "https://x.com/SakanaAILabs/status/2001800000000000003",
        "让神经元按时间同步来表示信息，在迷宫求解任务上展示出可解释的逐步推理过程。",
        source_label="推文",
    ),
    expect(
        None,
        "苹果被曝将在 iOS 27 中接入 Gemini 驱动的新版 Siri",
        "https://www.bloomberg.com/news/articles/2025-12-18/apple-gemini-siri",
        "谷歌每年收取约 10 亿美元费用，苹果自研模型仍负责设备端任务。",
        source_label="更多详情",
    ),
    expect(
        None,
        "Anthropic 完成新一轮 130 亿美元融资",
        "https://www.anthropic.com/news/series-f",
        "投后估值达到 1830 亿美元，由 ICONIQ 领投，资金将用于扩充算力与国际业务。",
        source_label="此处",
    ),
    expect(
        None,
        "Runway 发布 Gen-4.5 视频模型",
        "https://x.com/runwayml/status/2001800000000000006",
        "在第三方盲测榜单上超过 Veo 3 位列第一，支持更精确的镜头运动控制，付费用户本周起可用。",
        source_label="@runwayml",
    ),
]

AI_WEEKLY = [
    expect(
        "本周要闻",
        "Google 发布 Gemini 3 Pro",
        "https://blog.google/products/gemini/gemini-3/",
        "新模型在 Humanity's Last Exam 上得分 37.5%，同时推出 Antigravity 编程平台，"
        "开发者可以让多个 Agent 在编辑器、终端和浏览器之间协作完成任务。",
        source_label="Google 官方博客",
    ),
    expect(
        "本周要闻",
        "xAI 开源 Grok 2.5 权重",
        "https://huggingface.co/xai-org/grok-2",
        "约 2700 亿参数的 MoE 模型以自定义社区许可证发布，马斯克表示 Grok 3 将在半年后开源。",
        source_label="Hugging Face",
    ),
    expect(
        "本周要闻",
        "Hugging Face 收购 Pollen Robotics",
        "https://huggingface.co/blog/hugging-face-pollen-robotics-acquisition",
        "双方将共同推出售价 299 美元的桌面机器人 Reachy Mini，所有软件与硬件设计全部开源。",
        source_label="HF 博客",
    ),
    expect(
        "本周要闻",
        "Anthropic 发布 Claude Haiku 4.5",
        "https://www.anthropic.com/news/claude-haiku-4-5",
        "小模型在 SWE-bench Verified 上得分 73.3%，与五个月前的 Sonnet 4 相当，价格只有其三分之一，速度快一倍以上。",
        source_label="Anthropic",
    ),
    expect(
        "本周要闻",
        "OpenAI 推出 Sora 2 与同名社交应用",
        "https://openai.com/index/sora-2/",
        "新模型可以生成带同步对白和音效的视频，物理效果明显更真实，用户还能在应用里授权他人使用自己的形象。",
        source_label="OpenAI",
    ),
    expect(
        "本周要闻",
        "DeepSeek 发布 V3.2 并大幅降价",
        "https://api-docs.deepseek.com/news/news250929",
        "新版本引入稀疏注意力机制，长文本推理成本下降一半以上，API 输入价格降至每百万 Token 0.2 元，输出价格下调 75%。",
        source_label="DeepSeek 官方",
    ),
    expect(
        "本周要闻",
        "Figure 完成 10 亿美元 C 轮融资",
        "https://www.figure.ai/news/series-c",
        "投后估值达到 390 亿美元，资金将用于扩大人形机器人的量产规模，并建设用于训练 Helix 模型的 GPU 集群。",
        source_label="Figure 官网",
    ),
    expect(
        "数字速览",
        "英伟达本季度数据中心收入达到 512 亿美元，同比增长 66%，占公司总收入的九成",
        None,
        "",
    ),
    expect("数字速览", "ChatGPT 周活跃用户突破 8 亿，其中企业付费席位超过 700 万个", None, ""),
    expect("数字速览", "中国大模型备案数量累计超过 500 个，其中本周新增 23 个", None, ""),
    expect("数字速览", "Hugging Face 上的开源模型数量突破 200 万，本周新增约 4.6 万个", None, ""),
    expect(
        "数字速览",
        "本周全球 AI 领域共披露融资 86 笔，总金额约 214 亿美元，其中机器人公司占三成",
        None,
        "",
    ),
    expect("数字速览", "arXiv 本周新增机器学习相关论文 4,300 余篇，环比增长 12%", None, ""),
]

# file → (published_at, date_source, series, items)
# Chat-channel posts: a title line, the summary, a bare `🔗 https://…` line; an
# announcement on top and a promo at the bottom are not news.
AI_CHANNEL = [
    expect(
        None,
        "DeepSeek 开源 V4 模型",
        "https://api-docs.deepseek.com/news/v4",
        "DeepSeek 发布 DeepSeek-V4，采用新的稀疏注意力，API 价格再降 50%。",
    ),
    expect(
        None,
        "月之暗面推出 Kimi K3",
        "https://moonshot.ai/blog/k3",
        "Kimi K3 支持 200 万 token 上下文，Z.ai 与 MiniMax 也在同日更新了模型。",
    ),
    expect(
        None,
        "Figure 03 进入宝马工厂",
        "https://www.figure.ai/news/figure-03-bmw",
        "Figure AI 表示新一代人形机器人 Figure 03 已在宝马工厂完成首批部署。",
    ),
    expect(
        None,
        "英伟达发布 Rubin Ultra 路线图",
        "https://nvidianews.nvidia.com/news/rubin-ultra",
        "黄仁勋在 CES 2026 主题演讲中公布 Rubin Ultra 机架方案，单机柜功耗达到 600 千瓦，"
        "预计 2027 年下半年出货；同时宣布与台积电合作的 CPO 交换机进入量产。",
    ),
]

# Bold numbered paragraphs over their summaries, a link list with the publication after
# a dash, a bold bullet with its summary on the next line, a bold subscription footer.
MODEL_ROUNDUP = [
    expect(
        None,
        "Qwen3.5-Max 登顶 LMArena",
        "https://qwen.ai/blog/qwen3.5-max",
        "阿里 Qwen 团队发布 Qwen3.5-Max，在 LMArena 文本榜排名第一。",
        source_label="来源",
    ),
    expect(
        None,
        "Mistral Medium 4 开放权重",
        None,
        "Mistral AI 以 Apache 2.0 许可发布 Mistral Medium 4。\n该模型可在单张 H200 上运行。",
    ),
    expect(
        "Links",
        "Anthropic ships Claude Opus 5",
        "https://www.anthropic.com/news/claude-opus-5",
        "",
        source_label="The Verge",
    ),
    expect(
        "Links",
        "Google DeepMind unveils Genie 4",
        "https://deepmind.google/genie-4",
        "",
        source_label="techcrunch.com",
    ),
    expect(
        "Links",
        "Ai2 发布 OLMo 4",
        "https://allenai.org/olmo-4",
        "完全开源的 32B 模型，附带训练数据与代码。",
        source_label="论文",
    ),
]

FIXTURES = {
    "ai-daily/cn_2025-12_2025-12-24.md": (
        datetime(2025, 12, 24, tzinfo=CST),
        "title",
        "AI资讯日报",
        AI_DAILY_1224,
    ),
    "ai-daily/cn_2025-12_2025-12-25.md": (
        datetime(2025, 12, 25, tzinfo=CST),
        "file_name",
        "AI资讯日报",
        AI_DAILY_1225,
    ),
    "frontier-brief/2025-12-23-issue-118.md": (
        datetime(2025, 12, 23, 6, tzinfo=UTC),
        "front_matter",
        "Frontier AI Brief",
        FRONTIER_BRIEF,
    ),
    "github-trending/20251222T112417Z.md": (
        datetime(2025, 12, 22, 11, 24, 17, tzinfo=UTC),
        "file_name",
        "GitHub 热门项目精选",
        GITHUB_TRENDING,
    ),
    "discord-recap/recap_2025-08-25.md": (
        datetime(2025, 8, 25, 11, 23, 23, tzinfo=UTC),
        "leading_line",
        "Discord 社区日报：AI 开发者频道精选",
        DISCORD_RECAP,
    ),
    "ai-zaobao/25-12-20-ai-zaobao.md": (
        datetime(2025, 12, 20, tzinfo=CST),
        "title",
        "AI早报",
        AI_ZAOBAO,
    ),
    "ai-hotspot/hotspot-2025-no51.md": (
        datetime(2025, 12, 19, tzinfo=CST),
        "title",
        "AI 热点速递",
        AI_HOTSPOT,
    ),
    "ai-channel/2026-01-06.md": (
        datetime(2026, 1, 6, 20, tzinfo=CST),
        "front_matter",
        "AI 频道速递",
        AI_CHANNEL,
    ),
    "model-roundup/2026-01-07-roundup.md": (
        datetime(2026, 1, 7, tzinfo=CST),
        "front_matter",
        "Model Roundup",
        MODEL_ROUNDUP,
    ),
    "ai-weekly/25-12-19-ai-weekly.md": (
        datetime(2025, 12, 19, tzinfo=CST),
        "file_name",
        "AI 周报",
        AI_WEEKLY,
    ),
}


@pytest.mark.parametrize("relative", sorted(FIXTURES))
def test_fixture_items_exactly(relative):
    result = parse(relative)
    published_at, date_source, series, items = FIXTURES[relative]
    assert result.ok, result.problems
    assert result.digest.published_at == published_at
    assert result.digest.published_at.utcoffset() == published_at.utcoffset()
    assert result.digest.date_source == date_source
    assert result.digest.series == series
    assert [item_fields(it) for it in result.items] == items
    assert [it.position for it in result.items] == list(range(1, len(items) + 1))


@pytest.mark.parametrize("relative", sorted(FIXTURES))
def test_every_fallback_date_is_a_warning(relative):
    result = parse(relative)
    warnings = [p.reason for p in result.problems if p.severity == "warning"]
    source = FIXTURES[relative][1]
    year_borrowed = relative.startswith(("ai-zaobao", "ai-hotspot"))  # `12月20日`, `12-19`
    if source in ("leading_line", "file_name") or year_borrowed:
        assert any("dated from" in w for w in warnings), warnings
    else:
        assert not any("dated from" in w for w in warnings), warnings


def test_invalid_front_matter_date_falls_back_with_a_warning():
    result = parse("ai-zaobao/25-12-20-ai-zaobao.md")
    reasons = [p.reason for p in result.problems if p.severity == "warning"]
    assert any("'2026-06-010' is not a valid date" in r for r in reasons), reasons
    assert result.digest.tags == ["大模型", "开源", "具身智能"]
    assert result.digest.categories == ["AI News"]


def test_front_matter_tags_series_and_utc_offset():
    digest = parse("frontier-brief/2025-12-23-issue-118.md").digest
    assert digest.tags == ["agents", "open-source", "chips"]
    assert digest.categories == ["AI News", "Models"]
    assert digest.published_at.utcoffset() == timedelta(0)


def test_heading_items_meta_line_tags_and_reference_links():
    items = parse("github-trending/20251222T112417Z.md").items
    first = items[0]
    assert (first.author, first.author_site) == ("karpathy", "GitHub")
    assert first.tags == ["LLM", "训练", "教程"]
    assert first.extra_urls == [
        "https://github.com/karpathy/nanochat/discussions/1",
        "https://x.com/karpathy/status/1977755427569111362",
    ]
    assert [it.tags for it in items[1:]] == [
        ["TTS", "语音"],
        ["Agent", "MCP"],
        ["本地部署"],
        ["3D", "重建"],
        ["Agent", "浏览器"],
    ]
    assert [it.author_site for it in items] == ["GitHub"] * 6
    assert [it.source_line for it in items] == [9, 27, 37, 45, 53, 61]


def test_x_handle_source_labels_keep_the_handle_of_the_url():
    items = parse("ai-hotspot/hotspot-2025-no51.md").items
    assert all(it.extra_urls == [] for it in items)  # the QR-code banner below is no item's
    assert [it.handle for it in items] == [
        "ylecun",
        "adcock_brett",
        "SakanaAILabs",
        None,
        None,
        "runwayml",
    ]


def test_not_kept_blocks_are_reported_with_lines():
    result = parse("ai-daily/cn_2025-12_2025-12-24.md")
    unkept = {block.line: block.kind for block in result.coverage.unkept}
    assert unkept[1] == "title"
    assert unkept[7] == "table of contents"
    assert unkept[31] == "promo"
    assert unkept[47] == "footer" and unkept[49] == "footer"
    assert all(block.line > 0 and block.text for block in result.coverage.unkept)


FIXTURE_FILES = sorted(SHAPES.rglob("*.md"))


def test_every_fixture_is_in_the_expectations():
    assert sorted(str(p.relative_to(SHAPES)) for p in FIXTURE_FILES) == sorted(FIXTURES)


def test_text_kept_over_the_fixture_set_is_at_least_90_percent():
    results = [parse_digest(p.read_bytes(), str(p)) for p in FIXTURE_FILES]
    kept = sum(r.coverage.kept_chars for r in results)
    total = sum(r.coverage.total_chars for r in results)
    assert total > 4000
    assert kept / total >= 0.90, {
        p.name: r.digest.text_kept for p, r in zip(FIXTURE_FILES, results, strict=True)
    }
    for result in results:
        assert result.digest.text_kept == pytest.approx(
            result.coverage.kept_chars / result.coverage.total_chars
        )
        assert result.digest.text_kept >= 0.75


def test_no_generic_headline_over_the_fixture_set():
    headlines = [
        it.headline for p in FIXTURE_FILES for it in parse_digest(p.read_bytes(), str(p)).items
    ]
    assert len(headlines) == sum(len(v[3]) for v in FIXTURES.values())
    assert [h for h in headlines if is_generic_link_text(h) or h.startswith("@")] == []


def test_reference_format_is_read_completely(tmp_path: Path):
    result = parse_digest((DATA / "reference_copy.md").read_bytes(), "reference_copy.md")
    assert result.digest.text_kept >= 0.99
    assert result.coverage.unkept == []


def test_news_that_mentions_a_boilerplate_word_is_still_news():
    text = (
        "# 日报 2026/01/05\n\n"
        "## 广告与营销\n\n"
        "1.  [苹果启动77人规模招聘，重点投入computer use-Rowan Cheung](https://x.com/rowancheung/status/1)\n\n"
        "    苹果宣布启动77人规模的招聘计划。\n\n"
        "2.  **OpenAI 推出广告投放平台**：广告主可以在 ChatGPT 中投放赞助回答，[来源](https://openai.com/ads)。\n\n"
        "📢 **广告**：极客云 GPU 5 折，[立即抢购](https://geekcloud.example.com)\n"
    )
    result = parse_digest(text, "/d/x.md")
    assert [(it.section, it.headline, it.author) for it in result.items] == [
        ("广告与营销", "苹果启动77人规模招聘，重点投入computer use", "Rowan Cheung"),
        ("广告与营销", "OpenAI 推出广告投放平台", None),
    ]
    assert [b.kind for b in result.coverage.unkept] == ["title", "promo"]


def test_a_handle_link_in_front_and_an_attribution_in_brackets_are_source_labels():
    text = (
        "# 测试 2026/01/05\n\n"
        "- [@karpathy](https://x.com/karpathy/status/1)：发布了新的 nanochat 教程，"
        "从零训练一个小模型只需 100 美元。\n"
        "- OpenAI Inc. released o5 to U.S. users. It is 2x faster. (via [The Verge](https://www.theverge.com/o5))\n"
    )
    items = parse_digest(text, "/d/x.md").items
    assert [(it.headline, it.summary, it.source_label, it.url) for it in items] == [
        (
            "发布了新的 nanochat 教程，从零训练一个小模型只需 100 美元",
            "",
            "@karpathy",
            "https://x.com/karpathy/status/1",
        ),
        (
            "OpenAI Inc. released o5 to U.S. users",
            "It is 2x faster.",
            "The Verge",
            "https://www.theverge.com/o5",
        ),
    ]


def test_bold_lines_and_label_entries_are_sections():
    text = (
        "# Recap 2025-08-25\n\n"
        "**模型发布**\n\n"
        "- 阿里开源 Qwen3-Next 模型。 [来源](https://qwen.ai/next)\n\n"
        "- **#general**\n"
        "  - 成员讨论 Claude Code 的 Hooks 用法。 [原帖](https://discord.com/channels/1/2/3)\n"
        "  - 有人分享了 MCP 服务器清单。 [链接](https://github.com/example/mcp-list)\n"
        "- **#papers**\n"
        "  - HRM 复现结果与原论文有出入。 [GitHub](https://github.com/example/hrm)\n"
    )
    items = parse_digest(text, "/d/x.md").items
    assert [(it.section, it.headline, it.url) for it in items] == [
        ("模型发布", "阿里开源 Qwen3-Next 模型", "https://qwen.ai/next"),
        ("#general", "成员讨论 Claude Code 的 Hooks 用法", "https://discord.com/channels/1/2/3"),
        ("#general", "有人分享了 MCP 服务器清单", "https://github.com/example/mcp-list"),
        ("#papers", "HRM 复现结果与原论文有出入", "https://github.com/example/hrm"),
    ]


def test_a_bold_headline_with_a_nested_reference_list_stays_one_item():
    text = (
        "# 日报 2026/01/05\n\n"
        "- **OpenAI 发布 GPT-6**\n"
        "  - [论文](https://openai.com/gpt-6.pdf)\n"
        "  - [博客](https://openai.com/gpt-6)\n"
    )
    items = parse_digest(text, "/d/x.md").items
    assert [(it.headline, it.url, it.extra_urls) for it in items] == [
        ("OpenAI 发布 GPT-6", "https://openai.com/gpt-6.pdf", ["https://openai.com/gpt-6"])
    ]


def test_numbered_heading_with_linked_paragraphs_is_one_item_under_the_enclosing_section():
    text = (
        "---\ntitle: Weekly AI 2026-01-05\n---\n\n"
        "## 1. Top stories\n\n"
        "1. OpenAI 发布 [GPT-5](https://openai.com/gpt-5)，性能大幅提升。\n\n"
        "### 2. 谷歌发布 Gemini 4\n\n"
        "谷歌今天发布了 [Gemini 4](https://blog.google/g4)，支持百万上下文。\n\n"
        "开发者可以在 [AI Studio](https://aistudio.google.com) 免费试用。\n\n"
        "### 3. Anthropic 融资\n\n"
        "Anthropic 完成新一轮融资。\n"
    )
    items = parse_digest(text, "/d/x.md").items
    assert [(it.section, it.headline, it.url, it.summary) for it in items] == [
        ("Top stories", "OpenAI 发布 GPT-5，性能大幅提升", "https://openai.com/gpt-5", ""),
        (
            "Top stories",
            "谷歌发布 Gemini 4",
            "https://blog.google/g4",
            "谷歌今天发布了 Gemini 4，支持百万上下文。\n开发者可以在 AI Studio 免费试用。",
        ),
        ("Top stories", "Anthropic 融资", None, "Anthropic 完成新一轮融资。"),
    ]
    assert items[1].extra_urls == ["https://aistudio.google.com"]


def test_table_rows_with_links_are_items():
    text = (
        "# GitHub 热榜 2025-12-22\n\n"
        "| # | 项目 | 简介 | Stars |\n"
        "|---|---|---|---|\n"
        "| 1 | [karpathy/nanochat](https://github.com/karpathy/nanochat) | 八千行代码的全栈 ChatGPT 复刻 | ⭐ 32.1k |\n"
        "| 2 | [microsoft/VibeVoice](https://github.com/microsoft/VibeVoice) | 长篇多人语音合成 | ⭐ 8.4k |\n"
    )
    result = parse_digest(text, "/d/x.md")
    assert [(it.headline, it.url, it.summary, it.source_line) for it in result.items] == [
        (
            "karpathy/nanochat",
            "https://github.com/karpathy/nanochat",
            "八千行代码的全栈 ChatGPT 复刻 | ⭐ 32.1k",
            5,
        ),
        (
            "microsoft/VibeVoice",
            "https://github.com/microsoft/VibeVoice",
            "长篇多人语音合成 | ⭐ 8.4k",
            6,
        ),
    ]
    assert [b.kind for b in result.coverage.unkept] == ["title", "table header"]


def test_plain_heading_with_a_read_more_line_is_an_item():
    text = (
        "# The Batch 2026-01-05\n\n"
        "### Anthropic opens Claude to government agencies\n\n"
        "Agencies can now buy Claude through a new program with data kept in the US.\n\n"
        "[Read more →](https://www.anthropic.com/news/gov)\n"
    )
    items = parse_digest(text, "/d/x.md").items
    assert [(it.headline, it.url, it.summary) for it in items] == [
        (
            "Anthropic opens Claude to government agencies",
            "https://www.anthropic.com/news/gov",
            "Agencies can now buy Claude through a new program with data kept in the US.",
        )
    ]


def test_a_list_of_headlines_without_links_above_the_items_is_a_table_of_contents():
    text = (
        "# AI 日报 2026/01/05\n\n"
        "**今日要点**\n\n"
        "1. OpenAI 发布 GPT-5.5\n"
        "2. 谷歌开源 Gemma 4\n\n"
        "## 正文\n\n"
        "1. **OpenAI 发布 GPT-5.5**：工具调用更稳定。[来源](https://openai.com/gpt-5-5)\n"
        "2. **谷歌开源 Gemma 4**：提供三个尺寸。[来源](https://blog.google/gemma-4)\n"
    )
    result = parse_digest(text, "/d/x.md")
    assert [(it.section, it.headline) for it in result.items] == [
        ("正文", "OpenAI 发布 GPT-5.5"),
        ("正文", "谷歌开源 Gemma 4"),
    ]
    assert [(b.line, b.kind) for b in result.coverage.unkept] == [
        (1, "title"),
        (3, "heading"),
        (5, "table of contents"),
        (6, "table of contents"),
    ]


def test_a_bold_headline_on_its_own_line_ends_at_the_line_break():
    # The summary on the next line of the same list entry (no blank line between) is
    # the summary, not more headline.
    text = (
        "# 每日AI快讯 2025-12-01\n\n"
        "1. **Hugging Face 发布 SmolLM3**\n"
        "   开源 3B 参数小模型 **SmolLM3**，支持双模式推理。[来源](https://huggingface.co/blog/smollm3)\n"
        "2. **Ai2 发布 OLMo 3**  \n"
        "   完全开源的 7B 与 32B 模型，附带训练数据。\n"
    )
    items = parse_digest(text, "/d/x.md").items
    assert [(it.headline, it.summary, it.url, it.source_label) for it in items] == [
        (
            "Hugging Face 发布 SmolLM3",
            "开源 3B 参数小模型 SmolLM3，支持双模式推理。",
            "https://huggingface.co/blog/smollm3",
            "来源",
        ),
        ("Ai2 发布 OLMo 3", "完全开源的 7B 与 32B 模型，附带训练数据。", None, None),
    ]


def test_a_sponsor_line_in_the_news_list_is_not_an_item():
    text = (
        "# AI News 2026-01-05\n\n"
        "- OpenAI ships GPT-6 to all users. [source](https://openai.com/gpt-6)\n"
        "- Brought to you by our sponsor: ship production-grade RAG in minutes with a free"
        " trial, no credit card required.\n"
        "- Google releases Gemini 4. [source](https://blog.google/g4)\n"
    )
    result = parse_digest(text, "/d/x.md")
    assert [it.headline for it in result.items] == [
        "OpenAI ships GPT-6 to all users",
        "Google releases Gemini 4",
    ]
    assert [b.kind for b in result.coverage.unkept] == ["title", "promo"]


def test_a_short_first_line_is_the_headline_and_a_wrapped_sentence_is_not_cut():
    text = (
        "# 日报 2026/01/05\n\n"
        "1. OpenAI 发布 GPT-6\n"
        "   新模型支持百万上下文。[来源](https://openai.com/gpt-6)\n"
        "2. Google released Gemini 4 today, bringing a million-token context window and\n"
        "   lower prices for developers. [source](https://blog.google/g4)\n"
        "3. Anthropic 推出 Claude 5，\n"
        "   支持电脑操作。[来源](https://anthropic.com/claude-5)\n"
    )
    items = parse_digest(text, "/d/x.md").items
    assert [(it.headline, it.summary) for it in items] == [
        ("OpenAI 发布 GPT-6", "新模型支持百万上下文。"),
        (
            "Google released Gemini 4 today",
            "bringing a million-token context window and lower prices for developers.",
        ),
        ("Anthropic 推出 Claude 5，支持电脑操作", ""),
    ]


def test_keycap_numbers_are_item_numbers():
    text = (
        "# 日报 2026/01/05\n\n"
        "1️⃣ **OpenAI 发布 GPT-6**：新模型支持百万上下文。[来源](https://openai.com/gpt-6)\n\n"
        "🔟 **谷歌发布 Gemini 4**：支持多模态。[来源](https://blog.google/g4)\n"
    )
    items = parse_digest(text, "/d/x.md").items
    assert [(it.headline, it.summary) for it in items] == [
        ("OpenAI 发布 GPT-6", "新模型支持百万上下文。"),
        ("谷歌发布 Gemini 4", "支持多模态。"),
    ]


def test_a_publication_after_a_dash_is_the_source_label_and_a_sentence_is_the_summary():
    text = (
        "# Links 2026-01-05\n\n"
        "- [OpenAI launches GPT-6](https://openai.com/gpt-6) - The Verge\n"
        "- [Google releases Gemini 4](https://blog.google/g4) — blog.google\n"
        "- [Anthropic ships Claude 5](https://anthropic.com/c5) - It can now use a computer.\n"
    )
    items = parse_digest(text, "/d/x.md").items
    assert [(it.headline, it.summary, it.source_label) for it in items] == [
        ("OpenAI launches GPT-6", "", "The Verge"),
        ("Google releases Gemini 4", "", "blog.google"),
        ("Anthropic ships Claude 5", "It can now use a computer.", None),
    ]


def test_a_bold_line_over_plain_paragraphs_is_a_headline_and_over_linked_headlines_a_section():
    text = (
        "# 日报 2026/01/05\n\n"
        "**1. OpenAI 发布 GPT-6**\n\n"
        "新模型支持百万上下文。[来源](https://openai.com/gpt-6)\n\n"
        "**2. 谷歌发布 Gemini 4**\n\n"
        "支持多模态。\n\n"
        "价格与 Gemini 3 相同。\n\n"
        "**🔥 Anthropic 推出 Claude 5**\n\n"
        "支持电脑操作，[详情](https://anthropic.com/claude-5)。\n\n"
        "**📬 订阅我们**\n\n"
        "每天 3 分钟读完全球 AI 大事，点击上方蓝字关注。\n"
    )
    result = parse_digest(text, "/d/x.md")
    assert [(it.headline, it.summary, it.url) for it in result.items] == [
        ("OpenAI 发布 GPT-6", "新模型支持百万上下文。", "https://openai.com/gpt-6"),
        ("谷歌发布 Gemini 4", "支持多模态。\n价格与 Gemini 3 相同。", None),
        ("Anthropic 推出 Claude 5", "支持电脑操作。", "https://anthropic.com/claude-5"),
    ]
    assert "footer" in [b.kind for b in result.coverage.unkept]


def test_chat_channel_posts_with_a_title_line_and_a_bare_url_are_items():
    text = (
        "# AI 频道 2026/01/05\n\n"
        "🔥 OpenAI 发布 GPT-6\n\n"
        "新模型支持百万上下文，价格下降一半。\n\n"
        "🔗 https://openai.com/gpt-6\n\n"
        "🔥 谷歌发布 Gemini 4\n\n"
        "支持多模态，Z.ai 与 Character.AI 已接入。\n\n"
        "🔗 https://blog.google/g4\n\n"
        "感谢阅读，明天见\n"
    )
    result = parse_digest(text, "/d/x.md")
    assert [(it.headline, it.summary, it.url) for it in result.items] == [
        ("OpenAI 发布 GPT-6", "新模型支持百万上下文，价格下降一半。", "https://openai.com/gpt-6"),
        (
            "谷歌发布 Gemini 4",
            "支持多模态，Z.ai 与 Character.AI 已接入。",
            "https://blog.google/g4",
        ),
    ]
    assert [b.text for b in result.coverage.unkept if b.kind == "text"] == ["感谢阅读，明天见"]
    assert result.digest.text_kept >= 0.85


def test_a_short_line_inside_a_heading_item_stays_in_it():
    text = (
        "# 日报 2026/01/05\n\n"
        "### 1. OpenAI 发布 GPT-6\n\n"
        "**核心要点**\n\n"
        "支持百万上下文\n\n"
        "价格下降一半。\n\n"
        "[原文链接](https://openai.com/gpt-6)\n"
    )
    items = parse_digest(text, "/d/x.md").items
    assert [(it.headline, it.url) for it in items] == [
        ("OpenAI 发布 GPT-6", "https://openai.com/gpt-6")
    ]
    assert "核心要点" in items[0].summary and "价格下降一半" in items[0].summary


def test_a_bare_url_after_a_pointing_emoji_is_the_link_and_names_no_source():
    text = (
        "# 日报 2026/01/05\n\n"
        "🚀 **OpenAI 发布 GPT-6**\n"
        "新模型支持百万上下文。\n"
        "👉 https://openai.com/gpt-6\n\n"
        "- @OpenAI: We're launching GPT-6 today. https://x.com/OpenAI/status/1\n"
    )
    items = parse_digest(text, "/d/x.md").items
    assert [(it.headline, it.summary, it.url, it.source_label) for it in items] == [
        ("OpenAI 发布 GPT-6", "新模型支持百万上下文。", "https://openai.com/gpt-6", None),
        ("@OpenAI: We're launching GPT-6 today", "", "https://x.com/OpenAI/status/1", None),
    ]


def test_a_title_case_or_chinese_summary_after_a_dash_stays_the_summary():
    text = (
        "# Links 2026-01-05\n\n"
        "- [GPT-6 launch](https://openai.com/gpt-6) - New Reasoning Mode For Everyone\n"
        "- [Claude 5](https://anthropic.com/c5) - Now GA\n"
        "- [标题一](https://example.com/1) - GPT-6今天正式发布\n"
        "- [标题二](https://example.com/2) — 量子位\n"
    )
    items = parse_digest(text, "/d/x.md").items
    assert [(it.summary, it.source_label) for it in items] == [
        ("New Reasoning Mode For Everyone", None),
        ("Now GA", None),
        ("GPT-6今天正式发布", None),
        ("", "量子位"),
    ]


def test_a_wrapped_english_sentence_is_not_cut_at_its_line_break():
    text = (
        "# News 2026-01-05\n\n"
        "- Anthropic released Claude 5 on Tuesday\n"
        "  with better coding and a longer context window. [source](https://anthropic.com/c5)\n"
        "- **Anthropic**\n"
        "  shipped Claude 5 to all users. [source](https://anthropic.com/c5b)\n"
        "- OpenAI ships GPT-6 to the\n"
        "  API and ChatGPT. [source](https://openai.com/gpt-6)\n"
    )
    items = parse_digest(text, "/d/x.md").items
    assert [it.headline for it in items] == [
        "Anthropic released Claude 5 on Tuesday with better coding and a longer context window",
        "Anthropic shipped Claude 5 to all users",
        "OpenAI ships GPT-6 to the API and ChatGPT",
    ]


def test_bold_and_plain_labels_over_linked_items_are_not_items():
    linked_paragraphs = (
        "# Weekly 2026-01-05\n\n"
        "**Research**\n\n"
        "[Paper X](https://arxiv.org/abs/1) - a new method for long context.\n\n"
        "[Paper Y](https://arxiv.org/abs/2) - a benchmark for agents.\n"
    )
    intro_then_list = (
        "# Weekly 2026-01-05\n\n"
        "**Models**\n\n"
        "This week was busy.\n\n"
        "- [GPT-6](https://openai.com/a) released with a million tokens.\n"
        "- [Claude 5](https://anthropic.com/b) released with computer use.\n"
    )
    intro_line = (
        "# Weekly 2026-01-05\n\n"
        "Today's top stories\n\n"
        "[OpenAI ships GPT-6](https://openai.com/a) with a million tokens.\n\n"
        "[Claude 5 arrives](https://anthropic.com/b) with computer use.\n\n"
        "[Archive](https://example.com/archive)\n"
    )
    assert [it.headline for it in parse_digest(linked_paragraphs, "/d/x.md").items] == [
        "Paper X",
        "Paper Y",
    ]
    assert [it.headline for it in parse_digest(intro_then_list, "/d/x.md").items] == [
        "GPT-6",
        "Claude 5",
    ]
    assert [it.headline for it in parse_digest(intro_line, "/d/x.md").items] == [
        "OpenAI ships GPT-6",
        "Claude 5 arrives",
    ]


def test_bare_urls_end_at_chinese_text_and_do_not_make_a_loose_paragraph_news():
    text = (
        "# D 2026/01/05\n\n"
        "See https://example.com/archive for older issues.\n\n"
        "1. OpenAI 发布 GPT-6，详情 https://openai.com/x项目已开源\n\n"
        "| 模型 | 链接 | 说明 |\n|---|---|---|\n| GPT-6 | https://openai.com/y | new reasoning |\n"
    )
    result = parse_digest(text, "/d/x.md")
    assert [(it.headline, it.url) for it in result.items] == [
        ("OpenAI 发布 GPT-6，详情 https://openai.com/x项目已开源", "https://openai.com/x"),
        ("GPT-6 | new reasoning", "https://openai.com/y"),
    ]
    assert "See https://example.com/archive for older issues." in [
        b.text for b in result.coverage.unkept
    ]


def test_a_publication_glued_to_the_headline_by_a_hyphen_is_its_author():
    from analysis.ingest.items import split_author

    assert split_author("美光将扩建广岛工厂，专产HBM-Reuters") == (
        "美光将扩建广岛工厂，专产HBM",
        "Reuters",
    )
    assert split_author("xAI raises $20 billion for Colossus 2-Bloomberg") == (
        "xAI raises $20 billion for Colossus 2",
        "Bloomberg",
    )
    for name in ("GPT-5.2-Codex", "Faster R-CNN", "Qwen3-Coder-480B", "hf-mem"):
        assert split_author(name) == (name, None)
    # the account the link points to, glued by a hyphen, is the author too
    assert split_author("主打多模态与AI Agent-NVIDIA", "nvidia") == (
        "主打多模态与AI Agent",
        "NVIDIA",
    )
    # the site the link points to names its own post's author
    assert split_author("Salesforce宣布收购Quillon-Salesforce", None, "salesforce.com") == (
        "Salesforce宣布收购Quillon",
        "Salesforce",
    )
    assert split_author(
        "DeepSeek发布并开源DeepSeek-V4.5-DeepSeek", None, "api-docs.deepseek.com"
    ) == (
        "DeepSeek发布并开源DeepSeek-V4.5",
        "DeepSeek",
    )
    for host in ("openai.com", "ai.meta.com", "x.com"):
        assert split_author("GPT-5.2-Codex", None, host) == ("GPT-5.2-Codex", None), host
    assert split_author("Llama 5 Titan-AI", None, "ai.meta.com") == ("Llama 5 Titan-AI", None)
    assert split_author("主打多模态与AI Agent-NVIDIA", "OpenAI") == (
        "主打多模态与AI Agent-NVIDIA",
        None,
    )


def test_a_url_inside_broken_link_markup_stays_text():
    text = (
        "# D 2026/01/05\n\n"
        "1. [标题一-作者](https://example.com/u1)\n"
        "2. [标题]-作者](https://example.com/u2)\n"
        "3. [标题三-作者] (https://example.com/u3)\n"
    )
    result = parse_digest(text, "/d/x.md")
    assert [it.url for it in result.items] == ["https://example.com/u1", None, None]
    assert sum("numbered list entry has no link" in p.reason for p in result.problems) == 2


def test_a_name_with_a_file_extension_after_a_hyphen_is_no_author():
    from analysis.ingest.items import split_author

    for name in ("Run Flux locally with stable-diffusion.cpp", "新版 sherpa-onnx.js", "Kimi-Z.ai"):
        assert split_author(name) == (name, None)
    assert split_author("标题 - techcrunch.com") == ("标题", "techcrunch.com")


def test_a_wrapped_line_ending_in_a_function_word_is_not_a_headline():
    text = (
        "# D 2026/01/05\n\n"
        "Anthropic released Claude 5 on Tuesday alongside\n"
        "Claude Code 2, which adds background tasks. [link](https://a.com/x)\n\n"
        "OpenAI ships GPT-6\nThe model is faster. [link](https://b.com/y)\n"
    )
    headlines = [it.headline for it in parse_digest(text, "/d/x.md").items]
    assert not headlines[0].endswith("alongside")
    assert headlines[1] == "OpenAI ships GPT-6"


def test_bold_labels_inside_a_linked_paragraphs_item_stay_in_its_summary():
    text = (
        "# D 2026/01/05\n\n"
        "[OpenAI 发布 GPT-6](https://openai.com/gpt6)：新一代模型。\n\n"
        "**亮点**\n\n支持 100 万上下文。\n\n**编者点评**\n\n这是今年最大的发布。\n\n"
        "[Anthropic 发布 Claude 5](https://anthropic.com/c5)：新模型。\n"
    )
    result = parse_digest(text, "/d/x.md")
    assert [(it.headline, it.summary) for it in result.items] == [
        (
            "OpenAI 发布 GPT-6",
            "新一代模型。\n亮点\n支持 100 万上下文。\n编者点评\n这是今年最大的发布。",
        ),
        ("Anthropic 发布 Claude 5", "新模型。"),
    ]


@pytest.mark.parametrize(
    ("line", "headline", "label"),
    [
        ("1. OpenAI 发布 GPT-6 [原文](https://openai.com/x)", "OpenAI 发布 GPT-6", "原文"),
        (
            "- OpenAI released GPT-6 [Source](https://openai.com/x)",
            "OpenAI released GPT-6",
            "Source",
        ),
        (
            "- Read the [paper](https://arxiv.org/x)",
            "Read the paper",
            None,
        ),  # the sentence's object
        ("- 详见系统卡与[博客](https://openai.com/x)。", "详见系统卡与博客", None),
    ],
)
def test_a_generic_link_ending_the_line_after_a_space_is_the_source(line, headline, label):
    item = parse_digest("# D 2026/01/05\n\n" + line + "\n", "/d/x.md").items[0]
    assert (item.headline, item.source_label) == (headline, label)


def test_a_bare_url_with_any_characters_is_no_written_link():
    text = (
        "# D 2026/01/05\n\n"
        "Older issues live at https://example.com/archive/ünicode for reference.\n\n"
        "1. [OpenAI 发布 GPT-6](https://openai.com/x)\n"
    )
    result = parse_digest(text, "/d/x.md")
    assert [it.headline for it in result.items] == ["OpenAI 发布 GPT-6"]


def test_an_intro_over_a_navigation_link_is_no_chat_post():
    text = (
        "# AI 日报 2026/01/05\n\n今日导读\n\n本期共 10 条资讯，涵盖模型与芯片。\n\n"
        "[往期回顾](https://example.com/archive)\n\n## 模型\n\n"
        "1. [OpenAI 发布 GPT-6](https://openai.com/x)：更强。\n"
    )
    result = parse_digest(text, "/d/x.md")
    assert [it.headline for it in result.items] == ["OpenAI 发布 GPT-6"]
    assert ("footer", "往期回顾") in [(b.kind, b.text) for b in result.coverage.unkept]


def test_a_numbered_entry_whose_body_brings_its_link_is_no_broken_link():
    result = parse("discord-recap/recap_2025-08-25.md")
    broken = [p.line for p in result.problems if "numbered list entry has no link" in p.reason]
    assert broken == [17, 27, 41]
    assert sum(it.url is None for it in result.items) == 3


def test_a_chinese_paragraph_hard_wrapped_mid_word_is_one_run_of_text():
    # Chinese puts no space at a line wrap; a space there would cut 代码生成 and the bold
    # term 分段注意力 in two. Between Chinese and Latin text the wrap stays a space.
    text = (
        "# AI 日报\n\n"
        "1. [阿里发布 Qwen3.5，推理能力大幅提升](https://example.com/a) - 量子位\n"
        "   阿里巴巴通义实验室今日发布新一代大模型\n"
        "   Qwen3.5，在数学推理和代码生\n"
        "   成两个方向上明显超过上一代，并提出**分段\n"
        "   注意力**方法。\n"
    )
    (item,) = parse_digest(text, "/d/x.md").items
    assert (item.headline, item.url, item.source_label, item.author) == (
        "阿里发布 Qwen3.5，推理能力大幅提升",
        "https://example.com/a",
        "量子位",
        None,
    )
    assert item.summary == (
        "阿里巴巴通义实验室今日发布新一代大模型 Qwen3.5，在数学推理和代码生成两个方向上"
        "明显超过上一代，并提出分段注意力方法。"
    )
    assert item.bold_terms == ["分段注意力"]


def test_a_publication_after_the_link_ends_its_line_and_the_summary_follows():
    text = (
        "# AI 日报\n\n"
        "- [OpenAI 发布 GPT-6](https://example.com/g) — TechCrunch\n"
        "  OpenAI 今日发布 GPT-6，上下文窗口达到 200 万 token。\n"
        "- [Mistral raises €2B](https://example.com/m) - a big round\n"
        "  for the Paris lab.\n"
    )
    first, second = parse_digest(text, "/d/x.md").items
    assert (first.headline, first.source_label, first.summary) == (
        "OpenAI 发布 GPT-6",
        "TechCrunch",
        "OpenAI 今日发布 GPT-6，上下文窗口达到 200 万 token。",
    )
    # not a publication: the dash goes on with the summary
    assert (second.source_label, second.summary) == (None, "a big round for the Paris lab.")


def test_an_author_glued_on_is_split_when_it_is_a_publication_or_names_the_account():
    text = (
        "# AI 日报\n\n"
        "1.  [11.ai上线长文写作功能-宝玉](https://x.com/dotey/status/1)\n\n"
        "2.  [OpenAI上线GPT-5.1-Codex，聚焦多模态场景-36氪](https://36kr.com/p/3559111701708)\n\n"
        "3.  [Haiku 4.5代码能力接近Veo 3.1-Anthropic](https://x.com/AnthropicAI/status/2)\n\n"
        "4.  [GLM-5在BrowseComp上超越Composer-Z.ai](https://x.com/Zai_org/status/3)\n\n"
        "5.  [OpenAI发布GPT-5.2-Codex](https://x.com/OpenAI/status/4)\n"
    )
    items = parse_digest(text, "/d/x.md").items
    assert [(it.headline, it.author) for it in items] == [
        ("11.ai上线长文写作功能", "宝玉"),  # `11.` before a lowercase name is no item number
        ("OpenAI上线GPT-5.1-Codex，聚焦多模态场景", "36氪"),
        ("Haiku 4.5代码能力接近Veo 3.1", "Anthropic"),
        ("GLM-5在BrowseComp上超越Composer", "Z.ai"),
        ("OpenAI发布GPT-5.2-Codex", None),
    ]

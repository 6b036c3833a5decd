"""Synthetic AI-news digest corpus generator for trendboard benchmarks and tests.

Writes markdown digests in exactly the format of the reference digest
(``shared/seeds/000_f9894c49d7f708a5.txt``)::

    ---
    title: "2026.01.07.00 过去4小时全球AI发生了什么？"
    date: 2026-01-07T00:00:10+08:00
    categories: ["AI News", "Hardware", "Robotics"]
    synthetic: true
    ---

    1.  [英伟达发布Rubin，...-歸藏(guizang.ai)](https://x.com/op7418/status/2008360431719772520)

        英伟达CEO在...发布了**Rubin芯片架构**...

    2.  [...]

The only addition to the reference front matter is ``synthetic: true``.
Each item is ``N.  [headline-author](url)`` (always two spaces after ``N.``),
a blank line, a 4-space-indented summary paragraph with 1-3 ``**bold**`` terms,
and a blank line between items.  The author is whatever follows the last ``-``
of the link text (author names never contain ``-``; headlines often do, e.g.
``DeepSeek-V4``).  Like the reference, a file ends right after the last
summary, without a final newline.

Cadence and size
    One digest every 4 hours at 00, 04, 08, 12, 16, 20 local time (+08:00),
    starting at ``--start`` 00:00.  ``--days N`` writes 6*N digests with 5-12
    items each; ``--items N`` writes as many digests as needed for exactly N
    items (the last digest absorbs the remainder; it only has fewer than 5
    items when N < 5), continuing the 4-hour cadence for as long as needed.

Layout rule (one rule for both modes)
    File names are the digest slot, ``YYYY-MM-DD-HHMM.md`` (unique, sortable).
    When a run writes at most 2,000 files they go flat into ``--out``;
    above 2,000 files they go into one subfolder per month, ``--out/YYYY-MM/``.
    (``--days 60`` = 360 files, flat; ``--items 100000`` = ~11.5k files, monthly.)
    Existing files in ``--out`` are overwritten by name, never deleted.

Speed
    Plain string building and O(1) table sampling: generation alone runs at
    roughly 8k files (65k items) per second on one core.  Runs above 2,000
    files hand the bytes to a forked writer process so that file creation
    overlaps generation (inline writing where ``fork`` is unavailable).

Determinism
    The same arguments and ``--seed`` (default 20260107) give byte-identical
    output; only the standard library ``random.Random`` is used.

Planted stories (the "truth")
    Story positions are placed relative to the corpus span S (so they all
    exist in a 60-day run):

    * ``launch``: >=3 product launches (GPT-6 at 0.15*S, Gemini 4 Ultra at
      0.35*S, Kimi K3 at 0.70*S; longer corpora get one per ~20 days of
      span, up to 12, e.g. Claude Opus 5, DeepSeek-V4).  Absent before the
      start, ~30% of items for ~1.5 days, then a 12 h half-life decay to a
      rare floor (0.8% of items) that itself halves every 45 days.
    * ``rising``: "世界模型" rises linearly from 1% to 15% of items over 21 days
      starting at 0.5*S, then stays at 15%.
    * ``new``: "Vibe Working" never appears before the last 7 days, then goes
      from 3% to 12% of items.
    * ``steady``: "多模态" 8%, "AI Agent" 5%, "RAG" 3%, "HBM" 2% of items, constant.

    Shares are probabilities per item; an item carrying a planted term is
    drawn from categories that fit it (HBM -> chips, AI Agent -> agents, ...).
    No template or vocabulary entry contains a planted term, so every mention
    is planted; the truth records the realised item counts.  ``--truth FILE``
    writes the truth (events, organisation aliases, source display names) as
    JSON.

Realism
    ~80 organisations and ~60 x.com sources with Zipf-like frequencies,
    bilingual inconsistent aliases (英伟达/NVIDIA, 字节/字节跳动/ByteDance, ...),
    a few sources under two display names, ~5% of items linking to blogs or
    news sites, status ids built like real snowflake ids from the item time
    (so they increase over time; 19 digits until about 2085, i.e. ~1.1M
    items from a 2026 start), 71 paired headline/lead templates over 14 item
    kinds plus ~70 further summary sentences, a 120-term Zipf topic
    vocabulary grouped by theme, and occasional English sentences.

Usage::

    uv run python benchmarks/generate_corpus.py --out /tmp/corpus60 --days 60 --truth /tmp/truth.json
    uv run python benchmarks/generate_corpus.py --out /tmp/c1m --items 1000000

or from Python: ``generate(out_dir, days=60)`` returns the summary with the
truth under ``"truth"``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import multiprocessing
import os
import random
import time
from pathlib import Path

DEFAULT_SEED = 20260107
DEFAULT_START = "2026-01-01"
TZ = _dt.timezone(_dt.timedelta(hours=8))
SLOT_HOURS = 4
SLOTS_PER_DAY = 24 // SLOT_HOURS
FLAT_MAX_FILES = 2000
TWITTER_EPOCH_MS = 1288834974657

# ---------------------------------------------------------------------------
# Vocabulary tables
# ---------------------------------------------------------------------------

# (canonical, en name, [(alias, weight)], type, models, products, chips, robots, agents, oss)
# Order = popularity rank (Zipf).
ORGS = [
    (
        "OpenAI",
        "OpenAI",
        [("OpenAI", 1)],
        "lab",
        ["GPT-5.2", "GPT-5.2 Pro", "o4-mini", "GPT-5.1-Codex"],
        ["ChatGPT", "Sora 2", "ChatGPT Atlas", "Codex"],
        [],
        [],
        ["Codex", "ChatGPT Agent"],
        ["gpt-oss-120b", "gpt-oss-20b"],
    ),
    (
        "Google",
        "Google",
        [("谷歌", 6), ("Google", 4)],
        "lab",
        ["Gemini 3 Pro", "Gemini 3 Flash", "Veo 3.1", "Nano Banana Pro"],
        ["Gemini", "NotebookLM", "Google AI Studio", "Antigravity"],
        ["TPU v7 Ironwood"],
        [],
        ["Jules", "Antigravity"],
        ["Gemma 3", "Gemma 3n"],
    ),
    (
        "NVIDIA",
        "NVIDIA",
        [("英伟达", 55), ("NVIDIA", 40), ("Nvidia", 5)],
        "chip",
        ["Nemotron Nano 3", "Cosmos Reason 2", "GR00T N1.6"],
        ["DGX Spark", "Omniverse"],
        ["Rubin", "Blackwell Ultra", "GB300", "Vera CPU", "Jetson Thor"],
        [],
        [],
        ["Nemotron Nano 3", "Cosmos"],
    ),
    (
        "Anthropic",
        "Anthropic",
        [("Anthropic", 1)],
        "lab",
        ["Claude Opus 4.5", "Claude Sonnet 4.5", "Claude Haiku 4.5"],
        ["Claude", "Claude Code", "Claude for Chrome"],
        [],
        [],
        ["Claude Code", "Claude Agent SDK"],
        [],
    ),
    (
        "DeepSeek",
        "DeepSeek",
        [("DeepSeek", 7), ("深度求索", 3)],
        "lab",
        ["DeepSeek-V3.2", "DeepSeek-R1", "DeepSeek-OCR", "DeepSeekMath-V2"],
        ["DeepSeek App"],
        [],
        [],
        [],
        ["DeepSeek-V3.2", "DeepSeek-OCR", "DeepSeekMath-V2"],
    ),
    (
        "Alibaba",
        "Alibaba",
        [("阿里", 40), ("阿里巴巴", 25), ("Alibaba", 10), ("阿里云", 25)],
        "lab",
        ["Qwen3-Max", "Qwen3-VL", "Qwen3-Coder", "Qwen3-Omni", "通义万相2.5"],
        ["通义千问", "Qwen App", "夸克"],
        [],
        [],
        ["Qwen Code"],
        ["Qwen3-Next", "Qwen3-VL", "Wan 2.2"],
    ),
    (
        "ByteDance",
        "ByteDance",
        [("字节", 35), ("字节跳动", 40), ("ByteDance", 15), ("火山引擎", 10)],
        "lab",
        ["豆包1.6", "Seedream 4.0", "Seedance 1.0 Pro", "Seed-OSS-36B"],
        ["豆包", "即梦", "扣子", "Trae"],
        [],
        [],
        ["扣子空间", "Trae SOLO"],
        ["Seed-OSS-36B", "UI-TARS-2"],
    ),
    (
        "Meta",
        "Meta",
        [("Meta", 1)],
        "lab",
        ["Llama 4 Maverick", "Llama 4 Scout", "SAM 3", "V-JEPA 2"],
        ["Meta AI", "Ray-Ban Display"],
        [],
        [],
        [],
        ["Llama 4", "SAM 3", "DINOv3"],
    ),
    (
        "Microsoft",
        "Microsoft",
        [("微软", 6), ("Microsoft", 4)],
        "lab",
        ["Phi-4", "MAI-1", "MAI-Image-1"],
        ["Copilot", "GitHub Copilot", "Azure AI Foundry"],
        ["Maia 200"],
        [],
        ["GitHub Copilot Agent"],
        ["Phi-4", "BitNet"],
    ),
    (
        "xAI",
        "xAI",
        [("xAI", 1)],
        "lab",
        ["Grok 4.1", "Grok 4 Fast", "Grok Code Fast 1"],
        ["Grok", "Grok Imagine", "Grokipedia"],
        [],
        [],
        [],
        ["Grok 2.5"],
    ),
    (
        "Moonshot",
        "Moonshot AI",
        [("月之暗面", 60), ("Moonshot AI", 25), ("Kimi团队", 15)],
        "lab",
        ["Kimi K2", "Kimi K2 Thinking", "Kimi Linear"],
        ["Kimi", "Kimi深度研究"],
        [],
        [],
        ["OK Computer"],
        ["Kimi K2", "Kimi Linear"],
    ),
    (
        "Google DeepMind",
        "Google DeepMind",
        [("Google DeepMind", 7), ("DeepMind", 3)],
        "lab",
        ["Gemini Robotics 1.5", "Genie 3", "AlphaEvolve", "Gemini Deep Think"],
        ["AlphaFold Server", "Gemini Robotics"],
        [],
        ["Gemini Robotics"],
        [],
        ["Gemma Scope 2"],
    ),
    (
        "Zhipu",
        "Zhipu AI",
        [("智谱", 60), ("Zhipu", 15), ("智谱AI", 25)],
        "lab",
        ["GLM-4.6", "GLM-4.6V", "CogVideoX"],
        ["智谱清言", "Z.ai"],
        [],
        [],
        ["AutoGLM"],
        ["GLM-4.6", "GLM-4.6V"],
    ),
    (
        "Tencent",
        "Tencent",
        [("腾讯", 7), ("Tencent", 2), ("腾讯混元", 1)],
        "lab",
        ["混元T1", "HunyuanImage 3.0", "Hunyuan3D 3.0", "HunyuanVideo 1.5"],
        ["元宝", "腾讯会议AI助手"],
        [],
        [],
        ["CodeBuddy"],
        ["HunyuanVideo 1.5", "Hunyuan-MT-7B"],
    ),
    (
        "Hugging Face",
        "Hugging Face",
        [("Hugging Face", 6), ("Huggingface", 3), ("HF", 1)],
        "oss",
        ["SmolLM3", "SmolVLA"],
        ["Hugging Face Hub", "HuggingChat", "Reachy Mini"],
        [],
        ["Reachy Mini"],
        [],
        ["SmolLM3", "LeRobot", "SmolVLA"],
    ),
    (
        "Baidu",
        "Baidu",
        [("百度", 85), ("Baidu", 15)],
        "lab",
        ["ERNIE 4.5", "ERNIE X1.1", "文心大模型4.5 Turbo"],
        ["文心一言", "百度AI搜索", "萝卜快跑"],
        ["昆仑芯P800"],
        [],
        ["秒哒", "心响"],
        ["ERNIE 4.5", "PaddleOCR-VL"],
    ),
    (
        "Huawei",
        "Huawei",
        [("华为", 9), ("Huawei", 1)],
        "chip",
        ["盘古5.5"],
        ["小艺", "鸿蒙智能体框架"],
        ["昇腾950", "昇腾910C", "Atlas 950 SuperPoD", "麒麟9030"],
        [],
        ["小艺智能体"],
        ["openPangu"],
    ),
    (
        "Xiaomi",
        "Xiaomi",
        [("小米", 9), ("Xiaomi", 1)],
        "lab",
        ["MiMo-V2-Flash", "MiMo-Audio", "MiMo-VL"],
        ["小爱同学", "澎湃OS 3"],
        ["玄戒O1"],
        ["CyberOne"],
        [],
        ["MiMo-V2-Flash", "MiMo-Audio"],
    ),
    (
        "Unitree",
        "Unitree",
        [("宇树科技", 6), ("宇树", 3), ("Unitree", 1)],
        "robot",
        [],
        ["UnifoLM"],
        [],
        ["G1", "H2", "R1", "Go2", "A2"],
        [],
        ["UnifoLM-WMA"],
    ),
    (
        "Boston Dynamics",
        "Boston Dynamics",
        [("Boston Dynamics", 6), ("波士顿动力", 4)],
        "robot",
        [],
        ["Orbit"],
        [],
        ["Atlas", "Spot", "Stretch"],
        [],
        [],
    ),
    ("a16z", "a16z", [("a16z", 8), ("Andreessen Horowitz", 2)], "vc", [], [], [], [], [], []),
    (
        "SenseTime",
        "SenseTime",
        [("商汤", 7), ("商汤科技", 2), ("SenseTime", 1)],
        "lab",
        ["日日新V6.5", "SenseNova V6"],
        ["商量", "小浣熊"],
        [],
        [],
        ["小浣熊办公智能体"],
        [],
    ),
    (
        "Apple",
        "Apple",
        [("苹果", 6), ("Apple", 4)],
        "lab",
        ["Apple Foundation Models"],
        ["Apple Intelligence", "Siri", "Vision Pro"],
        ["M5"],
        [],
        [],
        ["FastVLM"],
    ),
    (
        "AMD",
        "AMD",
        [("AMD", 1)],
        "chip",
        [],
        ["ROCm 7"],
        ["MI355X", "MI450", "Helios机架", "Ryzen AI Max+"],
        [],
        [],
        ["ROCm 7"],
    ),
    (
        "Tesla",
        "Tesla",
        [("特斯拉", 6), ("Tesla", 4)],
        "robot",
        [],
        ["FSD v14", "Grok车载助手"],
        ["AI5"],
        ["Optimus"],
        [],
        [],
    ),
    (
        "Amap",
        "Amap",
        [("高德", 8), ("高德地图", 2)],
        "app",
        [],
        ["高德地图AI导航", "小高老师"],
        [],
        [],
        ["高德出行智能体"],
        [],
    ),
    (
        "Mistral",
        "Mistral AI",
        [("Mistral AI", 6), ("Mistral", 4)],
        "lab",
        ["Mistral Large 3", "Magistral Medium", "Devstral 2"],
        ["Le Chat"],
        [],
        [],
        ["Mistral Code"],
        ["Devstral 2", "Mistral Small 3.2"],
    ),
    (
        "MiniMax",
        "MiniMax",
        [("MiniMax", 8), ("稀宇科技", 2)],
        "lab",
        ["MiniMax-M2", "Hailuo 2.3", "Speech 2.6"],
        ["海螺AI", "星野"],
        [],
        [],
        ["MiniMax Agent"],
        ["MiniMax-M2"],
    ),
    (
        "Amazon",
        "Amazon",
        [("亚马逊", 5), ("Amazon", 3), ("AWS", 2)],
        "lab",
        ["Nova 2", "Nova Sonic"],
        ["Alexa+", "Bedrock"],
        ["Trainium3"],
        [],
        ["Kiro"],
        [],
    ),
    (
        "Kuaishou",
        "Kuaishou",
        [("快手", 9), ("Kuaishou", 1)],
        "lab",
        ["可灵2.5 Turbo", "KAT-Coder"],
        ["可灵AI"],
        [],
        [],
        ["KAT-Dev"],
        ["KAT-Dev-32B"],
    ),
    (
        "StepFun",
        "StepFun",
        [("阶跃星辰", 8), ("StepFun", 2)],
        "lab",
        ["Step 3", "Step-Audio 2"],
        ["跃问"],
        [],
        [],
        [],
        ["Step-Audio 2", "Step 3"],
    ),
    (
        "Perplexity",
        "Perplexity",
        [("Perplexity", 1)],
        "app",
        [],
        ["Perplexity Pro", "Comet浏览器"],
        [],
        [],
        ["Comet Assistant"],
        [],
    ),
    (
        "Cursor",
        "Cursor",
        [("Cursor", 7), ("Anysphere", 3)],
        "app",
        ["Composer"],
        ["Cursor 2.0", "Bugbot"],
        [],
        [],
        ["Cursor Agent"],
        [],
    ),
    (
        "Manus",
        "Manus",
        [("Manus", 1)],
        "app",
        [],
        ["Manus 1.5", "Wide Research"],
        [],
        [],
        ["Manus 1.5"],
        [],
    ),
    (
        "Figure",
        "Figure AI",
        [("Figure AI", 6), ("Figure", 4)],
        "robot",
        ["Helix"],
        [],
        [],
        ["Figure 03"],
        [],
        [],
    ),
    (
        "AgiBot",
        "AgiBot",
        [("智元机器人", 7), ("智元", 2), ("AgiBot", 1)],
        "robot",
        ["GO-1"],
        ["灵犀X2"],
        [],
        ["远征A2", "灵犀X2", "精灵G2"],
        [],
        ["AgiBot World"],
    ),
    (
        "TSMC",
        "TSMC",
        [("台积电", 8), ("TSMC", 2)],
        "chip",
        [],
        [],
        ["N2工艺", "A16工艺", "CoWoS-L封装"],
        [],
        [],
        [],
    ),
    (
        "Samsung",
        "Samsung",
        [("三星", 7), ("Samsung", 3)],
        "chip",
        ["Gauss2"],
        ["Galaxy AI"],
        ["Exynos 2600", "SF2工艺"],
        [],
        [],
        [],
    ),
    (
        "SK hynix",
        "SK hynix",
        [("SK海力士", 8), ("SK hynix", 2)],
        "chip",
        [],
        [],
        ["12层堆叠高带宽内存", "SOCAMM2"],
        [],
        [],
        [],
    ),
    (
        "Intel",
        "Intel",
        [("英特尔", 7), ("Intel", 3)],
        "chip",
        [],
        ["OpenVINO"],
        ["Panther Lake", "Gaudi 3", "Crescent Island"],
        [],
        [],
        ["OpenVINO"],
    ),
    (
        "Qualcomm",
        "Qualcomm",
        [("高通", 8), ("Qualcomm", 2)],
        "chip",
        [],
        [],
        ["骁龙8 Elite Gen 5", "AI200", "AI250"],
        [],
        [],
        [],
    ),
    (
        "Cambricon",
        "Cambricon",
        [("寒武纪", 9), ("Cambricon", 1)],
        "chip",
        [],
        [],
        ["思元690", "MLU590"],
        [],
        [],
        [],
    ),
    (
        "Moore Threads",
        "Moore Threads",
        [("摩尔线程", 9), ("Moore Threads", 1)],
        "chip",
        [],
        [],
        ["MTT S5000", "夸娥万卡集群"],
        [],
        [],
        [],
    ),
    (
        "Sequoia",
        "Sequoia",
        [("红杉中国", 5), ("红杉资本", 3), ("Sequoia", 2)],
        "vc",
        [],
        [],
        [],
        [],
        [],
        [],
    ),
    ("SoftBank", "SoftBank", [("软银", 7), ("SoftBank", 3)], "vc", [], [], [], [], [], []),
    ("EU", "the EU", [("欧盟", 6), ("欧盟委员会", 4)], "gov", [], [], [], [], [], []),
    ("CAC", "CAC", [("国家网信办", 8), ("网信办", 2)], "gov", [], [], [], [], [], []),
    (
        "Tsinghua",
        "Tsinghua University",
        [("清华大学", 8), ("清华", 2)],
        "academic",
        [],
        [],
        [],
        [],
        [],
        ["GLM-Edge"],
    ),
    (
        "Shanghai AI Lab",
        "Shanghai AI Lab",
        [("上海人工智能实验室", 6), ("上海AI Lab", 4)],
        "academic",
        ["InternVL3.5", "Intern-S1"],
        ["书生大模型"],
        [],
        [],
        [],
        ["InternVL3.5", "Intern-S1"],
    ),
    (
        "Stanford",
        "Stanford",
        [("斯坦福大学", 7), ("Stanford", 3)],
        "academic",
        [],
        [],
        [],
        [],
        [],
        [],
    ),
    ("MIT", "MIT", [("MIT", 7), ("麻省理工", 3)], "academic", [], [], [], [], [], []),
    (
        "Meituan",
        "Meituan",
        [("美团", 9), ("Meituan", 1)],
        "lab",
        ["LongCat-Flash", "LongCat-Video"],
        ["美团问小袋"],
        [],
        [],
        [],
        ["LongCat-Flash", "LongCat-Video"],
    ),
    (
        "iFlytek",
        "iFlytek",
        [("科大讯飞", 7), ("讯飞", 3)],
        "lab",
        ["讯飞星火X1.5"],
        ["讯飞听见", "讯飞AI学习机"],
        [],
        [],
        [],
        [],
    ),
    (
        "Midjourney",
        "Midjourney",
        [("Midjourney", 1)],
        "app",
        ["Midjourney V7"],
        ["Midjourney Video"],
        [],
        [],
        [],
        [],
    ),
    (
        "Runway",
        "Runway",
        [("Runway", 1)],
        "app",
        ["Gen-4.5", "Aleph"],
        ["Runway Workflows"],
        [],
        [],
        [],
        [],
    ),
    (
        "ElevenLabs",
        "ElevenLabs",
        [("ElevenLabs", 1)],
        "app",
        ["Eleven v3"],
        ["11.ai", "ElevenLabs Music"],
        [],
        [],
        ["ElevenLabs Agents"],
        [],
    ),
    (
        "BAAI",
        "BAAI",
        [("智源研究院", 7), ("BAAI", 3)],
        "academic",
        ["Emu3.5", "RoboBrain 2.0"],
        [],
        [],
        [],
        [],
        ["Emu3.5", "RoboBrain 2.0"],
    ),
    (
        "UBTech",
        "UBTech",
        [("优必选", 8), ("UBTech", 2)],
        "robot",
        [],
        [],
        [],
        ["Walker S2", "天工行者"],
        [],
        [],
    ),
    (
        "Y Combinator",
        "Y Combinator",
        [("Y Combinator", 6), ("YC", 4)],
        "vc",
        [],
        [],
        [],
        [],
        [],
        [],
    ),
    (
        "US Commerce",
        "the US Commerce Department",
        [("美国商务部", 1)],
        "gov",
        [],
        [],
        [],
        [],
        [],
        [],
    ),
    ("MIIT", "MIIT", [("工信部", 1)], "gov", [], [], [], [], [], []),
    (
        "Physical Intelligence",
        "Physical Intelligence",
        [("Physical Intelligence", 1)],
        "robot",
        ["π0.6"],
        [],
        [],
        ["π0.6"],
        [],
        ["openpi"],
    ),
    (
        "Galbot",
        "Galbot",
        [("银河通用", 8), ("Galbot", 2)],
        "robot",
        ["GraspVLA"],
        [],
        [],
        ["Galbot G1"],
        [],
        [],
    ),
    (
        "Fourier",
        "Fourier",
        [("傅利叶", 9), ("Fourier", 1)],
        "robot",
        [],
        [],
        [],
        ["GR-3"],
        [],
        ["Fourier N1"],
    ),
    ("1X", "1X", [("1X", 1)], "robot", ["Redwood AI"], [], [], ["NEO"], [], []),
    (
        "Oracle",
        "Oracle",
        [("甲骨文", 6), ("Oracle", 4)],
        "cloud",
        [],
        ["OCI Supercluster"],
        [],
        [],
        [],
        [],
    ),
    (
        "Databricks",
        "Databricks",
        [("Databricks", 1)],
        "app",
        [],
        ["Agent Bricks"],
        [],
        [],
        ["Agent Bricks"],
        [],
    ),
    ("Scale AI", "Scale AI", [("Scale AI", 1)], "app", [], ["SEAL排行榜"], [], [], [], []),
    (
        "Thinking Machines",
        "Thinking Machines Lab",
        [("Thinking Machines Lab", 7), ("Thinking Machines", 3)],
        "lab",
        [],
        ["Tinker"],
        [],
        [],
        [],
        ["Tinker Cookbook"],
    ),
    (
        "Replit",
        "Replit",
        [("Replit", 1)],
        "app",
        [],
        ["Replit Agent 3"],
        [],
        [],
        ["Replit Agent 3"],
        [],
    ),
    (
        "Lovable",
        "Lovable",
        [("Lovable", 1)],
        "app",
        [],
        ["Lovable Cloud"],
        [],
        [],
        ["Lovable Agent"],
        [],
    ),
    (
        "Genspark",
        "Genspark",
        [("Genspark", 1)],
        "app",
        [],
        ["Genspark AI Slides"],
        [],
        [],
        ["Genspark Super Agent"],
        [],
    ),
    (
        "Baichuan",
        "Baichuan",
        [("百川智能", 8), ("百川", 2)],
        "lab",
        ["Baichuan-M2"],
        ["百小应"],
        [],
        [],
        [],
        ["Baichuan-M2"],
    ),
    ("Groq", "Groq", [("Groq", 1)], "chip", [], ["GroqCloud"], ["LPU v2"], [], [], []),
    (
        "Cerebras",
        "Cerebras",
        [("Cerebras", 1)],
        "chip",
        [],
        ["Cerebras Inference"],
        ["WSE-3", "CS-3"],
        [],
        [],
        [],
    ),
    (
        "UK AISI",
        "the UK AI Security Institute",
        [("英国AI安全研究所", 6), ("UK AISI", 4)],
        "gov",
        [],
        [],
        [],
        [],
        [],
        [],
    ),
    ("California", "California", [("加州政府", 5), ("加州议会", 5)], "gov", [], [], [], [], [], []),
    ("Hillhouse", "Hillhouse", [("高瓴资本", 7), ("高瓴", 3)], "vc", [], [], [], [], [], []),
    ("Sinovation", "Sinovation Ventures", [("创新工场", 1)], "vc", [], [], [], [], [], []),
    (
        "UC Berkeley",
        "UC Berkeley",
        [("UC Berkeley", 6), ("伯克利", 4)],
        "academic",
        [],
        [],
        [],
        [],
        [],
        ["vLLM"],
    ),
    ("CMU", "CMU", [("CMU", 6), ("卡内基梅隆大学", 4)], "academic", [], [], [], [], [], []),
    (
        "Honor",
        "Honor",
        [("荣耀", 9), ("Honor", 1)],
        "app",
        [],
        ["YOYO智能体", "Magic8"],
        [],
        [],
        ["YOYO智能体"],
        [],
    ),
    (
        "PKU",
        "Peking University",
        [("北京大学", 8), ("北大", 2)],
        "academic",
        [],
        [],
        [],
        [],
        [],
        [],
    ),
]

# category weights by organisation type
TYPE_CATS = {
    "lab": {
        "model": 3.0,
        "product": 2.5,
        "agent": 1.8,
        "oss": 1.5,
        "bench": 1.5,
        "paper": 0.8,
        "partner": 1.0,
        "hiring": 0.7,
        "funding": 0.4,
        "policy": 0.3,
        "opinion": 0.4,
        "chip": 0.3,
    },
    "chip": {
        "chip": 5.0,
        "partner": 1.5,
        "model": 0.6,
        "product": 0.5,
        "funding": 0.4,
        "policy": 0.8,
        "hiring": 0.3,
        "bench": 0.4,
        "oss": 0.4,
    },
    "robot": {
        "robot": 5.0,
        "funding": 1.5,
        "partner": 1.0,
        "product": 0.5,
        "hiring": 0.3,
        "oss": 0.4,
        "model": 0.4,
    },
    "vc": {"funding": 4.0, "opinion": 2.0},
    "gov": {"policy": 5.0},
    "academic": {"paper": 5.0, "oss": 1.2, "bench": 0.8, "model": 0.4},
    "app": {
        "product": 3.0,
        "agent": 2.5,
        "funding": 1.5,
        "partner": 0.6,
        "model": 0.4,
        "hiring": 0.2,
    },
    "oss": {"oss": 3.0, "product": 1.5, "robot": 1.0, "paper": 1.0, "partner": 0.5, "opinion": 0.5},
    "cloud": {"partner": 3.0, "product": 1.5, "chip": 1.0, "funding": 0.5},
}
# established companies: never the target of a startup funding round
BIG = {
    "OpenAI",
    "Google",
    "NVIDIA",
    "Anthropic",
    "Alibaba",
    "ByteDance",
    "Meta",
    "Microsoft",
    "xAI",
    "Google DeepMind",
    "Tencent",
    "Baidu",
    "Huawei",
    "Xiaomi",
    "Apple",
    "AMD",
    "Tesla",
    "Amazon",
    "Kuaishou",
    "TSMC",
    "Samsung",
    "SK hynix",
    "Intel",
    "Qualcomm",
    "Meituan",
    "iFlytek",
    "Oracle",
    "Honor",
    "SenseTime",
    "Boston Dynamics",
    "Amap",
    "Cambricon",
}
NEEDS = {"model": 4, "product": 5, "chip": 6, "robot": 7, "agent": 8, "oss": 9, "bench": 4}

CAT_LABELS = {
    "model": ("Models",),
    "funding": ("Funding",),
    "chip": ("Chips", "Hardware"),
    "robot": ("Robotics", "Hardware"),
    "paper": ("Research",),
    "policy": ("Policy",),
    "product": ("Products",),
    "agent": ("Agents",),
    "oss": ("Open Source",),
    "bench": ("Research", "Models"),
    "hiring": ("Industry Trends",),
    "partner": ("Industry Trends",),
    "opinion": ("Industry Trends",),
    "launch": ("Models", "Products"),
}
CAT_ORDER = [
    "AI News",
    "Hardware",
    "Robotics",
    "Research",
    "Industry Trends",
    "Models",
    "Products",
    "Agents",
    "Open Source",
    "Policy",
    "Funding",
    "Chips",
]

# (handle, [display names], affinity canonical orgs).  Order = activity rank (Zipf).
SOURCES = [
    ("op7418", ["歸藏(guizang.ai)", "歸藏"], []),
    ("dotey", ["宝玉", "宝玉xp"], ["OpenAI", "Anthropic"]),
    ("vista8", ["向阳乔木"], ["Hugging Face"]),
    ("imxiaohu", ["小互"], ["Boston Dynamics", "Unitree"]),
    ("_akhaliq", ["AK"], ["Hugging Face", "Tsinghua", "Alibaba"]),
    ("karpathy", ["Andrej Karpathy"], ["OpenAI"]),
    ("ClementDelangue", ["Clement Delangue"], ["Hugging Face", "NVIDIA"]),
    ("testingcatalog", ["TestingCatalog News"], ["Google", "OpenAI"]),
    ("sama", ["Sam Altman"], ["OpenAI"]),
    ("demishassabis", ["Demis Hassabis"], ["Google DeepMind", "Google"]),
    ("Gorden_Sun", ["Gorden Sun"], []),
    ("rowancheung", ["Rowan Cheung"], []),
    ("AnthropicAI", ["Anthropic"], ["Anthropic"]),
    ("OpenAI", ["OpenAI"], ["OpenAI"]),
    ("GoogleDeepMind", ["Google DeepMind"], ["Google DeepMind"]),
    ("berryxia_ai", ["Berryxia.AI"], []),
    ("oran_ge", ["Orange AI", "橘子AI"], ["ByteDance"]),
    ("swyx", ["swyx"], ["Cursor", "Anthropic"]),
    ("btibor91", ["Tibor Blaho"], ["OpenAI"]),
    ("emollick", ["Ethan Mollick"], []),
    ("huggingface", ["Hugging Face"], ["Hugging Face"]),
    ("saranormous", ["sarah guo"], ["a16z"]),
    ("shao__meng", ["meng shao"], []),
    ("AndrewYNg", ["Andrew Ng"], ["Stanford"]),
    ("ylecun", ["Yann LeCun"], ["Meta"]),
    ("Alibaba_Qwen", ["Qwen"], ["Alibaba"]),
    ("deepseek_ai", ["DeepSeek"], ["DeepSeek"]),
    ("Kimi_Moonshot", ["Kimi.ai"], ["Moonshot"]),
    ("Zai_org", ["Z.ai"], ["Zhipu"]),
    ("xiaohu_ai", ["小虎AI"], []),
    ("tuturetom", ["Tom Huang"], []),
    ("Yangyixxxx", ["Yangyi"], []),
    ("lxfater", ["铁锤人"], []),
    ("WaytoAGI", ["WaytoAGI", "通往AGI之路"], []),
    ("jiqizhixin", ["机器之心"], ["Tsinghua", "PKU"]),
    ("QbitAI", ["量子位"], ["Unitree", "AgiBot"]),
    ("nvidia", ["NVIDIA"], ["NVIDIA"]),
    ("UnitreeRobotics", ["Unitree"], ["Unitree"]),
    ("bdsowner", ["Bill Chen"], []),
    ("a16z", ["a16z"], ["a16z"]),
    ("kimmonismus", ["Chubby♨️"], ["OpenAI", "Google"]),
    ("rohanpaul_ai", ["Rohan Paul"], []),
    ("omarsar0", ["elvis"], []),
    ("bindureddy", ["Bindu Reddy"], []),
    ("chetaslua", ["Chetaslua"], ["Google"]),
    ("venturetwins", ["Justine Moore"], ["a16z", "Runway"]),
    ("TheRundownAI", ["The Rundown AI"], []),
    ("GoogleAI", ["Google AI"], ["Google"]),
    ("MetaAI", ["AI at Meta"], ["Meta"]),
    ("MistralAI", ["Mistral AI"], ["Mistral"]),
    ("cursor_ai", ["Cursor"], ["Cursor"]),
    ("perplexity_ai", ["Perplexity"], ["Perplexity"]),
    ("Figure_robot", ["Figure"], ["Figure"]),
    ("hardmaru", ["hardmaru"], []),
    ("jxnlco", ["jason liu"], []),
    ("ai_xiaoyu", ["小宇AI"], []),
    ("xicilion", ["响马"], []),
    ("Francis_YAO_", ["Yao Fu"], []),
    ("simonw", ["Simon Willison"], []),
    ("MiniMax__AI", ["MiniMax"], ["MiniMax"]),
]

# Non-x.com links (about 5% of items): (author, url kind)
SITES = [
    ("机器之心", "jiqizhixin"),
    ("量子位", "qbitai"),
    ("36氪", "36kr"),
    ("OpenAI", "openai"),
    ("Anthropic", "anthropic"),
    ("Google", "google"),
    ("Hugging Face", "hfblog"),
    ("The Verge", "verge"),
]

# Topic vocabulary in popularity order (Zipf), each with a group:
# m = models/capabilities, a = agents/apps, r = robotics, h = hardware/infra,
# b = business/policy/society, s = science.
TOPICS = [
    ("推理模型", "m"),
    ("AI编程", "a"),
    ("具身智能", "r"),
    ("长上下文", "m"),
    ("算力集群", "h"),
    ("人形机器人", "r"),
    ("视频生成", "m"),
    ("MCP", "a"),
    ("端侧模型", "m"),
    ("MoE", "m"),
    ("数据中心", "h"),
    ("强化学习", "m"),
    ("编程助手", "a"),
    ("开源权重", "m"),
    ("VLA", "r"),
    ("推理成本", "h"),
    ("图像生成", "m"),
    ("智能体", "a"),
    ("液冷", "h"),
    ("量化", "h"),
    ("自动驾驶", "r"),
    ("AI搜索", "a"),
    ("国产算力", "h"),
    ("思维链", "m"),
    ("Deep Research", "a"),
    ("灵巧手", "r"),
    ("版权", "b"),
    ("test-time compute", "m"),
    ("工具调用", "a"),
    ("推理加速", "h"),
    ("Scaling Law", "m"),
    ("多智能体协作", "a"),
    ("代码生成", "m"),
    ("出口管制", "b"),
    ("AI眼镜", "h"),
    ("数学推理", "m"),
    ("computer use", "a"),
    ("Sim2Real", "r"),
    ("KV Cache", "h"),
    ("合成数据", "m"),
    ("上下文工程", "a"),
    ("AI安全", "b"),
    ("语音合成", "m"),
    ("浏览器智能体", "a"),
    ("遥操作", "r"),
    ("光模块", "h"),
    ("模型蒸馏", "m"),
    ("AI for Science", "s"),
    ("API降价", "b"),
    ("稀疏注意力", "m"),
    ("自动化工作流", "a"),
    ("灵巧操作", "r"),
    ("先进封装", "h"),
    ("线性注意力", "m"),
    ("数据隐私", "b"),
    ("AI手机", "h"),
    ("GRPO", "m"),
    ("Agent框架", "a"),
    ("仿真训练", "r"),
    ("FP8", "h"),
    ("幻觉", "m"),
    ("科学发现", "s"),
    ("企业服务", "b"),
    ("记忆机制", "m"),
    ("提示词工程", "a"),
    ("端到端", "r"),
    ("CUDA生态", "h"),
    ("持续学习", "m"),
    ("数字人", "a"),
    ("开发者生态", "b"),
    ("RLHF", "m"),
    ("vLLM", "h"),
    ("具身导航", "r"),
    ("语音识别", "m"),
    ("AI陪伴", "a"),
    ("订阅制", "b"),
    ("LoRA", "m"),
    ("SGLang", "h"),
    ("机械臂", "r"),
    ("3D生成", "m"),
    ("低代码", "a"),
    ("蛋白质设计", "s"),
    ("奖励模型", "m"),
    ("投机解码", "h"),
    ("四足机器人", "r"),
    ("视觉理解", "m"),
    ("A2A协议", "a"),
    ("token经济", "b"),
    ("空间智能", "m"),
    ("llama.cpp", "h"),
    ("触觉传感", "r"),
    ("音乐生成", "m"),
    ("医疗AI", "a"),
    ("红队测试", "b"),
    ("偏好优化", "m"),
    ("芯片设计", "h"),
    ("物理仿真", "r"),
    ("实时翻译", "m"),
    ("教育AI", "a"),
    ("电力供应", "h"),
    ("扩散模型", "m"),
    ("知识图谱", "a"),
    ("广告", "b"),
    ("OCR", "m"),
    ("存算一体", "h"),
    ("材料发现", "s"),
    ("文档解析", "m"),
    ("向量数据库", "a"),
    ("光互连", "h"),
    ("电商", "b"),
    ("安全对齐", "m"),
    ("游戏AI", "a"),
    ("Chiplet", "h"),
    ("Transformer", "m"),
    ("AI PC", "h"),
    ("模型评测", "m"),
    ("可穿戴设备", "h"),
    ("Mamba", "m"),
    ("脑机接口", "h"),
    ("AI基础设施", "h"),
]

# which topic groups fit an item category
CAT_GROUPS = {
    "model": "mma",
    "funding": "armh",
    "chip": "h",
    "robot": "r",
    "paper": "msar",
    "policy": "b",
    "product": "aam",
    "agent": "a",
    "oss": "mmh",
    "bench": "mma",
    "hiring": "mar",
    "partner": "harb",
    "opinion": "abrm",
    "launch": "mma",
}

ARCHS = [
    "MoE",
    "稀疏注意力",
    "线性注意力",
    "混合推理",
    "Mamba-Transformer混合",
    "MLA多头潜在注意力",
    "混合专家路由",
]

EN_TOPICS = [
    "reasoning",
    "long-context understanding",
    "coding",
    "robotics",
    "video generation",
    "on-device inference",
    "autonomous agents",
    "scientific discovery",
    "inference efficiency",
    "search",
    "speech",
    "safety",
]

# --- planted stories -------------------------------------------------------

LAUNCHES = [
    ("GPT-6", "OpenAI", 0.15),
    ("Gemini 4 Ultra", "Google", 0.35),
    ("Kimi K3", "Moonshot", 0.70),
    ("Claude Opus 5", "Anthropic", None),
    ("DeepSeek-V4", "DeepSeek", None),
    ("Qwen4", "Alibaba", None),
    ("Grok 5", "xAI", None),
    ("Llama 5", "Meta", None),
    ("GLM-5", "Zhipu", None),
    ("MiniMax-M3", "MiniMax", None),
    ("ERNIE 6.0", "Baidu", None),
    ("Sora 3", "OpenAI", None),
]
LAUNCH_PEAK = 0.30
LAUNCH_RAMP_H = 6.0
LAUNCH_PLATEAU_H = 36.0
LAUNCH_HALF_LIFE_H = 12.0
LAUNCH_FLOOR = 0.008
LAUNCH_FADE_H = 45 * 24.0  # half-life of the rare floor after the burst

RISING = (
    "世界模型",
    0.5,
    21.0,
    0.01,
    0.15,
)  # term, start fraction, ramp days, share before, share after
NEW_TERM = ("Vibe Working", 7.0, 0.03, 0.12)  # term, last N days, share at start, share at end
STEADY = [("多模态", 0.08), ("AI Agent", 0.05), ("RAG", 0.03), ("HBM", 0.02)]
# item categories an item mentioning a planted term is drawn from (keeps items coherent)
TERM_CATS = {
    "世界模型": ("model", "robot", "paper", "opinion", "funding"),
    "Vibe Working": ("agent", "product", "opinion"),
    "多模态": ("model", "product", "oss", "bench", "paper"),
    "AI Agent": ("agent", "product", "opinion", "funding"),
    "RAG": ("agent", "product", "oss", "paper"),
    "HBM": ("chip", "partner", "policy"),
}

# --- fillers -----------------------------------------------------------------

BENCHES = [
    "SWE-bench Verified",
    "HLE",
    "ARC-AGI-2",
    "GPQA Diamond",
    "AIME 2025",
    "LMArena",
    "MMLU-Pro",
    "Terminal-Bench 2.0",
    "BrowseComp",
    "OSWorld",
    "LiveCodeBench",
    "τ²-Bench",
    "SuperCLUE",
    "C-Eval",
]
MONEY = [
    "3000万美元",
    "5000万美元",
    "1亿美元",
    "2.5亿美元",
    "4亿美元",
    "6亿美元",
    "10亿美元",
    "20亿美元",
    "2亿元人民币",
    "5亿元人民币",
    "10亿元人民币",
    "数亿元人民币",
]
VALUATIONS = [
    "5亿美元",
    "10亿美元",
    "25亿美元",
    "45亿美元",
    "80亿美元",
    "120亿美元",
    "300亿美元",
    "100亿元人民币",
]
ROUNDS = ["天使轮", "Pre-A轮", "A轮", "A+轮", "B轮", "B+轮", "C轮", "D轮", "战略"]
PARAMS = ["7B", "14B", "32B", "70亿", "235B", "480B", "1万亿", "30B-A3B", "100亿", "3B"]
CTX_LENS = ["128K", "256K", "1M", "2M", "10M"]
SPEEDUPS = ["2倍", "3倍", "4倍", "5倍", "10倍", "近2倍"]
USERS = ["1000万", "3000万", "5000万", "1亿", "2亿", "8亿"]
PRICES = ["5999元", "9.9万元", "3.99万元", "1.6万美元", "2万美元", "499美元"]
FEATURES = [
    "记忆",
    "群聊",
    "深度研究",
    "语音模式",
    "购物助手",
    "学习模式",
    "画布",
    "浏览器插件",
    "定时任务",
    "多人协作",
    "应用商店",
    "图片编辑",
    "日程助理",
    "长文写作",
]
TASKS = [
    "叠衣服",
    "搬运箱子",
    "端茶倒水",
    "后空翻",
    "工厂分拣",
    "长距离奔跑",
    "拧螺丝",
    "整理货架",
    "装配零件",
    "开门上楼",
    "打乒乓球",
    "做早餐",
]
WORK = [
    "数据分析",
    "代码重构",
    "市场调研",
    "旅行规划",
    "财报分析",
    "网页开发",
    "论文综述",
    "PPT制作",
]
ROLES = [
    "首席科学家",
    "研究副总裁",
    "后训练负责人",
    "视觉团队负责人",
    "基础设施负责人",
    "资深研究员",
    "产品副总裁",
    "CTO",
]
INDUSTRIES = [
    "软件开发",
    "内容创作",
    "客服行业",
    "金融分析",
    "医疗诊断",
    "教育",
    "制造业",
    "电商零售",
    "法律服务",
]
LICENSES = ["Apache 2.0", "MIT", "修改版MIT", "Llama社区许可"]
CITIES = ["北京", "上海", "深圳", "杭州", "旧金山", "伦敦", "巴黎", "新加坡"]
POLICY_ACTS = [
    "生成式AI标识办法",
    "大模型备案新规",
    "AI法案实施细则",
    "算力出口管制新规",
    "AI训练数据版权指引",
    "未成年人AI使用规范",
    "前沿模型安全框架",
]
METHODS = [
    "ReasonFlux",
    "LoopRL",
    "SparseMoA",
    "DeltaNet-X",
    "TreeSearch-R",
    "MemAgent",
    "ThinkPrune",
    "FlowPO",
    "DistillSpec",
    "OmniAlign",
    "SeerAttention",
    "AutoVerify",
]
PAPER_A = [
    "Scaling",
    "Rethinking",
    "Towards",
    "Learning",
    "Efficient",
    "Unified",
    "Sparse",
    "Adaptive",
    "Self-Improving",
    "Recursive",
]
PAPER_B = [
    "Test-Time Compute",
    "Memory",
    "Reasoning",
    "Attention",
    "Reward Models",
    "Tokenization",
    "Distillation",
    "Verification",
    "Exploration",
    "Planning",
]
PAPER_C = [
    "Long-Horizon Agents",
    "Embodied Control",
    "Video Understanding",
    "Code Generation",
    "Mathematical Reasoning",
    "Multilingual Models",
    "Scientific Discovery",
    "Small Language Models",
]
SLUG_WORDS = [
    "introducing",
    "scaling",
    "agents",
    "reasoning",
    "update",
    "research",
    "safety",
    "models",
    "building",
    "open",
    "release",
    "developers",
    "inference",
    "robotics",
    "partnership",
    "future",
]

# --- templates ---------------------------------------------------------------
# Paired templates per item category: (headline, summary lead sentence with exactly one bold term).
# Fields are filled lazily (see _Ctx) and shared by the headline and the summary.
TEMPLATES = {
    "model": [
        (
            "{org}发布{model}模型，{topic}能力大幅提升",
            "{org_s}正式发布了**{model}**，这是其迄今在{topic}方向最强的模型。",
        ),
        (
            "{org}推出{model}：主打{topic}与{topic2}",
            "{org_s}推出新一代模型**{model}**，重点强化了{topic}和{topic2}能力。",
        ),
        (
            "{model}正式上线，{org}称{topic}性能提升{pct}%",
            "{org_s}宣布**{model}**正式上线，官方称其在{topic}任务上的性能提升了{pct}%。",
        ),
        (
            "{org}开放{model}预览版，支持{ctx_len}上下文",
            "{org_s}向开发者开放了**{model}**预览版，支持最长{ctx_len} token的上下文。",
        ),
        (
            "{org}更新{model}，{bench}成绩刷新纪录",
            "{org_s}更新了**{model}**，新版本在{bench}上取得{score}的成绩，刷新此前纪录。",
        ),
        (
            "{org}低调上线{model}，聚焦{topic}场景",
            "{org_s}低调上线了**{model}**，主要面向{topic}场景，目前已在API中提供。",
        ),
    ],
    "funding": [
        (
            "{startup}完成{money}{round}融资，{investor}领投",
            "{startup}宣布完成**{money}{round}融资**，本轮由{investor}领投。",
        ),
        (
            "{topic}赛道再获重注：{startup}获{investor}投资",
            "专注{topic}的创业公司{startup}获得**{investor}**领投的新一轮融资，金额达{money}。",
        ),
        (
            "{startup}估值达{valuation}，新一轮融资由{investor}领投",
            "{startup}完成新一轮融资后**估值达到{valuation}**，本轮由{investor}领投。",
        ),
        (
            "{investor}押注{topic}，领投{startup_round}融资",
            "{investor}宣布领投{startup}的**{round}融资**，看好其在{topic}方向的布局。",
        ),
        (
            "{startup}宣布完成{round}融资，将加码{topic}研发",
            "{startup}宣布完成{money}的**{round}融资**，资金将主要用于{topic}研发。",
        ),
    ],
    "chip": [
        (
            "{org}发布{chip}，{topic}性能提升{speedup}",
            "{org_s}发布了**{chip}**，官方称其在{topic}负载上性能提升{speedup}。",
        ),
        (
            "{org}{chip}开始量产，瞄准{topic}市场",
            "据供应链消息，{org_s}的**{chip}**已进入量产阶段，主要瞄准{topic}市场。",
        ),
        (
            "{org}公布{chip}路线图，能效比提升{pct}%",
            "{org_s}公布了**{chip}**的产品路线图，新一代产品能效比提升{pct}%。",
        ),
        (
            "{chip}规格曝光：{org}押注{topic}",
            "{org_s}的**{chip}**详细规格曝光，显示其主要面向{topic}和大规模训练场景。",
        ),
        (
            "{org}与{cloud}合作推进{chip}供应",
            "{org_s}与{cloud}宣布合作，将共同推进**{chip}**的供应和部署。",
        ),
    ],
    "robot": [
        (
            "{org}展示{robot}机器人新能力，{topic}取得突破",
            "{org_s}发布视频展示了**{robot}**的最新能力，其在{topic}方面取得明显突破。",
        ),
        (
            "{org}{robot}完成{task}演示，动作流畅自然",
            "{org_s}展示了**{robot}**完成{task}等任务的演示，动作稳定流畅。",
        ),
        (
            "{org}发布新款{robot}，售价{price}起",
            "{org_s}推出新款**{robot}**机器人，起售价为{price}，主打{topic}。",
        ),
        (
            "{robot}进厂打工：{org}公布{num}台量产订单",
            "{org_s}宣布**{robot}**已获得{num}台量产订单，将进入汽车和物流工厂作业。",
        ),
        (
            "{org}开源{robot}训练数据集，推动{topic}研究",
            "{org_s}开源了基于**{robot}**采集的训练数据集，希望推动{topic}研究。",
        ),
    ],
    "paper": [
        (
            "{org}发布“{paper}”论文，探索{topic}新路径",
            '{org_s}的研究团队发表了题为**"{paper}"**的论文，提出了一种新的{topic}方法。',
        ),
        (
            "{org}新论文：{topic}可显著降低推理开销",
            "{org_s}的一篇新论文表明，**{topic}**可以显著降低大模型的推理开销。",
        ),
        (
            "论文解读：{org}提出{method}，改进{topic}",
            "{org_s}提出了**{method}**方法，旨在解决{topic}中长期存在的效率瓶颈。",
        ),
        (
            "{org}研究揭示{topic}的扩展规律",
            "一篇来自{org_s}的新论文系统研究了**{topic}的扩展规律**，引发社区广泛讨论。",
        ),
        (
            "Huggingface热门论文：{org}的{topic}研究登顶",
            "{org_s}关于**{topic}**的研究登上了Huggingface每日热门论文榜首。",
        ),
    ],
    "policy": [
        (
            "{agency}发布{policy_act}，{org}等企业受影响",
            "{agency}正式发布**{policy_act}**，{org_s}等企业的相关业务将受到影响。",
        ),
        (
            "{agency}就{topic}征求意见，要求加强安全评估",
            "{agency}就**{topic}监管**公开征求意见，拟要求企业开展安全评估并定期披露。",
        ),
        (
            "{agency}正式实施{policy_act}",
            "{agency}宣布**{policy_act}**正式实施，对{topic}相关业务提出了明确要求。",
        ),
        (
            "{org}回应{agency}调查，称将配合{topic}合规审查",
            "{org_s}表示将全面配合{agency}的调查，并承诺在**{topic}合规**方面加大投入。",
        ),
        (
            "{agency}拟收紧{topic}相关规定，{org}股价波动",
            "{agency}拟收紧**{topic}**相关规定，消息传出后{org_s}股价出现波动。",
        ),
    ],
    "product": [
        (
            "{product}上线{feature}功能，{topic}体验升级",
            "{org_s}为**{product}**上线了{feature}功能，{topic}相关体验明显提升。",
        ),
        (
            "{org}为{product}推出{feature}，面向全部用户开放",
            "{org_s}为**{product}**推出了{feature}功能，即日起面向全部用户开放。",
        ),
        (
            "{product}周活跃用户突破{users}",
            "{org_s}宣布**{product}**周活跃用户已突破{users}，增长速度超出预期。",
        ),
        ("{org}更新{product}：新增{topic}支持", "**{product}**迎来重大更新，新增对{topic}的支持。"),
        (
            "{product}改版：{feature}成为默认入口",
            "**{product}**完成改版，{feature}功能成为默认入口。",
        ),
    ],
    "agent": [
        (
            "{org}推出{agent}，智能体可自主完成{work}",
            "{org_s}推出了**{agent}**，它可以自主规划并完成{work}等复杂任务。",
        ),
        (
            "{agent}接入MCP，{topic}工作流一键打通",
            "**{agent}**宣布全面支持MCP，用户可以一键打通{topic}相关工作流。",
        ),
        (
            "{org}发布{agent}更新：可连续运行{hours}小时",
            "{org_s}更新了**{agent}**，最新版本支持连续运行{hours}小时。",
        ),
        (
            "实测{agent}：复杂{work}任务完成率{pct}%",
            "在一项实测中，**{agent}**在复杂{work}任务上的完成率达到{pct}%。",
        ),
        (
            "{org}开放{agent}公测，主打{topic}",
            "{org_s}宣布**{agent}**开放公测，主打{topic}场景下的端到端任务执行。",
        ),
    ],
    "oss": [
        (
            "{org}开源{oss}，{params}参数模型免费可商用",
            "{org_s}开源了**{oss}**，模型参数规模为{params}，可免费商用。",
        ),
        (
            "{oss}权重正式开放，{org}采用{license}协议",
            "{org_s}正式开放了**{oss}**的全部权重，采用{license}协议。",
        ),
        (
            "{org}开源{oss}，{topic}速度提升{speedup}",
            "{org_s}开源了**{oss}**，官方称其{topic}速度提升{speedup}。",
        ),
        (
            "Hugging Face趋势榜：{org}{oss}下载量破{num}万",
            "**{oss}**在Hugging Face上线后迅速登上趋势榜，累计下载量已超过{num}万次。",
        ),
        (
            "{org}发布{oss}技术报告并开放全部权重",
            "{org_s}发布了**{oss}**的技术报告，并开放全部权重及训练细节。",
        ),
    ],
    "bench": [
        (
            "{model}在{bench}上取得{score}，超越{model2}",
            "最新评测显示，{org_s}的**{model}**在{bench}上取得了{score}的成绩，超越{model2}。",
        ),
        (
            "{bench}最新排名：{org}{model}位列第一",
            "{bench}榜单更新，{org_s}的**{model}**位列第一。",
        ),
        (
            "第三方评测：{model}{topic}能力接近{model2}",
            "第三方机构对**{model}**进行了系统评测，其{topic}能力已接近{model2}。",
        ),
        (
            "{org}公布{model}在{bench}的成绩：{score}",
            "{org_s}公布了**{model}**在{bench}上的成绩，达到{score}。",
        ),
    ],
    "hiring": [
        (
            "前{org2}{role}加入{org}，负责{topic}",
            "据知情人士透露，前{org2}{role}已加入{org_s}，负责**{topic}**方向的研究。",
        ),
        (
            "{org}组建{topic}新团队，从{org2}挖来多名研究员",
            "{org_s}正在组建**{topic}团队**，近期已从{org2}引入多名核心研究员。",
        ),
        (
            "{org}{role}离职创业，聚焦{topic}",
            "{org_s}{role}已离职创业，新公司将聚焦**{topic}**方向。",
        ),
        (
            "{org}启动{num}人规模招聘，重点投入{topic}",
            "{org_s}宣布启动**{num}人规模的招聘计划**，重点投入{topic}与基础设施。",
        ),
    ],
    "partner": [
        (
            "{org}与{org2}达成合作，共建{topic}生态",
            "{org_s}与{org2}宣布达成**战略合作**，双方将在{topic}领域共建生态。",
        ),
        (
            "{org}与{cloud}签署{money}算力协议",
            "{org_s}与{cloud}签署了价值{money}的**算力采购协议**，合作期为{years}年，{cloud}将提供{chip_any}算力支持。",
        ),
        (
            "{org2}宣布接入{org}模型，加速{topic}落地",
            "{org2}宣布将在其产品中接入{org_s}的模型，加速**{topic}落地**。",
        ),
        (
            "{org}与{org2}联合发布{topic}解决方案",
            "{org_s}与{org2}联合发布了面向企业的**{topic}解决方案**。",
        ),
    ],
    "opinion": [
        (
            "{org}展望{year}年AI趋势：{topic}将成关键",
            "{org_s}发布年度展望长文，认为**{topic}**将是{year}年最重要的AI趋势之一。",
        ),
        (
            "观点：{topic}落地挑战在于组织协调而非技术",
            "一篇新文章指出，**{topic}的普及是一个协调问题**，而非单纯的技术问题。",
        ),
        (
            "{topic}泡沫还是机会？{org}发布深度报告",
            "{org_s}发布深度报告，分析了**{topic}**对{industry}的长期影响。",
        ),
        (
            "AI观察：{topic}正在重塑{industry}",
            "有观察者指出，**{topic}**正在深刻重塑{industry}的工作方式。",
        ),
        (
            "长文：为什么{topic}是下一个平台级机会",
            "一篇长文系统论证了**{topic}**为何会成为下一个平台级机会。",
        ),
    ],
    "launch": [
        (
            "{org}正式发布{launch}，{topic}能力大幅提升",
            "{org_s}正式发布了**{launch}**，官方称其在{topic}、{topic2}等方向全面超越上一代模型。",
        ),
        (
            "{launch}上手实测：{topic}表现超出预期",
            "开发者社区对**{launch}**展开了大量实测，普遍认为其{topic}能力有明显进步。",
        ),
        (
            "{launch}登顶{bench}榜单，领先第二名{pts}分",
            "**{launch}**发布后迅速登上{bench}榜首，取得{score}的成绩，领先第二名{pts}分。",
        ),
        (
            "{launch} API定价公布，价格较上一代下降{pct}%",
            "{org_s}公布了**{launch}**的API定价，价格较上一代下降{pct}%。",
        ),
        (
            "开发者热议{launch}：{topic}是最大亮点",
            "**{launch}**成为开发者社区热议话题，多数人认为{topic}是其最大亮点。",
        ),
        (
            "{launch}技术报告解读：训练数据与架构细节曝光",
            "{org_s}发布了**{launch}**技术报告，披露了训练数据规模与{arch}架构细节。",
        ),
        (
            "{launch}全面开放，免费用户也可使用",
            "{org_s}宣布**{launch}**全面开放，免费用户也可在每日额度内使用。",
        ),
        (
            "{platform}跟进：宣布将在产品中接入{launch}",
            "{platform}宣布已在旗下产品中接入**{launch}**，用户可在设置中切换使用。",
        ),
    ],
}

# Category-specific detail sentences (0 or 1 bold).
DETAILS = {
    "model": [
        "新模型支持**{ctx_len}上下文**，在{bench}上取得了{score}的成绩。",
        "官方数据显示，其推理速度较上一代提升{speedup}，API价格下调{pct}%。",
        "模型采用**{arch}**架构，在代码、数学和多语言任务上均有明显提升。",
        "目前该模型已在{product_any}中上线，Plus及企业用户可优先体验。",
    ],
    "funding": [
        "本轮资金将主要用于**{topic}**研发和团队扩张。",
        "公司成立于{found_year}年，总部位于{city}，核心团队来自{org2}等机构。",
        "投资方表示，看好其在{topic}领域的技术积累和商业化速度。",
    ],
    "chip": [
        "该芯片采用**{chip_feature}**，单卡算力提升{speedup}，功耗降低{pct}%。",
        "{org_s}表示，首批产品将优先供应大型云厂商和{topic}客户。",
        "分析人士认为，这将进一步加剧与{org2}在数据中心市场的竞争。",
    ],
    "robot": [
        "该机器人具备{dof}个自由度，最大负载{load}公斤，续航约{hours}小时。",
        "其控制系统基于**{topic}**，可在一天内完成新任务的适配。",
        "{org_s}透露，今年计划交付{num}台，主要面向汽车制造和物流场景。",
    ],
    "paper": [
        "实验表明，该方法在{bench}等基准上提升{pts}个百分点，同时将训练成本降低{pct}%。",
        "论文指出，**{topic2}**与{topic}的结合是提升模型泛化能力的关键。",
        "作者已开源代码和数据，方便社区复现和进一步研究。",
    ],
    "policy": [
        "新规要求相关服务提供者对生成内容进行**显著标识**，并建立投诉处理机制。",
        "业内人士认为，这将对{org2}等公司的海外业务产生一定影响。",
        "规定将于{month}月起正式施行，企业需在过渡期内完成整改。",
    ],
    "product": [
        "新功能基于{model_any}模型，响应速度和准确度均有提升。",
        "用户现在可以通过**{feature}**一键完成过去需要多个步骤的操作。",
        "该功能首先向{city}等地区的用户开放，随后将逐步全量上线。",
    ],
    "agent": [
        "实测中，它在**{work}**任务上的完成率达到{pct}%，明显优于上一版本。",
        "该智能体支持浏览器操作、文件读写和代码执行，可与{product_any}无缝协作。",
        "{org_s}表示，企业用户可通过API将其嵌入现有工作流。",
    ],
    "oss": [
        "该模型采用**{arch}**设计，在同尺寸开源模型中表现领先。",
        "官方同时发布了量化版本，消费级显卡即可本地部署。",
        "社区开发者已在vLLM和llama.cpp中完成适配。",
    ],
    "bench": [
        "在**{topic}**相关子项上，该模型领先第二名{pts}分。",
        "不过也有研究者指出，榜单成绩与真实使用体验之间仍存在差距。",
        "评测机构表示，将在{weeks}周内公布完整的测试方法和数据。",
    ],
    "hiring": [
        "相关人员此前曾参与{org2}多个核心模型的研发工作。",
        "这是近一个月来{org_s}在**{topic}**方向的第{nth}次重要人才引进。",
    ],
    "partner": [
        "双方将围绕**{topic}**开展长期技术合作，并共享部分数据与算力资源。",
        "双方还将在{city}共建联合实验室，聚焦{topic}应用。",
        "据悉，合作首期将覆盖{num}家企业客户。",
    ],
    "opinion": [
        "文章认为，企业每个部门都应成为**“软件团队”**，用AI解决自己的问题。",
        "作者指出，AI应用层不会被大模型公司吞噬，创业公司仍有大量机会。",
        "作者还观察到，普通用户正在通过{product_any}等工具发现AI的新用法。",
    ],
    "launch": [
        "新模型支持**{ctx_len}上下文**，推理速度较上一代提升{speedup}。",
        "多位开发者表示，{launch}在代码和长文本任务上的表现明显优于此前版本。",
        "{launch}目前已向付费用户开放，免费用户将在{weeks}周内获得访问权限。",
        "官方技术报告披露了训练数据规模和**{topic2}**方面的改进细节。",
    ],
}

# Generic closing / impact sentences (no bold; one may be promoted).
GENERIC = [
    "这标志着{topic}正在从实验室走向大规模商用。",
    "业内人士认为，这一进展将进一步加剧国内外厂商在{topic}领域的竞争。",
    "此外，{org_s}还表示将在未来几周公布更多技术细节。",
    "这为开发者优化模型部署和资源管理提供了便利。",
    "社区对此反应热烈，相关话题在社交媒体上迅速升温。",
    "不过，也有观点认为其实际效果仍有待更多真实场景验证。",
    "分析人士指出，{topic}的成本下降速度远超此前预期。",
    "这一动向也反映出{year}年AI行业竞争重心的转移。",
    "目前相关功能已在{city}等地开启测试。",
    "有开发者在体验后表示，其{topic}能力已经可以满足日常工作需求。",
    "随着{topic}的快速发展，相关人才争夺也愈发激烈。",
    "该消息发布后，相关概念股在盘中出现明显上涨。",
]

ENGLISH = [
    "{en_org} describes it as “a meaningful step toward better {en_topic}”.",
    "Early testers report noticeably better results on {en_topic} tasks.",
    "As one developer put it: “This changes how we think about {en_topic}.”",
    "{en_org} says more details will be shared in an upcoming technical report.",
    "Pricing starts at ${usd} per million tokens.",
    "The team notes that the biggest gains come from {en_topic}.",
]

INJECT = [
    "此外，该进展也被视为**{term}**方向的重要信号。",
    "不少研究者认为，这与近期**{term}**的热度密切相关。",
    "{org_s}还特别提到了**{term}**相关的布局。",
    "文章还讨论了**{term}**在实际场景中的潜力。",
    "业内将其与**{term}**的最新进展相提并论。",
]

CHIP_FEATURES = [
    "3nm工艺",
    "2nm工艺",
    "Chiplet设计",
    "液冷散热方案",
    "FP4低精度计算",
    "光互连技术",
    "先进封装",
]

# ---------------------------------------------------------------------------
# Sampling helpers
# ---------------------------------------------------------------------------


class _Table:
    """O(1) sampler: a lookup table of 8192 slots filled in proportion to weights."""

    __slots__ = ("slots", "n")

    def __init__(self, items, weights, size=8192):
        total = float(sum(weights))
        raw = [w / total * size for w in weights]
        counts = [max(1, int(r)) for r in raw]
        # largest remainder to reach size (keeps every item >= 1 slot)
        rem = sorted(range(len(items)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
        i = 0
        while sum(counts) < size:
            counts[rem[i % len(rem)]] += 1
            i += 1
        slots = []
        for item, c in zip(items, counts, strict=False):
            slots.extend([item] * c)
        self.slots = slots
        self.n = len(slots)

    def pick(self, rnd):
        return self.slots[int(rnd() * self.n)]


def _zipf(n, s=1.0):
    return [1.0 / (r**s) for r in range(1, n + 1)]


class _Org:
    __slots__ = (
        "cid",
        "en",
        "aliases",
        "alias_tab",
        "type",
        "models",
        "products",
        "chips",
        "robots",
        "agents",
        "oss",
        "cat_tab",
        "cat_w",
    )

    def __init__(self, row):
        (
            self.cid,
            self.en,
            aliases,
            self.type,
            self.models,
            self.products,
            self.chips,
            self.robots,
            self.agents,
            self.oss,
        ) = row
        self.aliases = [a for a, _ in aliases]
        self.alias_tab = _Table(self.aliases, [w for _, w in aliases], size=256)
        lists = {
            4: self.models,
            5: self.products,
            6: self.chips,
            7: self.robots,
            8: self.agents,
            9: self.oss,
        }
        cats = []
        weights = []
        for cat, w in TYPE_CATS[self.type].items():
            need = NEEDS.get(cat)
            if need is not None and not lists[need]:
                continue
            if cat == "funding" and self.cid in BIG:
                continue
            cats.append(cat)
            weights.append(w)
        if not cats:
            cats, weights = ["opinion"], [1.0]
        self.cat_tab = _Table(cats, weights, size=512)
        tot = sum(weights)
        self.cat_w = {k: v / tot for k, v in zip(cats, weights, strict=False)}


class _World:
    """All static tables, built once per generate() call."""

    def __init__(self):
        self.orgs = [_Org(r) for r in ORGS]
        self.by_id = {o.cid: o for o in self.orgs}
        self.org_tab = _Table(self.orgs, _zipf(len(self.orgs), 1.0))

        def sub(types, startups=False):
            sel = [
                (o, w)
                for o, w in zip(self.orgs, _zipf(len(self.orgs), 1.0), strict=False)
                if o.type in types and not (startups and o.cid in BIG)
            ]
            return _Table([o for o, _ in sel], [w for _, w in sel], size=2048)

        self.vc_tab = sub({"vc"})
        self.gov_tab = sub({"gov"})
        self.startup_tab = sub({"robot", "app", "lab"}, startups=True)
        self.company_tab = sub({"lab", "chip", "app", "robot", "cloud", "oss"})
        self.lab_tab = _Table(
            [o for o in self.orgs if o.models],
            [w for o, w in zip(self.orgs, _zipf(len(self.orgs)), strict=False) if o.models],
            size=2048,
        )
        self.chip_tab = _Table(
            [o for o in self.orgs if o.chips],
            [w for o, w in zip(self.orgs, _zipf(len(self.orgs)), strict=False) if o.chips],
            size=2048,
        )
        self.cloud_tab = _Table(
            [
                self.by_id[k]
                for k in (
                    "NVIDIA",
                    "Microsoft",
                    "Amazon",
                    "Oracle",
                    "Google",
                    "Huawei",
                    "AMD",
                    "Alibaba",
                    "ByteDance",
                    "Cerebras",
                )
            ],
            [6, 5, 4, 4, 3, 3, 2, 2, 2, 1],
            size=1024,
        )
        self.sources = []
        for handle, names, aff in SOURCES:
            self.sources.append((handle, names, [self.by_id[a] for a in aff]))
        self.src_tab = _Table(self.sources, _zipf(len(self.sources), 0.9))
        tw = _zipf(len(TOPICS), 1.05)
        self.topic_tabs = {}
        for cat, groups in CAT_GROUPS.items():
            sel = [
                (t, w * groups.count(grp))
                for (t, grp), w in zip(TOPICS, tw, strict=False)
                if grp in groups
            ]
            self.topic_tabs[cat] = _Table([t for t, _ in sel], [w for _, w in sel], size=4096)
        ow = _zipf(len(self.orgs), 1.0)
        self.cat_org_tabs = {}
        for cat in CAT_GROUPS:
            sel = [
                (o, w * o.cat_w[cat]) for o, w in zip(self.orgs, ow, strict=False) if cat in o.cat_w
            ]
            if sel:
                self.cat_org_tabs[cat] = _Table([o for o, _ in sel], [w for _, w in sel], size=4096)
        self.platform_tab = _Table(
            [
                self.by_id[k]
                for k in (
                    "Microsoft",
                    "Amazon",
                    "Perplexity",
                    "Cursor",
                    "ByteDance",
                    "Tencent",
                    "Alibaba",
                    "Apple",
                    "Xiaomi",
                    "Honor",
                    "Databricks",
                    "Replit",
                    "Genspark",
                    "Manus",
                    "Oracle",
                )
            ],
            [8, 6, 6, 6, 5, 5, 4, 4, 3, 2, 2, 2, 2, 2, 2],
            size=1024,
        )


class _Ctx(dict):
    """Template context whose fields are drawn lazily on first use (then fixed)."""

    __slots__ = ("g", "org", "cloudo", "cat")

    def __missing__(self, key):
        v = _FIELDS[key](self)
        self[key] = v
        return v


def _f_org2(c):
    g = c.g
    for _ in range(6):
        o = g.world.company_tab.pick(g.rnd)
        if o is not c.org:
            break
    return o.alias_tab.pick(g.rnd)


def _pick(lst, c):
    return lst[int(c.g.rnd() * len(lst))]


def _topic(c):
    g = c.g
    used = {c.get("topic"), c.get("topic2"), c.get("topic3")}
    tab = g.world.topic_tabs[c.cat]
    for _ in range(5):
        t = tab.pick(g.rnd)
        if t not in used:
            return t
    return t


def _product_any(c):
    o = c.org
    taken = (c.get("agent"), c.get("product"))
    options = [p for p in o.products if p not in taken]
    if options:
        return _pick(options, c)
    return _pick(c.g.world.lab_tab.pick(c.g.rnd).products or ["ChatGPT"], c)


def _model_any(c):
    o = c.org
    if o.models:
        return _pick(o.models, c)
    return _pick(c.g.world.lab_tab.pick(c.g.rnd).models, c)


def _model2(c):
    g = c.g
    for _ in range(6):
        o = g.world.lab_tab.pick(g.rnd)
        if o is not c.org:
            break
    return _pick(o.models, c)


def _cloud(c):
    g = c.g
    for _ in range(6):
        o = g.world.cloud_tab.pick(g.rnd)
        if o is not c.org:
            break
    c.cloudo = o
    return o.alias_tab.pick(g.rnd)


def _startup_round(c):
    a, b = c["startup"], c["round"]
    return a + " " + b if a[-1].isascii() and a[-1].isalnum() and b[0].isascii() else a + b


def _platform(c):
    g = c.g
    for _ in range(6):
        o = g.world.platform_tab.pick(g.rnd)
        if o is not c.org:
            break
    return o.alias_tab.pick(g.rnd)


def _chip_any(c):
    o = c.cloudo if c.cloudo is not None and c.cloudo.chips else c.g.world.chip_tab.pick(c.g.rnd)
    return _pick(o.chips, c)


def _paper(c):
    r = c.g.rnd
    a, b, cc = PAPER_A[int(r() * 10)], PAPER_B[int(r() * 10)], PAPER_C[int(r() * 8)]
    form = int(r() * 3)
    if form == 0:
        return f"{a} {b} for {cc}"
    if form == 1:
        return f"{b} Is All You Need for {cc}"
    return f"{a} {b}: Lessons from {cc}"


_FIELDS = {
    "org": lambda c: c.org.alias_tab.pick(c.g.rnd),
    "org_s": lambda c: c["org"] if c.g.rnd() < 0.8 else c.org.alias_tab.pick(c.g.rnd),
    "org2": _f_org2,
    "en_org": lambda c: c.org.en,
    "startup": lambda c: c["org"],
    "startup_round": _startup_round,
    "investor": lambda c: c.g.world.vc_tab.pick(c.g.rnd).alias_tab.pick(c.g.rnd),
    "agency": lambda c: c.g.world.gov_tab.pick(c.g.rnd).alias_tab.pick(c.g.rnd),
    "model": lambda c: _pick(c.org.models, c) if c.org.models else _model_any(c),
    "model_any": _model_any,
    "model2": _model2,
    "product": lambda c: _pick(c.org.products, c) if c.org.products else _product_any(c),
    "product_any": _product_any,
    "chip": lambda c: _pick(c.org.chips, c),
    "chip_any": _chip_any,
    "cloud": _cloud,
    "weeks": lambda c: str(1 + int(c.g.rnd() * 6)),
    "years": lambda c: str(2 + int(c.g.rnd() * 6)),
    "nth": lambda c: str(2 + int(c.g.rnd() * 4)),
    "robot": lambda c: _pick(c.org.robots, c),
    "agent": lambda c: _pick(c.org.agents, c),
    "oss": lambda c: _pick(c.org.oss, c),
    "topic": _topic,
    "topic2": _topic,
    "topic3": _topic,
    "arch": lambda c: _pick(ARCHS, c),
    "platform": _platform,
    "en_topic": lambda c: _pick(EN_TOPICS, c),
    "bench": lambda c: _pick(BENCHES, c),
    "pct": lambda c: str(10 + int(c.g.rnd() * 75)),
    "pts": lambda c: f"{1 + c.g.rnd() * 14:.1f}",
    "score": lambda c: f"{35 + c.g.rnd() * 60:.1f}%",
    "num": lambda c: str(2 + int(c.g.rnd() * 98)),
    "hours": lambda c: str(2 + int(c.g.rnd() * 46)),
    "dof": lambda c: str(20 + int(c.g.rnd() * 40)),
    "load": lambda c: str(5 + int(c.g.rnd() * 45)),
    "money": lambda c: _pick(MONEY, c),
    "valuation": lambda c: _pick(VALUATIONS, c),
    "round": lambda c: _pick(ROUNDS, c),
    "params": lambda c: _pick(PARAMS, c),
    "ctx_len": lambda c: _pick(CTX_LENS, c),
    "speedup": lambda c: _pick(SPEEDUPS, c),
    "users": lambda c: _pick(USERS, c),
    "price": lambda c: _pick(PRICES, c),
    "feature": lambda c: _pick(FEATURES, c),
    "task": lambda c: _pick(TASKS, c),
    "work": lambda c: _pick(WORK, c),
    "role": lambda c: _pick(ROLES, c),
    "industry": lambda c: _pick(INDUSTRIES, c),
    "license": lambda c: _pick(LICENSES, c),
    "city": lambda c: _pick(CITIES, c),
    "policy_act": lambda c: _pick(POLICY_ACTS, c),
    "method": lambda c: _pick(METHODS, c),
    "paper": _paper,
    "chip_feature": lambda c: _pick(CHIP_FEATURES, c),
    "month": lambda c: str(1 + int(c.g.rnd() * 12)),
    "found_year": lambda c: str(2018 + int(c.g.rnd() * 8)),
    "usd": lambda c: _pick(["0.15", "0.5", "1.25", "2", "3", "10", "15"], c),
    "launch": lambda c: c.g.cur_launch,
    "year": lambda c: c.g.year,
}


# ---------------------------------------------------------------------------
# Schedule and stories
# ---------------------------------------------------------------------------

_COUNT_VALUES = [5, 6, 7, 8, 9, 10, 11, 12]
_COUNT_WEIGHTS = [8, 12, 15, 16, 15, 13, 11, 10]


def _schedule(days, items, seed):
    """Items per digest, drawn from an RNG stream of its own."""
    r = random.Random(seed * 7919 + 17)
    tab = _Table(_COUNT_VALUES, _COUNT_WEIGHTS, size=1024)
    counts = []
    if days is not None:
        for _ in range(days * SLOTS_PER_DAY):
            counts.append(tab.pick(r.random))
        return counts
    remaining = items
    while remaining > 0:
        c = tab.pick(r.random)
        if remaining <= 12:
            c = remaining  # only < 5 when items < 5
        elif remaining - c < 5:
            c = remaining - 5  # 8..12 here; leaves a final digest of exactly 5
        counts.append(c)
        remaining -= c
    return counts


def _iso(ts):
    return _dt.datetime.fromtimestamp(ts, TZ).isoformat()


def _plan_events(t0, n_slots):
    """Place planted stories relative to the corpus span; times are epoch seconds."""
    slot = SLOT_HOURS * 3600
    span = n_slots * slot
    t_end = t0 + (n_slots - 1) * slot
    span_days = span / 86400.0

    def snap(t):
        return t0 + int(round((t - t0) / slot)) * slot

    events = []
    n_launch = max(3, min(len(LAUNCHES), int(span_days // 20)))
    fixed = [launch for launch in LAUNCHES if launch[2] is not None]
    extra = [launch for launch in LAUNCHES if launch[2] is None][: n_launch - len(fixed)]
    fracs = [launch[2] for launch in fixed]
    if extra:
        # spread the extra launches evenly over the span, away from the fixed ones
        k = len(extra)
        extra_fracs = [(i + 0.5) / (k + 1) for i in range(k)]
        extra_fracs = [
            f + 0.05 if min(abs(f - x) for x in fracs) < 0.02 else f for f in extra_fracs
        ]
        fracs = fracs + extra_fracs
    for (term, org, _), frac in zip(fixed + extra, fracs, strict=False):
        start = snap(t0 + frac * span)
        decay_h = LAUNCH_HALF_LIFE_H * math.log2(LAUNCH_PEAK / LAUNCH_FLOOR)
        events.append(
            {
                "term": term,
                "kind": "launch",
                "org": org,
                "start_ts": start,
                "peak_ts": snap(start + (LAUNCH_RAMP_H + LAUNCH_PLATEAU_H) / 2 * 3600),
                "end_ts": start + int(round(LAUNCH_PLATEAU_H + decay_h)) * 3600,
                "share_peak": LAUNCH_PEAK,
                "share_after": LAUNCH_FLOOR,
            }
        )
    term, frac, ramp_days, s0, s1 = RISING
    rs = snap(t0 + frac * span)
    events.append(
        {
            "term": term,
            "kind": "rising",
            "start_ts": rs,
            "peak_ts": rs + int(ramp_days * 86400),
            "end_ts": t_end,
            "share_start": s0,
            "share_peak": s1,
        }
    )
    term, last_days, s0, s1 = NEW_TERM
    ns = snap(t_end - last_days * 86400 + slot)
    events.append(
        {
            "term": term,
            "kind": "new",
            "start_ts": ns,
            "peak_ts": t_end,
            "end_ts": t_end,
            "share_start": s0,
            "share_peak": s1,
        }
    )
    for term, share in STEADY:
        events.append(
            {
                "term": term,
                "kind": "steady",
                "start_ts": t0,
                "peak_ts": None,
                "end_ts": t_end,
                "share": share,
            }
        )
    return events


def _launch_share(ev, t):
    dt_h = (t - ev["start_ts"]) / 3600.0
    if dt_h < 0:
        return 0.0
    if dt_h < LAUNCH_RAMP_H:
        return LAUNCH_PEAK * (0.35 + 0.65 * dt_h / LAUNCH_RAMP_H)
    if dt_h < LAUNCH_PLATEAU_H:
        return LAUNCH_PEAK
    s = LAUNCH_PEAK * 0.5 ** ((dt_h - LAUNCH_PLATEAU_H) / LAUNCH_HALF_LIFE_H)
    if s >= LAUNCH_FLOOR:
        return s
    # rare mentions afterwards, fading out over months (matters only for long corpora)
    after_h = (t - ev["end_ts"]) / 3600.0
    s = LAUNCH_FLOOR * 0.5 ** (max(0.0, after_h) / LAUNCH_FADE_H)
    return s if s >= 0.0005 else 0.0


def _term_share(ev, t):
    k = ev["kind"]
    if k == "steady":
        return ev["share"]
    if t < ev["start_ts"]:
        return ev["share_start"] if k == "rising" else 0.0
    span = max(1, ev["peak_ts"] - ev["start_ts"])
    frac = min(1.0, (t - ev["start_ts"]) / span)
    return ev["share_start"] + (ev["share_peak"] - ev["share_start"]) * frac


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------


class _Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.rnd = self.rng.random
        self.world = _World()
        self.cur_launch = None
        self.year = "2026"
        self.seq = 0


def _fill(tmpl, c):
    return tmpl.format_map(c)


def _url(g, src_handle, tweet_ms):
    """x.com status URL with a snowflake id derived from the item time (ids increase with time)."""
    g.seq += 1
    sid = ((tweet_ms - TWITTER_EPOCH_MS) << 22) | (int(g.rnd() * 1024) << 12) | (g.seq & 4095)
    return f"https://x.com/{src_handle}/status/{sid}"


def _site_url(g, kind, tm):
    r = g.rnd
    n = len(SLUG_WORDS)
    i = int(r() * n)
    j = (i + 1 + int(r() * (n - 1))) % n
    k = (j + 1 + int(r() * (n - 2))) % n
    if k == i:
        k = (k + 1) % n
    slug = f"{SLUG_WORDS[i]}-{SLUG_WORDS[j]}-{SLUG_WORDS[k]}"
    if kind == "jiqizhixin":
        return f"https://www.jiqizhixin.com/articles/{tm.strftime('%Y-%m-%d')}-{1 + int(r() * 12)}"
    if kind == "qbitai":
        return f"https://www.qbitai.com/{tm.strftime('%Y/%m')}/{300000 + int(r() * 99999)}.html"
    if kind == "36kr":
        return f"https://36kr.com/p/{3500000000000 + int(r() * 99999999999)}"
    if kind == "openai":
        return f"https://openai.com/index/{slug}/"
    if kind == "anthropic":
        return f"https://www.anthropic.com/news/{slug}"
    if kind == "google":
        return f"https://blog.google/technology/ai/{slug}/"
    if kind == "hfblog":
        return f"https://huggingface.co/blog/{slug}"
    return (
        f"https://www.theverge.com/ai-artificial-intelligence/{100000 + int(r() * 899999)}/{slug}"
    )


def _item(g, t_slot, launches_active, term_events, counters, cats_count):
    """Build one item; returns (headline_with_author, url, summary)."""
    rnd = g.rnd
    w = g.world

    # --- planted stories for this item
    launch = None
    if launches_active:
        u = rnd()
        acc = 0.0
        for ev, share in launches_active:
            acc += share
            if u < acc:
                launch = ev
                break
    inject = []
    for ev, share in term_events:
        if share > 0.0 and rnd() < share:
            inject.append(ev)

    # --- source
    handle, names, aff = w.src_tab.pick(rnd)
    author = names[0] if len(names) == 1 or rnd() < 0.8 else names[1]

    c = _Ctx()
    c.g = g
    c.cloudo = None
    if launch is not None:
        c.org = w.by_id[launch["org"]]
        cat = "launch"
        g.cur_launch = launch["term"]
        counters[launch["term"]] += 1
    else:
        if inject:
            fit = TERM_CATS[inject[0]["term"]]
            cat = fit[int(rnd() * len(fit))]
            org = w.cat_org_tabs[cat].pick(rnd)
        else:
            if aff and rnd() < 0.45:
                org = aff[int(rnd() * len(aff))]
            else:
                org = w.org_tab.pick(rnd)
            cat = org.cat_tab.pick(rnd)
        if org.type == "vc" and cat == "funding":
            c["investor"] = org.alias_tab.pick(rnd)
            org = w.startup_tab.pick(rnd)
        elif org.type == "gov":
            c["agency"] = org.alias_tab.pick(rnd)
            org = w.company_tab.pick(rnd)
        c.org = org
    c.cat = cat
    if inject:
        c["topic"] = inject[0]["term"]
        if len(inject) > 1:
            c["topic2"] = inject[1]["term"]

    for lab in CAT_LABELS[cat]:
        cats_count[lab] = cats_count.get(lab, 0) + 1

    pairs = TEMPLATES[cat]
    h_tmpl, l_tmpl = pairs[int(rnd() * len(pairs))]
    if "{org}模型" in h_tmpl and not c.org.models:
        h_tmpl, l_tmpl = pairs[0]
    headline = _fill(h_tmpl, c)
    sents = [_fill(l_tmpl, c)]
    bold = 1
    details = DETAILS[cat]
    u = rnd()
    n_more = 1 if u < 0.1 else (2 if u < 0.4 else (3 if u < 0.75 else 4))  # 2..5 sentences in all
    used = set()
    tries = 0
    while len(sents) <= n_more and tries < 12:
        tries += 1
        if rnd() < 0.6:
            i = int(rnd() * len(details))
            key = i
            tmpl = details[i]
        else:
            i = int(rnd() * len(GENERIC))
            key = 100 + i
            tmpl = GENERIC[i]
        if key in used:
            continue
        used.add(key)
        s = _fill(tmpl, c)
        if "**" in s:
            if bold >= 3:
                s = s.replace("**", "")
            else:
                bold += 1
        sents.append(s)
    if len(sents) < 5 and rnd() < 0.1:
        sents.append(_fill(ENGLISH[int(rnd() * len(ENGLISH))], c))

    # length budget 80..300 characters, at least 2 sentences, lead always kept
    total = sum(map(len, sents))
    while total > 300 and len(sents) > 2:
        total -= len(sents.pop())
    tries = 0
    while total < 80 and tries < 20:
        tries += 1
        s = _fill(GENERIC[int(rnd() * len(GENERIC))], c)
        if s not in sents:
            sents.append(s)
            total += len(s)

    # planted terms must be mentioned; add a sentence when the templates did not
    for ev in inject:
        term = ev["term"]
        counters[term] += 1
        if term in headline or any(term in s for s in sents):
            continue
        s = _fill(INJECT[int(rnd() * len(INJECT))].replace("{term}", term), c)
        if bold >= 3:
            s = s.replace("**", "")
        else:
            bold += 1
        i = len(sents) - 1
        while (total + len(s) > 300 or len(sents) >= 5) and len(sents) > 1 and i >= 1:
            if not any(e["term"] in sents[i] for e in inject):
                total -= len(sents.pop(i))
            i -= 1
        sents.append(s)
        total += len(s)
    summary = "".join(sents)

    # --- link
    if rnd() < 0.05:
        site_author, kind = SITES[int(rnd() * len(SITES))]
        url = _site_url(g, kind, _dt.datetime.fromtimestamp(t_slot, TZ))
        author = site_author
    else:
        tweet_s = t_slot - 60 - rnd() * (SLOT_HOURS * 3600 - 120)
        url = _url(g, handle, int(tweet_s * 1000))
    return headline + "-" + author, url, summary


_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def _write_file(path, data):
    fd = os.open(path, _WRITE_FLAGS, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _writer_process(conn):
    """Child process: write batches of (path, bytes) until None; report the first error."""
    error = None
    while True:
        try:
            batch = conn.recv()
        except EOFError:  # parent went away
            return
        if batch is None:
            break
        if error is None:
            try:
                for path, data in batch:
                    _write_file(path, data)
            except OSError as exc:
                error = f"{exc.__class__.__name__}: {exc}"
    conn.send(error)
    conn.close()


class _Writer:
    """Writes digest files.

    Creating many small files costs about as much kernel time as generating
    them, so large runs hand the bytes to a forked writer process (file
    creation then overlaps generation on a second core).  Small runs, and
    platforms without ``fork``, write inline.
    """

    BATCH = 256

    def __init__(self, n_files):
        self.proc = None
        self.batch = []
        if n_files > FLAT_MAX_FILES and "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            self.conn, child = ctx.Pipe()
            self.proc = ctx.Process(
                target=_writer_process, args=(child,), name="corpus-writer", daemon=True
            )
            self.proc.start()
            child.close()

    def put(self, path, text):
        data = text.encode("utf-8")
        if self.proc is None:
            _write_file(path, data)
            return
        self.batch.append((path, data))
        if len(self.batch) >= self.BATCH:
            self.conn.send(self.batch)
            self.batch = []

    def close(self):
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        try:
            if self.batch:
                self.conn.send(self.batch)
                self.batch = []
            self.conn.send(None)
            error = self.conn.recv()
        finally:
            self.conn.close()
            proc.join()
        if error:
            raise OSError(f"writing the corpus failed: {error}")


def _write_digests(g, writer, out_s, layout, t0, counts, launch_evs, term_evs, counters, verbose):
    """Generate every digest in slot order and hand it to the writer."""
    rnd = g.rnd
    slot_s = SLOT_HOURS * 3600
    cat_rank = {c: i for i, c in enumerate(CAT_ORDER)}
    made_dirs = set()
    n_slots = len(counts)
    for k in range(n_slots):
        t = t0 + k * slot_s
        dtl = _dt.datetime.fromtimestamp(t, TZ)
        g.year = str(dtl.year)
        launches_active = [(ev, _launch_share(ev, t)) for ev in launch_evs if t >= ev["start_ts"]]
        term_active = [(ev, _term_share(ev, t)) for ev in term_evs]
        cats_count = {}
        parts = []
        for n in range(1, counts[k] + 1):
            head, url, summary = _item(g, t, launches_active, term_active, counters, cats_count)
            parts.append(f"{n}.  [{head}]({url})\n\n    {summary}")

        # front matter categories: "AI News" first, then the item categories by frequency
        ranked = sorted(cats_count.items(), key=lambda kv: (-kv[1], cat_rank[kv[0]]))
        n_cats = 2 + int(rnd() * 4)  # 2..5 besides "AI News" -> 3..6 in all
        cats = ["AI News"] + [name for name, _ in ranked[:n_cats]]
        for fill in ("Industry Trends", "Research", "Models"):
            if len(cats) >= 3:
                break
            if fill not in cats:
                cats.append(fill)
        sec = 3 + int(rnd() * 55)
        header = (
            "---\n"
            f'title: "{dtl.strftime("%Y.%m.%d.%H")} 过去4小时全球AI发生了什么？"\n'
            f"date: {dtl.strftime('%Y-%m-%dT%H:%M')}:{sec:02d}+08:00\n"
            "categories: [" + ", ".join(f'"{c}"' for c in cats) + "]\n"
            "synthetic: true\n"
            "---\n\n"
        )
        name = dtl.strftime("%Y-%m-%d-%H%M") + ".md"
        if layout == "monthly":
            sub = name[:7]
            if sub not in made_dirs:
                os.makedirs(out_s + "/" + sub, exist_ok=True)
                made_dirs.add(sub)
            path = out_s + "/" + sub + "/" + name
        else:
            path = out_s + "/" + name
        writer.put(path, header + "\n\n".join(parts))
        if verbose and k and k % 20000 == 0:
            print(f"  {k}/{n_slots} files", flush=True)


def generate(
    out_dir, *, days=None, items=None, seed=DEFAULT_SEED, start=DEFAULT_START, verbose=False
):
    """Write a synthetic digest corpus to ``out_dir``.

    Exactly one of ``days`` or ``items`` must be given.  Returns a summary dict
    (files, items, first, last, seconds, layout, out_dir) with the planted
    stories under ``"truth"``.
    """
    if (days is None) == (items is None):
        raise ValueError("give exactly one of days= or items=")
    if days is not None and days < 1:
        raise ValueError("days must be >= 1")
    if items is not None and items < 1:
        raise ValueError("items must be >= 1")
    t_begin = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    start_date = _dt.date.fromisoformat(start) if isinstance(start, str) else start
    t0 = int(_dt.datetime(start_date.year, start_date.month, start_date.day, tzinfo=TZ).timestamp())

    counts = _schedule(days, items, seed)
    n_slots = len(counts)
    layout = "flat" if n_slots <= FLAT_MAX_FILES else "monthly"
    events = _plan_events(t0, n_slots)
    launch_evs = [e for e in events if e["kind"] == "launch"]
    term_evs = [e for e in events if e["kind"] != "launch"]
    counters = {e["term"]: 0 for e in events}

    g = _Gen(seed)
    out_s = str(out)
    writer = _Writer(n_slots)
    try:
        _write_digests(
            g, writer, out_s, layout, t0, counts, launch_evs, term_evs, counters, verbose
        )
    finally:
        writer.close()
    total_items = sum(counts)
    t_last = t0 + (n_slots - 1) * SLOT_HOURS * 3600
    truth_events = []
    for ev in events:
        rec = {
            "term": ev["term"],
            "kind": ev["kind"],
            "start": _iso(ev["start_ts"]),
            "peak": _iso(ev["peak_ts"]) if ev["peak_ts"] is not None else None,
            "end": _iso(ev["end_ts"]),
            "items": counters[ev["term"]],
        }
        for key in ("org", "share", "share_start", "share_peak", "share_after"):
            if key in ev:
                rec[key] = ev[key]
        truth_events.append(rec)
    truth = {
        "generator": "benchmarks/generate_corpus.py",
        "seed": seed,
        "start": _iso(t0),
        "end": _iso(t_last),
        "files": n_slots,
        "items": total_items,
        "layout": layout,
        "events": truth_events,
        "organizations": {o.cid: o.aliases for o in g.world.orgs},
        "sources": {h: names for h, names, _ in SOURCES},
    }
    seconds = time.perf_counter() - t_begin
    return {
        "out_dir": out_s,
        "files": n_slots,
        "items": total_items,
        "first": _iso(t0),
        "last": _iso(t_last),
        "layout": layout,
        "seconds": round(seconds, 3),
        "truth": truth,
    }


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="generate_corpus.py",
        description="Write a deterministic synthetic corpus of 4-hourly AI-news digests "
        "(reference format) with planted trends; see the module docstring.",
    )
    p.add_argument("--out", required=True, help="output folder (created if missing)")
    size = p.add_mutually_exclusive_group(required=True)
    size.add_argument("--days", type=int, help="number of days (6 digests a day, 5-12 items each)")
    size.add_argument("--items", type=int, help="exact total number of items")
    p.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    p.add_argument(
        "--start", default=DEFAULT_START, help=f"first day, YYYY-MM-DD (default {DEFAULT_START})"
    )
    p.add_argument("--truth", help="also write the planted stories as JSON to this file")
    a = p.parse_args(argv)
    try:
        _dt.date.fromisoformat(a.start)
    except ValueError:
        p.error(f"--start must be YYYY-MM-DD, got {a.start!r}")
    if (a.days is not None and a.days < 1) or (a.items is not None and a.items < 1):
        p.error("--days/--items must be >= 1")
    res = generate(a.out, days=a.days, items=a.items, seed=a.seed, start=a.start)
    if a.truth:
        Path(a.truth).parent.mkdir(parents=True, exist_ok=True)
        Path(a.truth).write_text(
            json.dumps(res["truth"], ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    print(
        f"wrote {res['files']} files, {res['items']} items, {res['first']} .. {res['last']}, "
        f"{res['layout']} layout, {res['seconds']:.2f} s -> {res['out_dir']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

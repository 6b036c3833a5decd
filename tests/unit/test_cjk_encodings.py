"""Big5, Shift-JIS and EUC-KR digests are read in their own encoding, never as GB18030 mojibake."""

from __future__ import annotations

import pytest
from conftest import DATA

from analysis.ingest.decoding import decode_bytes
from analysis.ingest.parse import parse_digest

# (fixture, encoding reported, title, first headline, a bold term of the first item)
CASES = [
    (
        "cjk_big5.md",
        "big5",
        "2026.03.02.08 過去4小時全球AI發生了什麼？",
        "台積電宣布2奈米製程量產，輝達與蘋果搶先包下產能",
        "2奈米製程",
    ),
    (
        "cjk_big5_short.md",
        "big5",
        "2026.03.03.12 AI快訊",
        "鴻海與輝達合作建置超級電腦中心",
        "AI超級電腦中心",
    ),
    (
        "cjk_shift_jis.md",
        "shift_jis",
        "2026.03.02.12 生成AIニュースまとめ",
        "ソフトバンク、国産の大規模言語モデルを公開へ",
        "大規模言語モデル",
    ),
    (
        "cjk_shift_jis_short.md",
        "shift_jis",
        "2026.03.03.09 AI速報",
        "富士通、AIで創薬期間を半減",
        "創薬",
    ),
    (
        "cjk_euc_kr.md",
        "euc_kr",
        "2026.03.02.18 지난 4시간 동안 세계 AI 소식",
        "삼성전자, 차세대 HBM4 메모리 양산 시작",
        "HBM4 메모리",
    ),
    (
        "cjk_euc_kr_short.md",
        "euc_kr",
        "2026.03.03.15 AI 속보",
        "SK하이닉스, 인공지능 반도체 투자 확대",
        "인공지능 반도체",
    ),
]


@pytest.mark.parametrize(("name", "encoding", "title", "headline", "bold"), CASES)
def test_cjk_fixture_is_decoded_in_its_encoding(name, encoding, title, headline, bold):
    data = (DATA / name).read_bytes()
    text, detected = decode_bytes(data)
    assert detected == encoding
    result = parse_digest(data, name)
    assert result.ok, result.problems
    assert result.digest.title == title
    assert result.items[0].headline == headline
    assert bold in result.items[0].bold_terms


def test_author_of_each_language_survives():
    authors = {
        name: parse_digest((DATA / name).read_bytes(), name).items[0].author for name, *_ in CASES
    }
    assert authors["cjk_big5.md"] == "科技新報"
    assert authors["cjk_shift_jis.md"] == "日本経済新聞"
    assert authors["cjk_euc_kr.md"] == "연합뉴스"


@pytest.mark.parametrize("name", ["gb18030.md", "utf16.md"])
def test_gb18030_and_utf16_fixtures_keep_their_encoding(name):
    _, detected = decode_bytes((DATA / name).read_bytes())
    assert detected == {"gb18030.md": "gb18030", "utf16.md": "utf-16-le"}[name]


@pytest.mark.parametrize("text", ["谷歌发布新模型", "英伟达", "发布", "大模型推理成本下降一半"])
def test_short_simplified_chinese_stays_gb18030(text):
    data = f"# 日报 2026-03-01\n\n1. [{text}-作者](https://x.com/a/status/1)\n".encode("gb18030")
    assert decode_bytes(data)[1] == "gb18030"
    assert text in decode_bytes(data)[0]


def test_one_encoding_per_file_for_the_non_utf8_lines():
    utf8_half = (
        "# 每日AI新闻 2026-03-01\n\n1. [英伟达发布新芯片-歸藏](https://x.com/a/status/1)\n".encode()
    )
    big5_half = "\n2. [台積電擴大先進封裝產能-科技新報](https://x.com/b/status/2)\n".encode("big5")
    text, detected = decode_bytes(utf8_half + big5_half)
    assert detected == "utf-8+big5"
    assert "台積電擴大先進封裝產能" in text


def test_bytes_that_no_cjk_encoding_reads_as_text_are_rejected_with_the_reason():
    # Latin-1 accents and random high bytes decode as GB18030 only to rare characters.
    for data in ("# Café au lait, naïve résumé\n".encode("latin-1"), bytes(range(0x81, 0xFF)) * 2):
        text, reason = decode_bytes(data)
        assert text is None
        assert "GB18030" in reason and "Big5" in reason

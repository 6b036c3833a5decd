"""A deterministic corpus of broken and hostile digest files, with what ingest must make of each.

`write_hostile_corpus(folder)` writes the files (a few hundred, among them a
50 MB one, so call it at test time into a temporary folder) and returns, per
file name relative to `folder`, an `Expected`: is the file stored, with how many
items and which exact field values, or is it rejected, with which error; is it
a duplicate of another file. Expectations follow the documented input format
(docs/input.md) and the parser's documented fallbacks, written down
independently of the parser's output.

No tests here: `tests/test_hostile.py` ingests the corpus.
"""

from __future__ import annotations

import json
import random
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

CST = timezone(timedelta(hours=8))
DATE = "2026-03-01T08:00:00+08:00"
DATE_VALUE = datetime(2026, 3, 1, 8, 0, tzinfo=CST)
TITLE = "2026.03.01.08 过去4小时全球AI发生了什么？"
CATEGORIES = ["AI News", "Research"]
BIG_FILE_MB = 50

# Reasons, as substrings of the parser's and ingest's messages.
NOT_CLOSED = "front matter is not closed"
NOT_MAPPING = "front matter is not a mapping"
CANNOT_READ = "front matter cannot be read"
NO_DATE = "no date"
NO_ITEMS = "no news items found"
EMPTY = "empty file"
BINARY = "binary content"
UNDECODABLE = "not UTF-8, UTF-16 or GB18030"
SIZE_LIMIT = "over the 20 MB limit (TRENDBOARD_MAX_FILE_MB)"
# Warnings.
INVALID_DATE = "is not a valid date"
OUT_OF_RANGE = "is out of range"
NO_OFFSET = "no UTC offset"
DROPPED_LINK = "only http and https links are kept"
NO_LINK = "numbered list entry has no link"
MIXED = "mixes encodings"
CUT_OFF = "ends in the middle of a character"
TOO_DEEP = "levels deep"


@dataclass
class Expected:
    kind: str
    stored: bool
    items: int = 0
    error: str | None = None  # substring of one of the file's error reasons (not stored)
    warning: str | None = None  # substring of one of the file's warnings (stored)
    duplicate_of: str | None = None  # the twin that is stored instead (same bytes)
    title: str | None = None
    categories: list[str] | None = None
    published_at: datetime | None = None
    date_source: str | None = None
    fields: dict[int, dict[str, object]] = field(default_factory=dict)  # position → column → value
    shown_as: str | None = None  # the name as stored and reported, when the file name is not UTF-8


@dataclass
class _File:
    name: str
    data: bytes
    expected: Expected


# ------------------------------------------------------------------ builders


def yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def front(
    title: str | None = TITLE,
    date: str | None = DATE,
    categories: list[str] | None = CATEGORIES,
    *,
    raw_date: bool = True,
    extra: str = "",
) -> str:
    lines = ["---"]
    if title is not None:
        lines.append(f"title: {yaml_str(title)}")
    if date is not None:
        lines.append(f"date: {date if raw_date else yaml_str(date)}")
    if categories is not None:
        lines.append(f"categories: [{', '.join(yaml_str(c) for c in categories)}]")
    if extra:
        lines.append(extra.rstrip("\n"))
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def toml_front(
    title: str = TITLE,
    date: str | None = "2026-03-01T08:00:00+08:00",
    categories: list[str] = CATEGORIES,
    extra: str = "",
) -> str:
    lines = ["+++", f"title = {json.dumps(title, ensure_ascii=False)}"]
    if date is not None:
        lines.append(f"date = {date}")
    lines.append(
        f"categories = [{', '.join(json.dumps(c, ensure_ascii=False) for c in categories)}]"
    )
    if extra:
        lines.append(extra.rstrip("\n"))
    lines.append("+++")
    return "\n".join(lines) + "\n\n"


def item(n: int, headline: str, author: str | None, url: str, summary: str) -> str:
    link_text = f"{headline}-{author}" if author else headline
    marker = f"{n}. "
    return f"{marker}[{link_text}]({url})\n\n{' ' * len(marker)}{summary}\n\n"


def standard_items(
    tag: str, count: int = 3, start: int = 1
) -> tuple[str, dict[int, dict[str, object]]]:
    """`count` well-formed items whose text carries `tag`, and the fields each must have."""
    text, fields = [], {}
    for n in range(start, start + count):
        headline = f"{tag}新闻{n}：英伟达发布Rubin芯片"
        summary = f"英伟达发布了**Rubin芯片{n}**，性能提升5倍（{tag}）。"
        url = f"https://x.com/op7418/status/{2008360431719772520 + n}"
        text.append(item(n, headline, "歸藏(guizang.ai)", url, summary))
        fields[n] = {
            "headline": headline,
            "author": "歸藏",
            "author_site": "guizang.ai",
            "url": url,
            "url_host": "x.com",
            "handle": "op7418",
            "status_id": str(2008360431719772520 + n),
            "summary": summary.replace("**", ""),
            "bold_terms": [f"Rubin芯片{n}"],
        }
    return "".join(text), fields


def good_digest(tag: str, count: int = 3, **front_args) -> tuple[str, dict[int, dict[str, object]]]:
    body, fields = standard_items(tag, count)
    return front(**front_args) + body, fields


def _u(text: str) -> bytes:
    return text.encode("utf-8")


def stored(kind: str, items: int, **kw) -> Expected:
    return Expected(kind, True, items, **kw)


def rejected(kind: str, error: str) -> Expected:
    return Expected(kind, False, error=error)


# ------------------------------------------------------------------ groups


def _truncated() -> Iterator[_File]:
    body, _ = standard_items("截断", 3)
    yaml_fm = front()
    toml_fm = toml_front()
    for style, fm, mark in (("yaml", yaml_fm, "---"), ("toml", toml_fm, "+++")):
        closing = fm.rstrip("\n").rfind("\n") + 1  # start of the closing delimiter line
        inner = fm[:closing]
        lines_end = [i + 1 for i, ch in enumerate(inner) if ch == "\n"]
        cuts = sorted(
            {lines_end[0], lines_end[0] + 5, *lines_end[1:], lines_end[1] + 3, lines_end[2] + 7}
        )
        for number, cut in enumerate(cuts):
            yield _File(
                f"truncated/fm-{style}-{number:02d}.md",
                _u(fm[:cut]),
                rejected("truncated front matter", NOT_CLOSED),
            )
        # the closing line is missing or damaged, the items follow
        for number, broken in enumerate(["", mark[:2] + "\n", " ".join(mark) + "\n", mark + "x\n"]):
            yield _File(
                f"truncated/fm-{style}-close-{number}.md",
                _u(inner + broken + "\n" + body),
                rejected("truncated front matter", NOT_CLOSED),
            )
    # cut inside the body: in item k's link (k-1 items remain) or inside its summary (k items)
    full_body, fields = standard_items("截断正文", 4)
    text = front() + full_body
    for k in range(1, 5):
        link_at = text.index(f"{k}. [")
        cut = text[: link_at + 12]
        # the cut entry has no link left: it is an item without a url (a likely broken
        # link, reported, when other entries have links)
        yield _File(
            f"truncated/body-link-{k}.md",
            _u(cut),
            stored(
                "truncated body",
                k,
                warning=NO_LINK if k > 1 else None,
                fields={
                    k: {"url": None},
                    **(
                        {
                            k - 1: {
                                "headline": fields[k - 1]["headline"],
                                "url": fields[k - 1]["url"],
                            }
                        }
                        if k > 1
                        else {}
                    ),
                },
            ),
        )
        summary_at = text.index("英伟达发布了", link_at)
        cut = text[: summary_at + 4]
        yield _File(
            f"truncated/body-summary-{k}.md",
            _u(cut),
            stored(
                "truncated body",
                k,
                fields={k: {**fields[k], "summary": "英伟达发", "bold_terms": []}},
            ),
        )
        # cut in the middle of a 3-byte UTF-8 character: the partial character is dropped, with a warning
        raw = _u(text[: summary_at + 4]) + "了".encode()[:2]
        yield _File(
            f"truncated/body-midchar-{k}.md",
            raw,
            stored(
                "truncated mid-character",
                k,
                warning=CUT_OFF,
                fields={k: {"summary": "英伟达发", "headline": fields[k]["headline"]}},
            ),
        )


def _front_matter_shapes() -> Iterator[_File]:
    body, _ = standard_items("形状", 2)
    not_mappings = [
        "- a\n- b",
        "hello",
        "42",
        "3.14",
        "true",
        "'just a string'",
        "[1, 2, 3]",
        "[{title: x}]",
        "- - - deep",
        "!!str 2026",
    ]
    for number, fm in enumerate(not_mappings):
        yield _File(
            f"fm-shape/not-mapping-{number:02d}.md",
            _u(f"---\n{fm}\n---\n\n{body}"),
            rejected("front matter not a mapping", NOT_MAPPING),
        )
    for number, fm in enumerate(["~\n", "", "# only a comment\n"]):
        title = f"2026.03.01.08 空的前言{number}"
        yield _File(
            f"fm-shape/empty-{number}.md",
            _u(f"---\n{fm}---\n\n# {title}\n\n{body}"),
            stored(
                "front matter empty", 2, title=title, date_source="title", published_at=DATE_VALUE
            ),
        )
    yaml_errors = [
        'title: "unclosed\n',
        "title: x\n  bad: indent\n",
        "\ttitle: tab\n",
        "a: *undefined\n",
        "a: !!python/object/apply:os.system ['true']\n",
        "a: b: c\n",
        "{unclosed: 1\n",
        "a: [1, 2\n",
    ]
    for number, fm in enumerate(yaml_errors):
        yield _File(
            f"fm-syntax/yaml-{number:02d}.md",
            _u(f"---\n{fm}---\n\n{body}"),
            rejected("front matter syntax", CANNOT_READ),
        )
    toml_errors = [
        "title = \n",
        'title = "unterminated\n',
        "[[[\n",
        "a = [1,\n",
        "date = 2026-13-45T00:00:00+08:00\n",
        "a = 1\na = 2\n",
    ]
    for number, fm in enumerate(toml_errors):
        yield _File(
            f"fm-syntax/toml-{number:02d}.md",
            _u(f"+++\n{fm}+++\n\n{body}"),
            rejected("front matter syntax", CANNOT_READ),
        )


def _front_matter_depth() -> Iterator[_File]:
    body, fields = standard_items("深", 2)
    for depth in (50, 500, 3000):
        fm = toml_front(extra="nested = " + "[" * depth + "]" * depth)
        expected = (
            stored("deep front matter", 2, fields=fields)
            if depth <= 50
            else rejected("deep front matter", CANNOT_READ)
        )
        yield _File(f"fm-deep/toml-array-{depth}.md", _u(fm + body), expected)
    fm = toml_front(extra="nested = " + "{a = " * 600 + "1" + "}" * 600)
    yield _File(
        "fm-deep/toml-table-600.md", _u(fm + body), rejected("deep front matter", CANNOT_READ)
    )
    for depth in (50, 500, 5000):
        fm = front(extra="nested: " + "[" * depth + "]" * depth)
        expected = (
            stored("deep front matter", 2, fields=fields)
            if depth <= 500
            else rejected("deep front matter", CANNOT_READ)
        )
        yield _File(f"fm-deep/yaml-flow-{depth}.md", _u(fm + body), expected)
    # A YAML alias bomb: 9**9 leaves by reference. Reading it must neither hang nor print it.
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
    )
    yield _File(
        "fm-deep/alias-bomb-categories.md",
        _u(f"---\n{bomb}title: {yaml_str(TITLE)}\ndate: {DATE}\ncategories: *a8\n---\n\n{body}"),
        stored("alias bomb", 2, categories=[], warning="lists or mappings ignored", fields=fields),
    )
    yield _File(
        "fm-deep/alias-bomb-title.md",
        _u(f"---\n{bomb}title: *a8\ndate: {DATE}\n---\n\n# {TITLE} 炸弹\n\n{body}"),
        stored("alias bomb", 2, title=f"{TITLE} 炸弹", warning="title is not text"),
    )
    yield _File(
        "fm-deep/alias-bomb-date.md",
        _u(f"---\n{bomb}title: {yaml_str(TITLE)}\ndate: *a8\n---\n\n{body}"),
        stored("alias bomb", 2, date_source="title", published_at=DATE_VALUE, warning=INVALID_DATE),
    )


INVALID_DATES = [
    "2026-13-45",
    "2026-02-30",
    "2026-00-10",
    "2026-12-32T00:00:00+08:00",
    "2026-03-01T25:00:00+08:00",
    "2026-03-01T10:61:00+08:00",
    "2026-03-01T00:00:00+99:00",
    "0000-01-01",
    "yesterday",
    "2026/03/01",
    "12345",
    "not a date 2026",
]
OUT_OF_RANGE_DATES = ["0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-12:00"]


def _dates() -> Iterator[_File]:
    body, fields = standard_items("日期", 2)
    number = 0
    for value in INVALID_DATES + OUT_OF_RANGE_DATES:
        warning = OUT_OF_RANGE if value in OUT_OF_RANGE_DATES else INVALID_DATE
        for quoted in (False, True):
            for stamp in (True, False):
                number += 1
                title = f"2026.03.01.08 坏日期{number}" if stamp else f"坏日期{number}"
                text = front(title=title, date=value, raw_date=not quoted) + body
                name = f"dates/invalid-{number:03d}.md"
                if stamp:
                    yield _File(
                        name,
                        _u(text),
                        stored(
                            "invalid date",
                            2,
                            date_source="title",
                            published_at=DATE_VALUE,
                            warning=warning,
                            title=title,
                            fields=fields,
                        ),
                    )
                else:
                    yield _File(name, _u(text), rejected("invalid date", NO_DATE))
    yield _File(
        "dates/title-stamp-year-1.md",
        _u(f"# 0001.01.01.00 远古\n\n{body}"),
        rejected("invalid date", NO_DATE),
    )
    yield _File(
        "dates/0001-01-01-0000.md", _u(f"# 远古文件名\n\n{body}"), rejected("invalid date", NO_DATE)
    )
    naive = [
        ("yaml-space", front(date="2026-03-01 10:00:00"), datetime(2026, 3, 1, 10, 0)),
        (
            "yaml-minutes",
            front(date="2026-03-01T10:00", raw_date=False),
            datetime(2026, 3, 1, 10, 0),
        ),
        ("yaml-date-only", front(date="2026-03-01"), datetime(2026, 3, 1)),
        (
            "yaml-fraction",
            front(date="2026-03-01T10:00:00.500000", raw_date=False),
            datetime(2026, 3, 1, 10, 0, 0, 500000),
        ),
        ("toml-local", toml_front(date="2026-03-01T10:00:00"), datetime(2026, 3, 1, 10, 0)),
        ("toml-date", toml_front(date="2026-03-01"), datetime(2026, 3, 1)),
        ("toml-string", toml_front(date='"2026-03-01 10:00"'), datetime(2026, 3, 1, 10, 0)),
    ]
    for name, fm, when in naive:
        yield _File(
            f"dates/no-offset-{name}.md",
            _u(fm + body),
            stored(
                "date without offset",
                2,
                warning=NO_OFFSET,
                date_source="front_matter",
                published_at=when.replace(tzinfo=CST),
                fields=fields,
            ),
        )
    exotic = [
        ("zulu", front(date="2026-03-01T00:00:00Z"), datetime(2026, 3, 1, tzinfo=UTC)),
        (
            "india",
            front(date="2026-03-01T00:00:00-05:30", raw_date=False),
            datetime(2026, 3, 1, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
        ),
        (
            "micro",
            front(date="2026-03-01T08:00:00.123456+08:00"),
            DATE_VALUE.replace(microsecond=123456),
        ),
    ]
    for name, fm, when in exotic:
        yield _File(
            f"dates/exotic-{name}.md",
            _u(fm + body),
            stored(
                "exotic valid date", 2, date_source="front_matter", published_at=when, fields=fields
            ),
        )


def _empty() -> Iterator[_File]:
    blanks = [
        b"",
        b" ",
        b"\n" * 100,
        b"\t \r\n",
        b"\r\n" * 50,
        b"\xef\xbb\xbf",
        b"\xef\xbb\xbf \n",
        _u("\u3000\n"),
        _u("\u00a0\u00a0"),
        b"\x0c\x0b\n",
        b"\xff\xfe" + " \n".encode("utf-16-le"),
    ]
    for number, data in enumerate(blanks):
        yield _File(f"empty/blank-{number:02d}.md", data, rejected("empty or whitespace", EMPTY))
    others = [
        ("zero-width", _u("\u200b\u200c\u200d")),
        ("nul-in-prose", _u(front() + "散文\x00没有条目。\n")),
        ("front-matter-only", _u(front())),
        ("heading-only", _u(f"# {TITLE}\n")),
        ("prose-only", _u(front() + "今天没有新闻。\n\n只有一段话。\n")),
    ]
    for name, data in others:
        yield _File(f"empty/{name}.md", data, rejected("no items", NO_ITEMS))


def _binary() -> Iterator[_File]:
    rng = random.Random(20260301)
    png = (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + b"IHDR"
        + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    )
    samples = {
        "png": png + zlib.compress(bytes(300)),
        "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01"
        + bytes(rng.randrange(256) for _ in range(500)),
        "gif": b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + bytes(50),
        "zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + zlib.compress(b"x" * 1000),
        "gzip": b"\x1f\x8b\x08\x00\x00\x00\x00\x00" + zlib.compress(b"y" * 1000),
        "elf": b"\x7fELF\x02\x01\x01\x00"
        + bytes(56)
        + bytes(rng.randrange(256) for _ in range(400)),
        "sqlite": b"SQLite format 3\x00" + bytes(rng.randrange(256) for _ in range(1000)),
        "zeros": bytes(4096),
        "ints": struct.pack("<1000I", *range(1000)),  # zero-heavy: looks like UTF-16, is not text
        "random": bytes(rng.randrange(256) for _ in range(100))
        + b"\x00"
        + bytes(rng.randrange(256) for _ in range(2000)),
        "pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 >>\nstream\n\x00\x01\x02\x03\x04\nendstream\n",
    }
    for name, data in samples.items():
        yield _File(f"binary/{name}.md", data, rejected("binary", BINARY))
    for number in range(
        2
    ):  # no NUL, no control characters, only bytes that are no valid character anywhere
        data = b"\x80" + bytes(rng.randrange(0x80, 0x100) for _ in range(3000))
        yield _File(f"binary/high-bytes-{number}.md", data, rejected("binary", UNDECODABLE))
    # valid UTF-8, but zeros or control characters throughout
    yield _File(
        "binary/control-characters.md",
        _u("\x1b[31m\x01\x02\x03 red \x1b[0m\x07\n" * 50),
        rejected("binary", BINARY),
    )
    yield _File("binary/nul-and-spaces.md", b"  \x00  \n", rejected("binary", BINARY))


def _size(big_file_mb: int) -> Iterator[_File]:
    body, fields = standard_items("巨大", 2)
    head = _u(front() + body)
    filler = _u("    " + "填充文本" * 1000 + "\n")
    repeat = big_file_mb * 1_000_000 // len(filler) + 1
    yield _File(
        "size/fifty-megabytes.md",
        head + filler * repeat,
        rejected("over the size limit", SIZE_LIMIT),
    )
    line = "长" * 1_000_000
    yield _File(
        "size/one-megachar-line.md",
        _u(front() + item(1, "很长的一行", "某人", "https://example.com/long", line)),
        stored(
            "very long line",
            1,
            fields={1: {"headline": "很长的一行", "author": "某人", "summary": line}},
        ),
    )


def _many_items() -> Iterator[_File]:
    count = 10_000
    parts = [front(title="2026.03.01.08 一万条")]
    for n in range(1, count + 1):
        parts.append(
            item(
                n,
                f"批量条目{n % 10}号",
                f"作者{n % 7}",
                f"https://example.com/bulk/{n}",
                f"第{n % 10}类摘要，含**关键词{n % 10}**。",
            )
        )
    text = "".join(parts)
    fields = {
        n: {
            "headline": f"批量条目{n % 10}号",
            "author": f"作者{n % 7}",
            "url": f"https://example.com/bulk/{n}",
            "summary": f"第{n % 10}类摘要，含关键词{n % 10}。",
            "bold_terms": [f"关键词{n % 10}"],
        }
        for n in (1, 2, 999, 1000, 5000, 9999, 10_000)
    }
    first_line = text.index("1. [")
    fields[1]["source_line"] = text[:first_line].count("\n") + 1
    yield _File(
        "many/ten-thousand-items.md", _u(text), stored("10,000 items", count, fields=fields)
    )
    heads = [front(title="2026.03.01.08 一千个标题条目")]
    for n in range(1, 1001):
        heads.append(
            f"### {n}. [标题条目{n}-小互](https://x.com/imxiaohu/status/{n})\n\n摘要{n}。\n\n"
        )
    yield _File(
        "many/thousand-heading-items.md",
        _u("".join(heads)),
        stored(
            "1,000 heading items",
            1000,
            fields={
                1000: {
                    "headline": "标题条目1000",
                    "author": "小互",
                    "status_id": "1000",
                    "summary": "摘要1000。",
                }
            },
        ),
    )


def _nesting() -> Iterator[_File]:
    fm = front(title="2026.03.01.08 嵌套")
    end = item(2, "结尾新闻", "作者乙", "https://example.com/end", "结尾摘要。")
    end_fields = {
        "headline": "结尾新闻",
        "author": "作者乙",
        "url": "https://example.com/end",
        "summary": "结尾摘要。",
    }
    top = "1. [顶层新闻-作者甲](https://example.com/top)\n"
    top_fields = {"headline": "顶层新闻", "author": "作者甲", "url": "https://example.com/top"}
    for depth in (10, 50, 200, 1000):
        bullets = "".join(" " * (3 + 2 * k) + f"- 第{k}层\n" for k in range(depth))
        warn = TOO_DEEP if depth >= 9 else None
        yield _File(
            f"nesting/bullets-{depth}.md",
            _u(fm + top + bullets + "\n" + end),
            stored("nested lists", 2, warning=warn, fields={1: top_fields, 2: end_fields}),
        )
        ordered = "".join(" " * (3 + 3 * k) + f"1. 第{k}层\n" for k in range(depth))
        yield _File(
            f"nesting/ordered-{depth}.md",
            _u(fm + top + ordered + "\n" + end),
            stored("nested lists", 2, warning=warn, fields={1: top_fields, 2: end_fields}),
        )
        quotes = ">" * depth + " 引用\n"
        yield _File(
            f"nesting/blockquotes-{depth}.md",
            _u(fm + top + "\n" + quotes + "\n" + end),
            stored("nested blockquotes", 2, fields={1: top_fields, 2: end_fields}),
        )
        if depth == 1000:
            continue
        emphasis = "   " + "*" * depth + "强调" + "*" * depth + "\n\n"
        yield _File(
            f"nesting/emphasis-{depth}.md",
            _u(fm + top + "\n" + emphasis + end),
            stored("nested emphasis", 2, fields={1: top_fields, 2: end_fields}),
        )
        # Brackets nest as link text up to markdown-it's nesting limit (20); past it, no link: an item without a url.
        headline = "[" * depth + "括号" + "]" * depth
        text = fm + f"1. [{headline}-作者甲](https://example.com/top)\n\n" + end
        if depth < 19:
            yield _File(
                f"nesting/brackets-{depth}.md",
                _u(text),
                stored(
                    "nested brackets",
                    2,
                    fields={1: {"url": "https://example.com/top"}, 2: end_fields},
                ),
            )
        else:
            # past the limit the entry has no link: an item without a url, reported
            yield _File(
                f"nesting/brackets-{depth}.md",
                _u(text),
                stored(
                    "nested brackets", 2, warning=NO_LINK, fields={1: {"url": None}, 2: end_fields}
                ),
            )


# (markdown of item 2, is it a news item, its url, its headline)
UNBALANCED = [
    # text before the link: the headline is the sentence, not the link text
    ("[前[标题-作者](https://example.com/u2)", True, "https://example.com/u2", "[前标题-作者"),
    ("[标题]-作者](https://example.com/u2)", False, None, None),
    ("[标题-作者](https://example.com/u2(x)", False, None, None),
    ("[标题-作者](https://example.com/u2))", True, "https://example.com/u2", "标题"),
    ("[[标题-作者]](https://example.com/u2)", True, "https://example.com/u2", None),
    ("[标题-作者](<https://example.com/u2>)", True, "https://example.com/u2", "标题"),
    ("[标题-作者] (https://example.com/u2)", False, None, None),
    ('[标题-作者](https://example.com/u2 "提示")', True, "https://example.com/u2", "标题"),
    ("[标题-作者](https://example.com/u2", False, None, None),
    ("[](https://example.com/u2)", True, "https://example.com/u2", ""),
    ("[标题-作者]()", True, None, "标题"),
    (
        "[标题-作者](https://example.com/u2)[另一个](https://example.com/u3)",
        True,
        "https://example.com/u2",
        "标题",
    ),
    ("\\[标题-作者\\](https://example.com/u2)", False, None, None),
    ("[标题-作者][不存在]", False, None, None),
    ("[标题-作者][参考]", True, "https://example.com/u2", "标题"),
    ("[标题-作者](https://example.com/u2)]]]]", True, "https://example.com/u2", "标题"),
]


def _links() -> Iterator[_File]:
    fm = front(title="2026.03.01.08 链接")
    first = item(1, "第一条", "甲", "https://example.com/u1", "摘要一。")
    for number, (markdown, is_item, url, headline) in enumerate(UNBALANCED):
        text = (
            fm
            + first
            + f"2. {markdown}\n\n   摘要二。\n\n"
            + item(3, "第三条", "丙", "https://example.com/u3", "摘要三。")
        )
        if "[参考]" in markdown:
            text += "[参考]: https://example.com/u2\n"
        third = {
            "headline": "第三条",
            "author": "丙",
            "url": "https://example.com/u3",
            "summary": "摘要三。",
        }
        if is_item:
            second: dict[str, object] = {"url": url}
            if headline is not None:
                second["headline"] = headline
            expected = stored(
                "unbalanced brackets",
                3,
                fields={1: {"url": "https://example.com/u1"}, 2: second, 3: third},
            )
        else:
            # no link: an item without a url, and its line is reported as a likely broken link
            expected = stored(
                "unbalanced brackets",
                3,
                warning=NO_LINK,
                fields={1: {"url": "https://example.com/u1"}, 2: {"url": None}, 3: third},
            )
        yield _File(f"links/unbalanced-{number:02d}.md", _u(text), expected)
    schemes = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)",
        "javascript&#58;alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.com/x",
        "mailto:a@example.com",
        "//evil.example/x",
    ]
    for number, target in enumerate(schemes):
        headline = "<script>alert(1)</script>点我"
        yield _File(
            f"links/scheme-headline-{number}.md",
            _u(fm + item(1, headline, "坏人", target, "摘要。")),
            stored(
                "unsafe link scheme",
                1,
                warning=DROPPED_LINK,
                fields={
                    1: {
                        "headline": headline,
                        "author": "坏人",
                        "url": None,
                        "url_host": None,
                        "extra_urls": [],
                    }
                },
            ),
        )
        summary = f"摘要含[链接]({target})与[好链接](https://example.com/ok)。"
        yield _File(
            f"links/scheme-summary-{number}.md",
            _u(fm + item(1, "正常标题", "好人", "https://example.com/main", summary)),
            stored(
                "unsafe link scheme",
                1,
                warning=DROPPED_LINK,
                fields={
                    1: {
                        "url": "https://example.com/main",
                        "extra_urls": ["https://example.com/ok"],
                        "summary": "摘要含链接与好链接。",
                    }
                },
            ),
        )
        yield _File(
            f"links/scheme-reference-{number}.md",
            _u(fm + "1. [引用标题-某人][坏]\n\n   摘要。\n\n" + f"[坏]: {target}\n"),
            stored(
                "unsafe link scheme",
                1,
                warning=DROPPED_LINK,
                fields={1: {"headline": "引用标题", "author": "某人", "url": None}},
            ),
        )
    for number, target in enumerate(
        ["javascript:alert(1)", "data:text/html,hi", "vbscript:msgbox(1)", "file:///etc/passwd"]
    ):
        yield _File(
            f"links/scheme-autolink-{number}.md",
            _u(fm + f"1. <{target}>\n\n   摘要。\n"),
            stored(
                "unsafe link scheme",
                1,
                warning=DROPPED_LINK,
                fields={1: {"url": None, "extra_urls": []}},
            ),
        )


HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '"><svg onload=alert(1)>',
    "<b>粗</b>",
    "{{7+7}}${7+7}",
    "'; DROP TABLE items; --",
    "<!-- 注释 -->",
    "</textarea><script>x</script>",
    '<a href="javascript:alert(1)">点我</a>',
    "<style>body{display:none}</style>",
    "<marquee>滚动</marquee>",
]
HTML_AUTHORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<b>作者</b>",
    '"><svg onload=alert(1)>',
    "{{7+7}}",
    "<a href='x'>作者</a>",
    "</textarea>",
    "<marquee>滚动</marquee>",
]


def _html() -> Iterator[_File]:
    fm = front(title="2026.03.01.08 脚本")
    for number, payload in enumerate(HTML):
        shown = "" if payload.startswith("<!--") else payload  # HTML comments are dropped
        headline = f"{shown}英伟达新闻"
        yield _File(
            f"html/headline-{number:02d}.md",
            _u(fm + item(1, f"{payload}英伟达新闻", "作者", "https://example.com/h", "摘要。")),
            stored(
                "HTML in text",
                1,
                fields={
                    1: {"headline": headline, "author": "作者", "url": "https://example.com/h"}
                },
            ),
        )
        summary = f"摘要前{shown}摘要后"
        yield _File(
            f"html/summary-{number:02d}.md",
            _u(fm + item(1, "标题", "作者", "https://example.com/s", f"摘要前{payload}摘要后")),
            stored("HTML in text", 1, fields={1: {"summary": summary}}),
        )
        title = f"{payload} 2026.03.01.08 标题"
        yield _File(
            f"html/title-{number:02d}.md",
            _u(front(title=title) + item(1, "标题", "作者", "https://example.com/t", "摘要。")),
            stored("HTML in text", 1, title=title),
        )
        yield _File(
            f"html/category-{number:02d}.md",
            _u(
                front(categories=[payload, "AI News"])
                + item(1, f"分类{number}", "作者", "https://example.com/c", "摘要。")
            ),
            stored("HTML in text", 1, categories=[payload, "AI News"]),
        )
    for number, author in enumerate(HTML_AUTHORS):
        yield _File(
            f"html/author-{number:02d}.md",
            _u(fm + item(1, "作者测试", author, "https://example.com/a", "摘要。")),
            stored("HTML in text", 1, fields={1: {"headline": "作者测试", "author": author}}),
        )
    entity = "&lt;script&gt;alert(1)&lt;/script&gt;"
    yield _File(
        "html/entities.md",
        _u(fm + item(1, f"{entity}实体", "作者", "https://example.com/e", f"摘要{entity}。")),
        stored(
            "HTML in text",
            1,
            fields={
                1: {
                    "headline": "<script>alert(1)</script>实体",
                    "summary": "摘要<script>alert(1)</script>。",
                }
            },
        ),
    )


UNICODE = {
    "rlo": "\u202e",
    "rlm": "\u200f",
    "zwsp": "\u200b",
    "zwj-emoji": "👩\u200d💻",
    "inner-bom": "\ufeff",
    "arabic": "مرحبا",
    "hebrew": "שלום",
    "combining": "e\u0301",
    "cjk-ext-b": "𠀀𠀁",
    "line-separator": "\u2028",
    "fullwidth": "ＡＢＣ",
    "halfwidth-kana": "ｱｲｳ",
    "bidi-isolates": "\u2066x\u2069",
    "variation": "☃\ufe0f",
}


def _unicode() -> Iterator[_File]:
    fm = front(title="2026.03.01.08 统一码")
    for name, chars in UNICODE.items():
        headline = f"新{chars}闻标题"
        yield _File(
            f"unicode/headline-{name}.md",
            _u(fm + item(1, headline, "作者", "https://example.com/u", "摘要。")),
            stored(
                "RTL / zero-width / exotic characters",
                1,
                fields={1: {"headline": headline, "author": "作者"}},
            ),
        )
        summary = f"摘要{chars}**粗{chars}体**结尾"
        yield _File(
            f"unicode/summary-{name}.md",
            _u(fm + item(1, "标题", "作者", "https://example.com/u", summary)),
            stored(
                "RTL / zero-width / exotic characters",
                1,
                fields={
                    1: {
                        "summary": " ".join(summary.replace("**", "").split()),
                        "bold_terms": [" ".join(f"粗{chars}体".split())],
                    }
                },
            ),
        )
        author = f"作{chars}者"
        yield _File(
            f"unicode/author-{name}.md",
            _u(fm + item(1, "标题", author, "https://example.com/u", "摘要。")),
            stored(
                "RTL / zero-width / exotic characters",
                1,
                fields={1: {"headline": "标题", "author": author}},
            ),
        )
    for name in ["空格 文件名.md", "中文文件名.md", "rtl\u202eevil.md", "emoji-📰.md", "UPPER.MD"]:
        yield _File(
            f"unicode/names/{name}",
            _u(fm + item(1, f"文件名{name}", "作者", "https://example.com/n", "摘要。")),
            stored("odd file name", 1, fields={1: {"headline": f"文件名{name}"}}),
        )
    # File names that are not UTF-8 (a GBK name from an old archive, a stray byte): stored under an escaped name.
    for number, raw in enumerate([b"\xb9\xfd\xc8\xa5" + b".md", b"bad\xffname.md"]):
        name = "unicode/names/" + raw.decode("utf-8", "surrogateescape")
        shown = "unicode/names/" + raw.decode("utf-8", "backslashreplace")
        yield _File(
            name,
            _u(fm + item(1, f"非UTF-8文件名{number}", "作者", "https://example.com/n", "摘要。")),
            stored(
                "file name not UTF-8",
                1,
                warning="file name is not UTF-8",
                shown_as=shown,
                fields={1: {"headline": f"非UTF-8文件名{number}"}},
            ),
        )


def _encodings() -> Iterator[_File]:
    fm = front(title="2026.03.01.08 编码")
    first = item(
        1, "英伟达发布新芯片", "歸藏", "https://x.com/a/status/1", "英伟达发布了**新芯片**。"
    )
    second = item(2, "谷歌发布模型", "小互", "https://x.com/b/status/2", "谷歌发布了**模型**。")
    fields = {
        1: {
            "headline": "英伟达发布新芯片",
            "author": "歸藏",
            "summary": "英伟达发布了新芯片。",
            "bold_terms": ["新芯片"],
        },
        2: {
            "headline": "谷歌发布模型",
            "author": "小互",
            "summary": "谷歌发布了模型。",
            "bold_terms": ["模型"],
        },
    }
    text = fm + first + second
    yield _File(
        "encodings/halves-utf8-gb18030.md",
        (fm + first).encode() + second.encode("gb18030"),
        stored("mixed encodings", 2, warning=MIXED, fields=fields),
    )
    yield _File(
        "encodings/halves-gb18030-utf8.md",
        (fm + first).encode("gb18030") + second.encode(),
        stored("mixed encodings", 2, warning=MIXED, fields=fields),
    )
    reference = (Path(__file__).parent / "data" / "reference_copy.md").read_text(encoding="utf-8")
    ref_fields = {
        1: {
            "headline": "英伟达在CES 2026发布Rubin芯片架构及Alpamayo机器人和自动驾驶VLA模型",
            "author": "歸藏",
            "author_site": "guizang.ai",
            "status_id": "2008360431719772520",
            "source_line": 7,
        }
    }
    variants = {
        "utf16le-nobom-ref": reference.replace("2026-01-07T00:00:10", "2026-01-07T04:00:10").encode(
            "utf-16-le"
        ),
        "utf16be-nobom-ref": reference.replace("2026-01-07T00:00:10", "2026-01-07T08:00:10").encode(
            "utf-16-be"
        ),
    }
    for name, data in variants.items():
        yield _File(
            f"encodings/{name}.md", data, stored("UTF-16 without BOM", 9, fields=ref_fields)
        )
    plain = {
        "utf16le-nobom-short": text.replace("编码", "编码乙").encode("utf-16-le"),
        "utf16be-nobom-short": text.replace("编码", "编码丙").encode("utf-16-be"),
        "utf16le-bom": b"\xff\xfe" + text.replace("编码", "编码丁").encode("utf-16-le"),
        "utf16be-bom": b"\xfe\xff" + text.replace("编码", "编码戊").encode("utf-16-be"),
        "gb18030": text.replace("编码", "编码己").encode("gb18030"),
        "gb18030-crlf": text.replace("编码", "编码庚").replace("\n", "\r\n").encode("gb18030"),
        "crlf": text.replace("编码", "编码辛").replace("\n", "\r\n").encode(),
        "cr-only": text.replace("编码", "编码壬").replace("\n", "\r").encode(),
        "mixed-line-endings": "".join(
            line + ("\r\n" if i % 2 else "\n")
            for i, line in enumerate(text.replace("编码", "编码癸").split("\n"))
        ).encode(),
        "bom-crlf": b"\xef\xbb\xbf" + text.replace("编码", "编码子").replace("\n", "\r\n").encode(),
        "double-bom": ("\ufeff\ufeff" + text.replace("编码", "编码丑")).encode(),
        "utf16le-bom-odd-length": b"\xff\xfe"
        + text.replace("编码", "编码寅").encode("utf-16-le")
        + b"\n",
    }
    for name, data in plain.items():
        warning = CUT_OFF if "odd-length" in name else None
        yield _File(
            f"encodings/{name}.md",
            data,
            stored("encodings and line endings", 2, warning=warning, fields=fields),
        )
    for number, sample in enumerate(["café au lait", "naïve résumé à la carte"]):
        data = (
            fm + item(1, f"新闻{number}", "作者", "https://example.com/l", sample + " 结束")
        ).encode("utf-8")
        data = data.replace(sample.encode("utf-8"), sample.encode("latin-1"))
        yield _File(f"encodings/latin1-{number}.md", data, rejected("latin-1", UNDECODABLE))
    # Invalid UTF-8 sequences in a UTF-8 file: undecodable bytes reject the file, naming the line.
    bad_sequences = {
        "surrogate": b"\xed\xa0\x80",
        "lone-ff": b"\xff",
        "lone-continuation": b"\x80",
        "beyond-unicode": b"\xf4\x90\x80\x80",
        "overlong-nul": b"\xc0\x80",
    }
    for name, seq in bad_sequences.items():
        data = (
            text.replace("编码", f"编码{name}")
            .encode()
            .replace("谷歌发布了".encode(), b"G" + seq + b" ")
        )
        yield _File(
            f"encodings/invalid-utf8-{name}.md", data, rejected("invalid UTF-8", UNDECODABLE)
        )
    data = b"\xff\xfe" + (fm + first).encode("utf-16-le") + b"\x00\xd8" + second.encode("utf-16-le")
    yield _File(
        "encodings/utf16-lone-surrogate.md", data, rejected("invalid UTF-16", "invalid utf-16-le")
    )
    # A stray byte that GB18030 can read, on an ASCII line of a UTF-8 file: only that line is GB18030, with a warning.
    data = (
        text.replace("编码", "编码卯")
        .encode()
        .replace("谷歌发布了".encode(), "谷歌发布了".encode() + b"\n\n   G\xc0\xafG\n\n   ")
    )
    yield _File(
        "encodings/stray-gb-pair.md",
        data,
        stored(
            "invalid UTF-8",
            2,
            warning=MIXED,
            fields={1: fields[1], 2: {"headline": "谷歌发布模型"}},
        ),
    )


def _duplicates() -> Iterator[tuple[list[str], bytes, Expected]]:
    for number, names in enumerate(
        [
            ["dup/a1.md", "dup/a2.md"],
            ["dup/b.md", "dup/b copy.txt"],
            ["dup/c.markdown", "dup/sub/c.md", "dup/sub/deeper/c-again.md"],
        ]
    ):
        text, fields = good_digest(f"重复{number}", 2, title=f"2026.03.01.08 重复{number}")
        yield names, _u(text), stored("same file under several names", 2, fields=fields)
    yield (
        ["dup/bad-1.md", "dup/bad-2.md"],
        _u(front() + "没有条目。\n"),
        rejected("same broken file twice", NO_ITEMS),
    )


def _same_item() -> Iterator[_File]:
    shared = item(
        1,
        "共享新闻标题",
        "共享作者",
        "https://example.com/shared",
        "两份摘要里都有的**同一条**新闻。",
    )
    shared_fields = {
        "headline": "共享新闻标题",
        "author": "共享作者",
        "url": "https://example.com/shared",
        "summary": "两份摘要里都有的同一条新闻。",
        "bold_terms": ["同一条"],
    }
    for number, hour in enumerate(("08", "12")):
        title = f"2026.03.01.{hour} 共享条目{number}"
        other = item(2, f"独有新闻{number}", "某人", f"https://example.com/own/{number}", "独有。")
        yield _File(
            f"same-item/digest-{number}.md",
            _u(front(title=title, date=f"2026-03-01T{hour}:00:00+08:00") + shared + other),
            stored("same item in two digests", 2, title=title, fields={1: shared_fields}),
        )


def _long() -> Iterator[_File]:
    body = item(1, "长文本", "作者", "https://example.com/long", "摘要。")
    long_title = "长" * 100_000
    yield _File(
        "long/title-yaml-100k.md",
        _u(front(title=long_title) + body),
        stored("100k-char text", 1, title=long_title),
    )
    yield _File(
        "long/title-toml-100k.md",
        _u(toml_front(title="题" * 100_000) + body),
        stored("100k-char text", 1, title="题" * 100_000),
    )
    heading = "2026.03.01.08 " + "头" * 100_000
    yield _File(
        "long/title-heading-100k.md",
        _u(f"# {heading}\n\n{body}"),
        stored("100k-char text", 1, title=heading, date_source="title"),
    )
    headline = "标" * 100_000
    yield _File(
        "long/headline-100k.md",
        _u(front() + item(1, headline, "作者", "https://example.com/l", "摘要。")),
        stored("100k-char text", 1, fields={1: {"headline": headline, "author": "作者"}}),
    )
    author = "名" * 100_000  # longer than any author: the whole link text is the headline
    yield _File(
        "long/author-100k.md",
        _u(front() + item(1, "标题", author, "https://example.com/l", "摘要。")),
        stored("100k-char text", 1, fields={1: {"headline": f"标题-{author}", "author": None}}),
    )
    links = " ".join(f"[链{n}](https://example.com/many/{n})" for n in range(10_000))
    yield _File(
        "long/ten-thousand-links.md",
        _u(front() + item(1, "多链接", "作者", "https://example.com/main", links)),
        stored(
            "many links",
            1,
            fields={
                1: {
                    "url": "https://example.com/main",
                    "extra_urls": [f"https://example.com/many/{n}" for n in range(10_000)],
                }
            },
        ),
    )
    bold = "，".join(f"**术语{n}**" for n in range(5_000))
    yield _File(
        "long/five-thousand-bold-terms.md",
        _u(front() + item(1, "多粗体", "作者", "https://example.com/b", bold)),
        stored(
            "many bold terms", 1, fields={1: {"bold_terms": [f"术语{n}" for n in range(5_000)]}}
        ),
    )
    categories = [f"类别{n}" for n in range(20_000)]
    yield _File(
        "long/twenty-thousand-categories.md",
        _u(front(categories=None, extra=f"categories: {yaml_str(','.join(categories))}") + body),
        stored("many categories", 1, categories=categories),
    )


def _nul() -> Iterator[_File]:
    fm = front(title="2026.03.01.08 空字符")
    cases = [
        (
            "headline",
            fm + item(1, "新\x00闻", "作者", "https://example.com/n", "摘要。"),
            {"headline": "新\ufffd闻"},
            None,
        ),
        (
            "summary",
            fm + item(1, "标题", "作者", "https://example.com/n", "摘\x00要。"),
            {"summary": "摘\ufffd要。"},
            None,
        ),
        (
            "author",
            fm + item(1, "标题", "作\x00者", "https://example.com/n", "摘要。"),
            {"author": "作\ufffd者"},
            None,
        ),
        (
            "yaml-title",
            front(title="2026.03.01.08 标\x00题").replace("\\u0000", "\x00")
            + item(1, "标题", "作者", "https://example.com/n", "摘要。"),
            {"headline": "标题"},
            "2026.03.01.08 标\ufffd题",
        ),
        (
            "heading-title",
            "# 2026.03.01.08 标\x00题\n\n"
            + item(1, "标题", "作者", "https://example.com/n", "摘要。"),
            {"headline": "标题"},
            "2026.03.01.08 标\ufffd题",
        ),
    ]
    for name, text, values, title in cases:
        yield _File(
            f"nul/{name}.md", _u(text), stored("NUL in text", 1, title=title, fields={1: values})
        )


def _categories() -> Iterator[_File]:
    body = item(1, "分类测试", "作者", "https://example.com/c", "摘要。")
    cases = [
        ("number", "5", [], "neither a list nor a string"),
        ("float", "2.5", [], "neither a list nor a string"),
        ("bool", "true", [], "neither a list nor a string"),
        ("null", "~", [], None),
        ("mapping", "{a: 1}", [], "neither a list nor a string"),
        ("set", "!!set {a, b}", [], "neither a list nor a string"),
        ("nested", "[[a, b], c]", ["c"], "lists or mappings ignored"),
        ("numbers", "[1, 2]", ["1", "2"], None),
        ("string", "'a, b，c'", ["a", "b", "c"], None),
        ("empty-string", "''", [], None),
        ("empty-list", "[]", [], None),
        ("duplicates", "[a, a, b, ' a ']", ["a", "b"], None),
        ("with-null", "[a, null, b]", ["a", "b"], None),
        ("dates", "[2026-03-01]", ["2026-03-01"], None),
    ]
    for name, value, expected, warning in cases:
        yield _File(
            f"categories/{name}.md",
            _u(front(categories=None, extra=f"categories: {value}") + body),
            stored("odd categories", 1, categories=expected, warning=warning),
        )


def _good() -> Iterator[_File]:
    data = Path(__file__).parent / "data"
    fixtures = {
        "reference_copy.md": 9,
        "bullets.md": 2,
        "headings.md": 2,
        "no_author_multi_links.md": 2,
        "crlf.md": 1,
        "bom.md": 1,
        "toml_front.md": 1,
        "title_stamp_only.md": 1,
        "utf16.md": 1,
        "gb18030.md": 1,
        "two_digit_items.md": 3,
        "2026-02-10-1200_filename_date.md": 1,
    }
    for name, count in fixtures.items():
        yield _File(
            f"good/fixtures/{name}", (data / name).read_bytes(), stored("good fixture", count)
        )
    for count in (1, 2, 5, 9, 20, 99, 100, 101):
        text, fields = good_digest(f"好{count}", count, title=f"2026.03.01.08 好的摘要{count}")
        yield _File(
            f"good/numbered-{count:03d}.md",
            _u(text),
            stored(
                "good generated",
                count,
                title=f"2026.03.01.08 好的摘要{count}",
                categories=CATEGORIES,
                published_at=DATE_VALUE,
                date_source="front_matter",
                fields={n: fields[n] for n in {1, count // 2 or 1, count}},
            ),
        )
    body, fields = standard_items("子弹", 4)
    bullets = (
        body.replace("1. ", "- ").replace("2. ", "* ").replace("3. ", "+ ").replace("4. ", "- ")
    )
    yield _File(
        "good/bullets.md",
        _u(front(title="2026.03.01.08 子弹") + bullets),
        stored("good generated", 4, fields=fields),
    )
    body, fields = standard_items("TOML", 3)
    yield _File(
        "good/toml.md",
        _u(toml_front(title="2026.03.01.08 TOML") + body),
        stored("good generated", 3, published_at=DATE_VALUE, fields=fields),
    )
    body, fields = standard_items("无前言", 2)
    yield _File(
        "good/no-front-matter.md",
        _u(f"# 2026.03.01.08 无前言\n\n{body}"),
        stored("good generated", 2, date_source="title", published_at=DATE_VALUE, fields=fields),
    )


# ------------------------------------------------------------------ the corpus


def write_hostile_corpus(
    folder: Path | str, *, big_file_mb: int = BIG_FILE_MB
) -> dict[str, Expected]:
    """Write the corpus under `folder`; return the expectation for every file, by path relative to `folder`."""
    folder = Path(folder)
    expected: dict[str, Expected] = {}
    written: dict[bytes, str] = {}

    def write(name: str, data: bytes) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    groups = [
        _truncated(),
        _front_matter_shapes(),
        _front_matter_depth(),
        _dates(),
        _empty(),
        _binary(),
        _size(big_file_mb),
        _many_items(),
        _nesting(),
        _links(),
        _html(),
        _unicode(),
        _encodings(),
        _same_item(),
        _long(),
        _nul(),
        _categories(),
        _good(),
    ]
    for group in groups:
        for file in group:
            assert file.name not in expected, f"two files named {file.name}"
            assert file.data not in written, (
                f"{file.name} has the same bytes as {written.get(file.data)}"
            )
            written[file.data] = file.name
            write(file.name, file.data)
            expected[file.name] = file.expected
    for names, data, twin_expectation in _duplicates():
        assert data not in written
        paths = sorted(write(name, data) for name in names)  # ingest walks a folder in this order
        first = paths[0].relative_to(folder).as_posix()
        for path in paths:
            name = path.relative_to(folder).as_posix()
            if name == first or not twin_expectation.stored:
                expected[name] = twin_expectation
            else:
                expected[name] = Expected(twin_expectation.kind, False, duplicate_of=first)
    return expected


def counts_by_kind(expected: dict[str, Expected]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for exp in expected.values():
        counts[exp.kind] = counts.get(exp.kind, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))

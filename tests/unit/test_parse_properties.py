"""Property tests: `parse_digest` is total and its output is always storable.

Inputs are markdown-ish text built from digest fragments (list markers, links,
brackets, CJK, dashes, front-matter fences, bold, HTML, odd characters) and
random text in between, as str and as bytes in several encodings, plus raw
random bytes. For every input: no exception; positions run 1..n; every item's
source_line lies within the file; every problem has a reason, a known severity
and a line within the file (or none); links are http(s) only; every string
encodes as UTF-8 and the date converts to UTC (what the store needs).
"""

from __future__ import annotations

from datetime import UTC

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.ingest.decoding import decode_bytes
from analysis.ingest.parse import parse_digest

PATH = "/digests/property.md"
SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FRAGMENTS = [
    "1. ",
    "2.  ",
    "10. ",
    "999. ",
    "1) ",
    "- ",
    "* ",
    "+ ",
    "### ",
    "## 3. ",
    "# ",
    "> ",
    ">>> ",
    "[",
    "]",
    "(",
    ")",
    "](",
    "[[",
    "]]",
    "<",
    ">",
    "![",
    "\\",
    "`",
    "```\n",
    "~~~\n",
    "https://x.com/op7418/status/2008360431719772520",
    "http://example.com/a(b)",
    "HTTPS://EXAMPLE.COM",
    "javascript:alert(1)",
    "data:text/html,x",
    "vbscript:x",
    "//evil.example",
    "mailto:a@b.c",
    "<https://a.b>",
    "**",
    "*",
    "_",
    "__",
    "**粗体**",
    "-",
    "－",
    "–",
    "—",
    "-歸藏(guizang.ai)",
    "-Demis Hassabis",
    "英伟达",
    "发布",
    "模型",
    "，",
    "。",
    "“",
    "”",
    "（",
    "）",
    "Rubin",
    "hf-mem",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "    ",
    "   ",
    "\t",
    " ",
    "---\n",
    "+++\n",
    "title: 标题\n",
    "date: 2026-03-01T08:00:00+08:00\n",
    "date: 2026-13-45\n",
    "date: 0001-01-01T00:00:00+08:00\n",
    "categories: [a, b]\n",
    "categories: 5\n",
    "- a\n",
    "[[[[",
    "{a: ",
    'title = "x"\n',
    "date = 2026-03-01T08:00:00+08:00\n",
    "a = [[[[",
    "2026.03.01.08",
    "2026-03-01-0800",
    "<script>alert(1)</script>",
    "&lt;b&gt;",
    "&#58;",
    "\x00",
    "\ufeff",
    "\u202e",
    "\u200b",
    "\u2028",
    "👩\u200d💻",
    "\ud800",
    "\udfff",
]

fragment = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6))
body = st.lists(fragment, max_size=60).map("".join)
item_line = st.builds(
    lambda n, head, url, summary: f"{n}. [{head}]({url})\n\n   {summary}\n\n",
    st.integers(0, 1200),
    body,
    st.sampled_from(FRAGMENTS + ["https://a.b/c"]),
    body,
)
digest_like = st.builds(
    lambda fence, front, items, tail: (
        (f"{fence}{front}{fence}" if fence else "") + "".join(items) + tail
    ),
    st.sampled_from(["", "---\n", "+++\n"]),
    body,
    st.lists(item_line, max_size=6),
    body,
)
markdownish = st.one_of(body, digest_like)
encoded = st.builds(
    lambda text, encoding: text.encode(encoding, errors="replace"),
    markdownish,
    st.sampled_from(
        ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "latin-1"]
    ),
)
spliced = st.builds(
    lambda data, junk, at: data[:at] + junk + data[at:],
    encoded,
    st.binary(max_size=8),
    st.integers(0, 400),
)
any_bytes = st.one_of(encoded, spliced, st.binary(max_size=300))


def line_count(data: bytes | str) -> int:
    if isinstance(data, bytes):
        text, _ = decode_bytes(data)
        if text is None:
            return 1
    else:
        text = data
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def encodable(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, list):
        return all(encodable(v) for v in value)
    try:
        str(value).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check(data: bytes | str) -> None:
    result = parse_digest(data, PATH)
    lines = line_count(data)
    assert [it.position for it in result.items] == list(range(1, len(result.items) + 1))
    for it in result.items:
        assert 1 <= it.source_line <= lines
        for link in [it.url, *it.extra_urls]:
            assert link is None or link.lower().startswith(("http://", "https://"))
        assert all(
            encodable(getattr(it, name))
            for name in (
                "headline",
                "author",
                "author_site",
                "url",
                "url_host",
                "handle",
                "status_id",
                "extra_urls",
                "summary",
                "bold_terms",
            )
        )
    for problem in result.problems:
        assert problem.source_path == PATH
        assert isinstance(problem.reason, str) and problem.reason.strip()
        assert problem.severity in {"error", "warning"}
        assert problem.line is None or 1 <= problem.line <= lines
        assert encodable(problem.reason)
    if result.digest is not None:
        assert result.digest.source_path == PATH
        assert encodable(result.digest.title) and encodable(result.digest.categories)
        assert result.digest.published_at.tzinfo is not None
        result.digest.published_at.astimezone(UTC)
    if not result.ok:
        assert result.digest is None or any(p.severity == "error" for p in result.problems)
    if result.digest is None:
        assert any(p.severity == "error" for p in result.problems)


@pytest.mark.slow
@SETTINGS
@given(markdownish)
def test_markdownish_text(text):
    check(text)


@pytest.mark.slow
@SETTINGS
@given(digest_like)
def test_digest_shaped_text(text):
    check(text)


@SETTINGS
@given(any_bytes)
def test_bytes(data):
    check(data)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text(text):
    check(text)

"""Markdown body → a flat list of leaf blocks (paragraphs, headings, code, rules) with context.

markdown-it-py tokenizes; each block keeps its line range from the token map,
the list entries it sits in and whether it is quoted, and its inline content as
text with link spans, so that the item rules work on structure, not on regexes
over raw markdown. Raw HTML stays text (the parser never renders it), except
the layout tags digests use for folding and line breaks (`<details>`,
`<summary>`, `<br/>`) and HTML comments, which carry no news.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property

from markdown_it import MarkdownIt
from markdown_it.token import Token

# The commonmark preset with raw HTML off (`<script>` in a digest stays text), plus
# GFM tables, which trending-style digests use for their lists, and bare `https://…`
# urls as links (linkify-it-py), which chat-channel digests write. Names that look like
# domains (`Z.ai`, `Character.AI`) stay text: no fuzzy links.
MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": True}).enable(["table", "linkify"])
MARKDOWN.linkify.set({"fuzzy_link": False, "fuzzy_email": False})
# Accept every link target so an item with a `javascript:` link is still
# recognised as an item; the scheme is judged when the url is stored.
MARKDOWN.validateLink = lambda url: True

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_LAYOUT_TAG = re.compile(r"</?(?:details|summary|div|center|span|p)(?:\s[^<>]*)?>", re.IGNORECASE)
_SUMMARY_TAG = re.compile(r"<summary\b", re.IGNORECASE)
_TOP_LEVEL_BLOCK = re.compile(r"^(?:\d{1,9}[.)]|[-*+]|#{1,6})(?:[ \t]|$)")
_TOO_DEEP = "trendboard_too_deep"  # env key set when markdown-it reaches its nesting limit
_plain_block_tokenize = MARKDOWN.block.tokenize


def _block_tokenize_noting_depth(state, start_line: int, end_line: int) -> None:
    # Containers (lists, quotes) tokenize their content through `md.block.tokenize`;
    # entered at the nesting limit, markdown-it skips that content to `end_line`.
    if state.level >= state.md.options.maxNesting:
        state.env[_TOO_DEEP] = True
    _plain_block_tokenize(state, start_line, end_line)


MARKDOWN.block.tokenize = _block_tokenize_noting_depth


_SYMBOL_CATEGORIES = {"So", "Sk", "Cf", "Co", "Zs", "Zl", "Zp", "Mn"}


def is_symbol(ch: str) -> bool:
    # Emoji and pictographs (So), modifiers, format characters, spaces; not `<`, `|` or `+`.
    return unicodedata.category(ch) in _SYMBOL_CATEGORIES or ch in "\ufe0f\u200d" or ch.isspace()


def strip_leading_symbols_text(text: str) -> str:
    """`🔥 AI 热点` → `AI 热点`: emoji, arrows and spaces in front carry no text."""
    index = 0
    while index < len(text) and is_symbol(text[index]):
        index += 1
    return text[index:]


def content_chars(text: str) -> int:
    """Letters, digits and CJK characters: what the text-kept share counts."""
    return sum(map(str.isalnum, text))


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass
class Link:
    start: int  # span of the link text in `Inline.text`
    end: int
    href: str
    image: bool  # the link holds an image and no text
    bare: bool = False  # a url written out in the text (linkify), not `[text](url)`

    def text_in(self, inline: Inline) -> str:
        # ASCII whitespace only: a U+2028 inside a headline is the digest's, not layout.
        text = inline.text[self.start : self.end].replace("**", "")
        return re.sub(r"[ \t\n\r\f\v]+", " ", text).strip(" \t\n\r\f\v")

    @property
    def anchor(self) -> bool:
        return self.href.startswith("#")


@dataclass
class Inline:
    """Inline content as plain text (bold kept as `**` marks) with the spans of its links."""

    text: str
    links: list[Link]
    source: str  # the raw inline markdown, for bold terms
    # Offsets in `text` of the spaces that stand for a line break of the source: a bold
    # headline alone on its first line ends there.
    soft_breaks: tuple[int, ...] = ()

    def plain(self, start: int = 0, end: int | None = None) -> str:
        return clean_text(self.text[start:end])


# Full-width punctuation carries its own space: a space after it (a joined line break, a
# stray space in `成绩。 该模型`) is dropped.
_SPACE_AFTER_FULL_WIDTH = re.compile("([，。！？；：、）」』】]) +")


def clean_text(text: str) -> str:
    """No bold marks, single spaces, a line break where the digest wrote `<br/>`."""
    lines = text.replace("**", "").split("\n")
    return "\n".join(
        _SPACE_AFTER_FULL_WIDTH.sub(r"\1", " ".join(line.split())) for line in lines if line.strip()
    )


@dataclass
class Entry:
    """A list entry: which list, ordered or not, its first line."""

    entry_id: int
    list_id: int
    ordered: bool
    line: int


@dataclass
class MdBlock:
    kind: str  # heading, paragraph, code, fence, hr, table_header
    line: int  # first line in the file, 1-based
    end_line: int
    level: int = 0  # heading level
    inline: Inline | None = None
    entries: tuple[Entry, ...] = ()  # enclosing list entries, outermost first
    first_in_entry: bool = False
    quoted: bool = False
    code: str = ""
    label: bool = False  # the text of a `<summary>` fold label
    text: str = field(default="")

    @cached_property
    def chars(self) -> int:
        return 0 if self.kind in ("code", "fence") else content_chars(self.text)

    @property
    def top_entry(self) -> Entry | None:
        return self.entries[0] if self.entries else None

    def http_links(self) -> list[Link]:
        return [lk for lk in (self.inline.links if self.inline else []) if not lk.anchor]

    def written_links(self) -> list[Link]:
        """Links the digest wrote as `[text](url)`, not bare urls in running text."""
        return [lk for lk in self.http_links() if not lk.bare]


def without_comments(body: str) -> str:
    """HTML comments blanked out, line breaks kept so that line numbers stay right."""
    return _HTML_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), body)


def tokenize(body: str, line_offset: int, problem) -> list[Token]:
    """markdown-it tokens for the body, surviving markdown nested deeper than `maxNesting`.

    At that depth markdown-it stops reading and silently drops everything up to
    the end of the enclosing block, which for a list item is the rest of the
    file. Then each top-level block (a line starting at column 0 with a list
    marker or heading) is parsed on its own, so only the deep item loses its
    tail, and that is reported.
    """
    env: dict = {}
    tokens = MARKDOWN.parse(body, env)
    if not env.pop(_TOO_DEEP, False):
        return tokens
    lines = body.split("\n")
    starts = (
        [0]
        + [n for n, line in enumerate(lines) if n and _TOP_LEVEL_BLOCK.match(line)]
        + [len(lines)]
    )
    tokens = []
    for start, end in zip(starts, starts[1:], strict=False):
        chunk_env = dict(env)  # link reference definitions of the whole body
        chunk = MARKDOWN.parse("\n".join(lines[start:end]), chunk_env)
        for token in chunk:
            if token.map:
                token.map = [token.map[0] + start, token.map[1] + start]
        if chunk_env.get(_TOO_DEEP):
            problem(
                start + line_offset + 1,
                f"markdown nested more than {MARKDOWN.options.maxNesting} levels "
                "deep; the rest of this block was not read",
                "warning",
            )
        tokens.extend(chunk)
    return tokens


def _clean_fragment(text: str) -> str:
    text = _LINE_BREAK_TAG.sub("\n", text)
    return _LAYOUT_TAG.sub("", text)


def read_inline(token: Token) -> Inline:
    parts: list[str] = []
    size = 0
    links: list[Link] = []
    soft_breaks: list[int] = []
    open_link: tuple[int, str, bool] | None = None
    link_has_text = False
    in_markup = False

    def add(fragment: str) -> None:
        nonlocal size, link_has_text
        if fragment:
            parts.append(fragment)
            size += len(fragment)
            if open_link is not None and fragment.strip() and fragment != "**":
                link_has_text = True

    children = _cut_autolinks_at_cjk(token.children or [])
    for child in children:
        kind = child.type
        if kind == "text":
            add(_clean_fragment(child.content))
        elif kind == "code_inline":
            add(child.content)
        elif kind == "softbreak":
            soft_breaks.append(size)
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind in ("strong_open", "strong_close"):
            add("**")
        elif kind in ("link_open", "link_close") and child.markup == "linkify" and in_markup:
            in_markup = kind == "link_open"  # `src="https://…"` in raw HTML is text
        elif kind == "link_open":
            if child.markup == "linkify" and _inside_markup("".join(parts[-3:])):
                in_markup = True
            elif open_link is None:
                href = str(child.attrs.get("href", ""))
                open_link = (size, href, child.markup == "linkify")
                link_has_text = False
        elif kind == "link_close" and open_link is not None:
            links.append(Link(open_link[0], size, open_link[1], not link_has_text, open_link[2]))
            open_link = None
    if open_link is not None:
        links.append(Link(open_link[0], size, open_link[1], not link_has_text, open_link[2]))
    return _join_wrapped_cjk(Inline("".join(parts), links, token.content, tuple(soft_breaks)))


_WIDE = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_WIDE_CHAR = re.compile(f"[{_WIDE}]")
_WRAP_IN_CJK = re.compile(f"(?<=[{_WIDE}])[ \t]*\n[ \t]*(?=[{_WIDE}])")


def unwrap_cjk(text: str) -> str:
    """`分段\n   注意力` → `分段注意力`: a line break between two Chinese characters of raw markdown."""
    return _WRAP_IN_CJK.sub("", text)


def _join_wrapped_cjk(inline: Inline) -> Inline:
    """A paragraph hard-wrapped between two Chinese characters (`代码生` / `成两个方向`) is one
    run of text: Chinese puts no space there, and a space would cut the word at the wrap.
    The break keeps its offset, now between the two characters."""
    text, links, breaks = inline.text, inline.links, list(inline.soft_breaks)
    for index in range(len(breaks) - 1, -1, -1):
        at = breaks[index]
        before, after = text[:at].rstrip("*")[-1:], text[at + 1 :].lstrip("*")[:1]
        if text[at : at + 1] != " " or not (_WIDE_CHAR.match(before) and _WIDE_CHAR.match(after)):
            continue
        text = text[:at] + text[at + 1 :]
        links = [
            replace(lk, start=lk.start - (lk.start > at), end=lk.end - (lk.end > at))
            for lk in links
        ]
        breaks[index + 1 :] = [b - 1 for b in breaks[index + 1 :]]
    return replace(inline, text=text, links=links, soft_breaks=tuple(breaks))


def _inside_markup(before: str) -> bool:
    """A bare url right after `src="`, `href='` or a broken markdown link's `](` / `] (`
    is part of that markup, not a link the digest wrote: it stays text."""
    return before.endswith(('"', "'", "=", "](", "] ("))


def _cut_autolinks_at_cjk(children: list[Token]) -> list[Token]:
    """`https://openai.com/x项目已开源`: a bare url ends where Chinese text starts (linkify
    reads on to the next space)."""
    out: list[Token] = []
    i = 0
    while i < len(children):
        child = children[i]
        if (
            child.type == "link_open"
            and child.markup == "linkify"
            and i + 2 < len(children)
            and children[i + 1].type == "text"
            and children[i + 2].type == "link_close"
        ):
            text = children[i + 1].content
            cjk = _WIDE_CHAR.search(text)
            if cjk and cjk.start() > 0:
                url, rest = text[: cjk.start()], text[cjk.start() :]
                opener = child.copy()
                opener.attrSet("href", MARKDOWN.normalizeLink(url))
                out += [opener, children[i + 1].copy(content=url), children[i + 2]]
                out.append(children[i + 1].copy(content=rest))
                i += 3
                continue
        out.append(child)
        i += 1
    return out


def join_cells(cells: list[Inline]) -> Inline:
    """One inline for a table row: its cells joined by ` | `, leading cells without letters
    (a rank, an emoji) left out so that the row reads like a list entry."""
    while len(cells) > 1 and not any(ch.isalpha() for ch in cells[0].text):
        cells = cells[1:]
    text, links, sources = "", [], []
    for cell in cells:
        if text:
            text += " | "
        offset = len(text)
        links += [
            Link(lk.start + offset, lk.end + offset, lk.href, lk.image, lk.bare)
            for lk in cell.links
        ]
        text += cell.text
        sources.append(cell.source)
    return Inline(text, links, " | ".join(sources))


def read_blocks(body: str, line_offset: int, problem) -> list[MdBlock]:
    tokens = tokenize(without_comments(body), line_offset, problem)
    blocks: list[MdBlock] = []
    lists: list[tuple[int, bool]] = []  # open lists: (id, ordered)
    entries: list[Entry] = []
    fresh_entries: set[int] = set()  # entries whose first block is still to come
    quoted = 0
    next_id = 0

    def lines(token: Token) -> tuple[int, int]:
        start, end = token.map if token.map else (0, 1)
        return start + line_offset + 1, max(end + line_offset, start + line_offset + 1)

    def add(block: MdBlock) -> None:
        if entries:
            block.entries = tuple(entries)
            innermost = entries[-1].entry_id
            block.first_in_entry = innermost in fresh_entries
            fresh_entries.discard(innermost)
        block.quoted = quoted > 0
        blocks.append(block)

    row: list[Inline] | None = None
    row_lines = (0, 0)
    table_id = 0
    in_header = False
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "table_open":
            next_id += 1
            table_id = next_id
        elif kind in ("thead_open", "thead_close"):
            in_header = kind == "thead_open"
        elif kind == "tr_open":
            row, row_lines = [], lines(token)
        elif kind in ("th_open", "td_open") and row is not None:
            inline_token = tokens[index + 1] if index + 1 < len(tokens) else None
            if inline_token is not None and inline_token.type == "inline":
                row.append(read_inline(inline_token))
        elif kind == "tr_close" and row is not None:
            inline = join_cells(row) if row else Inline("", [], "")
            block = MdBlock(
                "table_header" if in_header else "paragraph",
                *row_lines,
                inline=inline,
                text=clean_text(inline.text),
            )
            if not in_header:
                # A row is an entry of the table, as a bullet is of its list.
                next_id += 1
                entries.append(Entry(next_id, table_id, False, row_lines[0]))
                fresh_entries.add(next_id)
                add(block)
                fresh_entries.discard(entries.pop().entry_id)
            else:
                add(block)
            row = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            next_id += 1
            lists.append((next_id, kind == "ordered_list_open"))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if lists:
                lists.pop()
        elif kind == "list_item_open" and lists:
            next_id += 1
            entries.append(Entry(next_id, lists[-1][0], lists[-1][1], lines(token)[0]))
            fresh_entries.add(next_id)
        elif kind == "list_item_close" and entries:
            fresh_entries.discard(entries.pop().entry_id)
        elif kind == "blockquote_open":
            quoted += 1
        elif kind == "blockquote_close":
            quoted = max(0, quoted - 1)
        elif kind in ("paragraph_open", "heading_open"):
            inline_token = tokens[index + 1] if index + 1 < len(tokens) else None
            if inline_token is None or inline_token.type != "inline":
                continue
            first, last = lines(token)
            inline = read_inline(inline_token)
            block = MdBlock(
                "heading" if kind == "heading_open" else "paragraph",
                first,
                last,
                level=int(token.tag[1]) if kind == "heading_open" else 0,
                inline=inline,
                label=bool(_SUMMARY_TAG.search(inline_token.content)),
                text=clean_text(inline.text),
            )
            add(block)
        elif kind in ("code_block", "fence"):
            first, last = lines(token)
            add(
                MdBlock(
                    "code" if kind == "code_block" else "fence", first, last, code=token.content
                )
            )
        elif kind == "hr":
            first, last = lines(token)
            add(MdBlock("hr", first, last))
    return blocks

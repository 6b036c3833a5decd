"""Leaf blocks → news items, and an account of every block that is not one.

The rules (docs/parsing.md) work on shapes, not on any one digest's words:

- An item starts at a top-level list entry (numbered, or a bullet with a link or
  real text) or table row with a link, at a heading that carries a link or a number
  and has no items of its own below it, or at a top-level paragraph that carries a link.
- A heading with items below it is a section, and so is a bold-only line above a
  list or a short bullet over nested items; its text is stored on those items.
- Headline: a leading link's text, else a leading bold span that stands apart
  (followed by a colon, a dash or nothing), else the first sentence, cut at a
  clause when it is long. Link texts that name a source (`来源`, `Source`,
  `@handle`, a short trailing link after the last sentence) are never headlines:
  they become the item's source label and leave the text.
- Not items: links into the page (`#…`, tables of contents), rows of links
  (navigation), parts under a boilerplate heading, short blocks with a
  boilerplate marker (data/block_markers.toml) outside an item, code outside items.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC
from urllib.parse import urlsplit

from analysis.ingest.blocks import (
    MARKDOWN,
    Entry,
    Inline,
    Link,
    MdBlock,
    clean_text,
    content_chars,
    display_width,
    is_symbol,
    read_inline,
    strip_leading_symbols_text,
    unwrap_cjk,
)
from analysis.ingest.dates import date_from_text
from analysis.ingest.vocabulary import (
    boilerplate_marker,
    english_function_words,
    is_generic_link_text,
    is_listed_publication,
    is_publication,
)
from analysis.records import Block, Coverage, Item

_AUTHOR_SEPARATORS = "-－–—"
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_SITE_SUFFIX = re.compile(r"^(?P<name>.+?)\s*[(（](?P<site>[^()（）]+)[)）]\s*$")
_SENTENCE_PUNCTUATION = set("，。：；！？、“”《》,;!?")
_QUOTES = "\"'“”‘’「」『』《》"
ITEM_NUMBER = re.compile(r"^\s*\d{1,3}[.、)）](?!\d)\s*")
# `1.`, `2、`, `3)`, and keycap emoji numbers (`1️⃣`, `🔟`).
_LEAD_NUMBER = re.compile(r"^\s*(?:\d{1,6}[.、)）](?![\da-z])|\d\ufe0f?\u20e3|\U0001f51f)\s*")
_X_HOSTS = {"x.com", "twitter.com", "mobile.twitter.com", "mobile.x.com"}
_NOT_HANDLES = {"i", "home", "search", "intent", "share", "hashtag", "explore"}

HEADLINE_WIDTH = 80  # display columns: 40 CJK characters or 80 Latin ones
_LONG_SENTENCE_WIDTH = 160
_MIN_CLAUSE_WIDTH = 16
_SENTENCE_END = re.compile(r"[。！？!?](?![\d%])|(?<=[a-z0-9)\"”%])[.](?=\s+[A-Z0-9\"“(]|\s*$)|\n")
_CLAUSE_END = re.compile(r"[，；：;]|,(?=\s)|:(?=\s)|\s[|｜]\s")  # ` | `: table cells
_SEPARATORS = " \t\n:：,，;；-—–|｜·•>》→"
_OPENERS = "(（[【「"
_CLOSERS = ")）]】」"
_TERMINATORS = "。！？!?.;；"
_ATTRIBUTION = re.compile(r"[(（]\s*[^()（）\[\]]{1,10}?\s*$")
_LABEL_BEFORE_LINK = re.compile(r"(?:^|(?<=[。！？!?.\s]))[^\s。！？!?.,，]{1,8}\s*[:：]\s*$")
_DATE_SEGMENT = re.compile(
    r"^\s*(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[-/]\d{1,2})(?:\s.*)?$"
)
_META_SEPARATORS = re.compile(r"\s+[·•|｜]\s+")
_META_LABEL = re.compile(r"^(?:[^:：]{1,6}[:：]\s*|by\s+)", re.IGNORECASE)
_TAG_LINE = re.compile(r"^\s*(?:\*\*)?[^*:：]{1,12}(?:\*\*)?\s*[:：](?:\*\*)?\s*(?P<tags>.+)$")
_TAG = re.compile(r"#?([^\s#,，、`]+)")
_LEADING_SYMBOLS = re.compile(r"^[\s\W_]*?(?=[\w*\[(（【「\"“'#@])", re.UNICODE)


# ---------------------------------------------------------------- author and links


def split_author(
    link_text: str, handle: str | None = None, host: str | None = None
) -> tuple[str, str | None]:
    """Split `headline-author` at the last dash-like separator, when the tail looks like a name.

    `-歸藏(guizang.ai)`, `- Demis Hassabis`, `-@handle` are authors; `GPT-5.2-Codex`,
    `Qwen3-Coder-480B`, `hf-mem` and `…-XMas` are names with hyphens in them.
    """
    for index in range(len(link_text) - 1, 0, -1):
        if link_text[index] not in _AUTHOR_SEPARATORS:
            continue
        headline, author = link_text[:index].strip(), link_text[index + 1 :].strip()
        if headline and _looks_like_author(link_text, index, author, handle, host):
            return headline, author
        return link_text.strip(), None
    return link_text.strip(), None


def _looks_like_author(
    text: str, index: int, author: str, handle: str | None = None, host: str | None = None
) -> bool:
    if author and is_listed_publication(author):
        return True  # `…场景-36氪`: a publication, though it starts with a digit
    if not author or len(author) > 40 or author[0].isdigit():
        return False
    if any(ch in _SENTENCE_PUNCTUATION for ch in author):
        return False
    name = _SITE_SUFFIX.match(author)
    bare = name.group("name") if name else author
    words = bare.lstrip("@").split()
    if not words or len(words) > 4:
        return False
    before = text[index - 1]
    after = text[index + 1] if index + 1 < len(text) else ""
    inside_word = before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
    if inside_word:
        # `GPT-5.2-Codex-XMas`: a hyphen between two Latin letters or digits joins a name;
        # only a spaced-out personal name (`Llama 5-Yann LeCun`), a listed publication
        # (`…HBM-Reuters`; not `stable-diffusion.cpp`) or the account the link points to
        # (`…AI Agent-NVIDIA` linking x.com/nvidia) or the site it points to
        # (`…收购Quillon-Salesforce` linking salesforce.com) is an author there.
        if (
            is_listed_publication(bare)
            or _names_the_account(bare, handle)
            or _names_the_site(bare, host)
        ):
            return True
        return len(words) >= 2 and all(w[:1].isupper() and w[1:2].islower() for w in words)
    return True


def _names_the_account(name: str, handle: str | None) -> bool:
    """`…Veo 3.1-Anthropic` linking x.com/AnthropicAI, `…-AK` linking x.com/_akhaliq, `…-Z.ai`
    linking x.com/Zai_org: the account the link points to starts with the name, letters and
    digits compared (`GPT-5.2-Codex` linking x.com/OpenAI does not)."""
    if handle is None:
        return False
    letters = _letters(name)  # `Z.ai` → zai (@Zai_org)
    return len(letters) >= 2 and _letters(handle).startswith(letters)


def _letters(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _names_the_site(name: str, host: str | None) -> bool:
    """`…-Salesforce` linking salesforce.com, `…-DeepSeek` linking api-docs.deepseek.com: the
    name is the site's own (its registered name, not a subdomain: `…-AI` linking ai.meta.com
    is not)."""
    if not host or host in _X_HOSTS:
        return False
    labels = host.split(".")
    if len(labels) < 2:
        return False
    # `example.com.cn`, `example.co.uk`: the name is before the two-part suffix
    two_part = len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2
    site = labels[-3] if two_part else labels[-2]
    letters = _letters(name)
    return len(letters) >= 3 and _letters(site) == letters


_SECOND_LEVEL = frozenset({"com", "co", "org", "net", "gov", "edu", "ac"})


def split_site(author: str | None) -> tuple[str | None, str | None]:
    if not author:
        return author, None
    match = _SITE_SUFFIX.match(author)
    if not match:
        return author, None
    return match.group("name").strip(), match.group("site").strip()


def url_parts(url: str | None) -> tuple[str | None, str | None, str | None]:
    if not url:
        return None, None, None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None, None, None
    host = host[4:] if host.startswith("www.") else host
    handle = status_id = None
    if host in _X_HOSTS:
        segments = [s for s in parts.path.split("/") if s]
        if segments and segments[0].lower() not in _NOT_HANDLES:
            handle = segments[0]
        if len(segments) >= 3 and segments[1] == "status" and segments[2].isdigit():
            status_id = segments[2]
    return host or None, handle, status_id


def _is_source_name(inline: Inline, link: Link) -> bool:
    return is_generic_link_text(link.text_in(inline), url_parts(link.href)[1])


# ---------------------------------------------------------------- one block's text


@dataclass
class _Text:
    """A block's inline text with source links taken out: what is left, and what was taken."""

    inline: Inline
    cut: list[tuple[int, int]] = field(default_factory=list)
    source_links: list[Link] = field(default_factory=list)

    def piece(self, start: int, end: int | None = None) -> str:
        end = len(self.inline.text) if end is None else end
        text = self.inline.text
        kept, position = [], start
        for a, b in sorted(self.cut):
            if b <= start or a >= end:
                continue
            kept.append(text[position : max(a, position)])
            position = max(position, b)
        kept.append(text[position:end])
        return _tidy("".join(kept))

    def label(self) -> str | None:
        """The first source link's text, unless it is the bare url itself, which names nothing."""
        for link in self.source_links:
            return None if link.bare else link.text_in(self.inline)
        return None


def _tidy(text: str) -> str:
    """Punctuation left dangling where a link was taken out: `，。` → `。`, `()` → ``."""
    text = re.sub(r"[(（\[【]\s*[)）\]】]", "", text)
    text = re.sub(r"[|｜]\s*(?=[|｜])", "", text)  # a table cell that held only the link
    text = re.sub(r"[，,；;：:、]\s*(?=[。！？!?.])", "", text)
    text = re.sub(r"\s+(?=[。！？!?，,；;])", "", text)
    text = re.sub(r"[，,；;：:、|｜·]\s*$", "", text.rstrip())
    while text and is_symbol(text[-1]):  # `👉` that pointed at a link taken out
        text = text[:-1]
    return clean_text(text)


def _text_before(inline: Inline, link: Link) -> str:
    return inline.text[: link.start].replace("**", "")


def _text_after(inline: Inline, link: Link) -> str:
    return inline.text[link.end :].replace("**", "")


def _trails_apart(before: str, after: str) -> bool:
    """A link that ends the block after a space, not as the object of the sentence:
    `OpenAI 发布 GPT-6 [原文](…)`, but not `Read the [paper](…)` or `详见[博客](…)。`."""
    if after or not before.endswith((" ", "\t")) or not before.strip():
        return False
    last_word = before.split()[-1]
    return last_word.lower() not in english_function_words()


def _remove_source_links(inline: Inline, skip: Link | None = None) -> _Text:
    """Take out links that name a source instead of saying what happened.

    A generic text (`来源`, `Source`, `@handle`, a URL) standing apart from the
    sentence (after punctuation, in brackets, at the end), or any short link that
    comes after the last sentence (with an optional `label：` before it).
    """
    result = _Text(inline)
    text = inline.text
    for link in inline.links:
        if link is skip or link.anchor:
            continue
        before, after = _text_before(inline, link), _text_after(inline, link)
        start, end = link.start, link.end
        # Bold around the link belongs to it.
        while start >= 2 and text[start - 2 : start] == "**":
            start -= 2
        while text[end : end + 2] == "**":
            end += 2
        stripped_before = text[:start].rstrip()
        while stripped_before and is_symbol(stripped_before[-1]):  # `。👉 https://…`
            stripped_before = stripped_before[:-1].rstrip()
        closes = text[end:].lstrip()[:1] in _CLOSERS
        wrapped = bool(stripped_before) and stripped_before[-1] in _OPENERS and closes
        # `(via [The Verge](…))`, `（来源：[量子位](…)）` at the end: an attribution in brackets.
        attribution = _ATTRIBUTION.search(text[:start]) if closes else None
        attributed = bool(attribution) and not any(ch.isalnum() for ch in text[end:].lstrip()[1:])
        if attributed:
            wrapped, stripped_before = True, text[: attribution.start() + 1]
        if link.image:
            result.cut.append((start, end))
            continue
        after_rest = after.strip()
        at_end = all(not ch.isalnum() for ch in after_rest)
        apart = not stripped_before.replace("**", "") or stripped_before[-1] in (
            _SEPARATORS + _TERMINATORS + _OPENERS
        )
        label = _LABEL_BEFORE_LINK.search(text[:start])
        last_sentence_done = (
            not before.strip()
            or before.rstrip()[-1] in _TERMINATORS + _CLOSERS
            or label is not None
        )
        short = display_width(link.text_in(inline)) <= 24
        generic = _is_source_name(inline, link)
        if (
            (generic and (apart or wrapped or _trails_apart(before, after_rest)))
            or (at_end and short and last_sentence_done)
            or (attributed and short)
        ):
            cut_start = label.start() if label is not None and at_end else start
            if wrapped:
                opener = len(stripped_before) - 1
                closer = end + (len(text[end:]) - len(text[end:].lstrip()))
                cut_start, end = min(cut_start, opener), closer + 1
            result.cut.append((cut_start, end))
            result.source_links.append(link)
    return result


# ---------------------------------------------------------------- headline rules


def _cut_headline(text: str) -> tuple[str, str]:
    """Headline and rest from running text: the first sentence, or its first clauses if long."""
    match = _SENTENCE_END.search(text)
    sentence, rest = (text[: match.start()], text[match.end() :]) if match else (text, "")
    if display_width(sentence) <= HEADLINE_WIDTH:
        return sentence.strip(), rest.strip()
    for clause in _CLAUSE_END.finditer(sentence):
        head = sentence[: clause.start()]
        if display_width(head) >= _MIN_CLAUSE_WIDTH:
            if display_width(head) <= HEADLINE_WIDTH:
                return head.strip(), text[clause.end() :].strip()
            break
    if display_width(sentence) <= _LONG_SENTENCE_WIDTH:
        return sentence.strip(), rest.strip()
    # No clause to cut at: cut at the last space (or character) within the width.
    width, cut = 0, len(sentence)
    for index, ch in enumerate(sentence):
        width += display_width(ch)
        if width > HEADLINE_WIDTH:
            cut = index
            break
    space = sentence.rfind(" ", 0, cut)
    cut = space if space > cut // 2 else cut
    return sentence[:cut].strip(), text[cut:].strip()


def _strip_number(text: str) -> str:
    return _LEAD_NUMBER.sub("", strip_leading_symbols_text(text), count=1)


def _lead_start(inline: Inline) -> int:
    """Where the text starts after emoji, an item number and spaces."""
    text = inline.text
    index = 0
    while index < len(text) and is_symbol(text[index]) and text[index] != "*":
        index += 1
    number = _LEAD_NUMBER.match(text[index:])
    if number:
        index += number.end()
        while index < len(text) and is_symbol(text[index]) and text[index] != "*":
            index += 1
    return index


@dataclass
class _Head:
    headline: str
    author_allowed: bool  # the headline is a title (link text, bold, heading), not a sentence
    url_link: Link | None
    rest: str
    source_label: str | None
    source_links: list[Link]


def read_head(inline: Inline) -> _Head:
    """Headline, url link and the rest of an item's first block."""
    text = inline.text
    start = _lead_start(inline)
    lead_text = text[start:]
    bold_open = lead_text.startswith("**")
    link_at = start + (2 if bold_open else 0)
    lead = next(
        (lk for lk in inline.links if lk.start == link_at and not lk.anchor and not lk.image),
        None,
    )
    if lead is not None and not _is_source_name(inline, lead):
        body = _remove_source_links(inline, skip=lead)
        after = lead.end
        while text[after : after + 2] == "**":
            after += 2
        rest_raw = body.piece(after)
        label = None
        meta = re.match(r"^\s*[(（]([^()（）]{1,60})[)）]\s*", rest_raw)
        # `[title](url) - 量子位` with the summary on the lines below: the dash ends its line
        line_end = next((at for at in inline.soft_breaks if at >= after), None)
        named = _trailing_source(rest_raw if line_end is None else body.piece(after, line_end))
        if meta:
            label = meta.group(1).strip()
            rest_raw = rest_raw[meta.end() :]
        elif named:
            label, rest_raw = named, "" if line_end is None else body.piece(line_end)
        rest = _strip_separators(rest_raw)
        if label is None:
            label = body.label()
        # A rest that is only more links (`[镜像](…)`) is extra links, not a summary.
        rest_links = [
            lk for lk in inline.links if lk.start >= after and lk not in body.source_links
        ]
        link_chars = sum(content_chars(lk.text_in(inline)) for lk in rest_links)
        if rest and link_chars >= content_chars(rest):
            rest = ""
        return _Head(lead.text_in(inline), True, lead, rest, label, body.source_links)
    body = _remove_source_links(inline)
    label = body.label()
    bold = re.match(r"\*\*(?P<bold>[^*]+?)\*\*", lead_text)
    if bold:
        following = text[start + bold.end() :]
        stands_apart = (
            not following.strip()
            or following.lstrip(" \t")[:1] == "\n"
            or _line_ends_at(inline, start + bold.end())
            or following.lstrip()[:1] in ":：|｜—–-"
            or (
                following[:1] in " \n"
                and following.strip()[:1] == "["
                and following.strip()[1:2] != "!"
            )
        )
        if stands_apart and content_chars(bold.group("bold")):
            rest = _strip_separators(body.piece(start + bold.end()))
            url = _first_http(inline, body)
            return _Head(clean_text(bold.group("bold")), True, url, rest, label, body.source_links)
    running = _strip_separators(body.piece(start))
    headline, rest = _cut_headline(running)
    first_line = _first_line(inline, start)
    if first_line and len(first_line) < len(headline) and _stands_as_title(first_line):
        headline, rest = first_line, running[len(first_line) :].strip()
    headline = headline.rstrip("。.!！?？;；,，:： ")
    return _Head(headline, False, _first_http(inline, body), rest, label, body.source_links)


# `[title](url) - The Verge`, `[title](url) — techcrunch.com`: a publication's name
# (`is_publication`) after a dash is where the link comes from, not a summary.
_TRAILING_DASH = re.compile(r"^\s*(?:-|–|—|——|\|)\s*(?P<name>[^\n]{1,40}?)\s*$")


def _trailing_source(rest: str) -> str | None:
    named = _TRAILING_DASH.match(rest)
    return named.group("name") if named and is_publication(named.group("name")) else None


def _first_line(inline: Inline, start: int) -> str | None:
    """The text from `start` to the first soft line break, when the next line starts anew:
    not with a lowercase Latin letter (`Anthropic released Claude 5 on Tuesday` / `with
    better coding…` is one sentence, wrapped) and not after a short lowercase word or an
    English function word (`the`, `its`, `alongside`)."""
    breaks = [at for at in inline.soft_breaks if at > start]
    if not breaks:
        return None
    line = inline.text[start : breaks[0]].strip()
    last_word = re.search(r"(?:^|\s)([a-z]+)$", line)
    if _continues_line(inline, breaks[0]) or (
        last_word
        and (len(last_word.group(1)) <= 3 or last_word.group(1) in english_function_words())
    ):
        return None
    return line


def _continues_line(inline: Inline, at: int) -> bool:
    """The line after the break at `at` goes on with the sentence: it starts in lower case."""
    following = inline.text[at:].lstrip().replace("**", "")
    return following[:1].isascii() and following[:1].islower()


_TITLE_LINE_WIDTH = 60  # narrower than the 72-80 columns a hard-wrapped paragraph fills


def _stands_as_title(line: str) -> bool:
    """A short line that reads as a title: no sentence end or clause break at its end."""
    return (
        content_chars(line) >= 4
        and display_width(line) <= _TITLE_LINE_WIDTH
        and line[-1] not in "，,、；;：:-—–(（"
        and not _SENTENCE_END.search(line)
        and "**" not in line
    )


def _line_ends_at(inline: Inline, offset: int) -> bool:
    """The source line ends at `offset`, give or take spaces (a soft line break follows)."""
    text = inline.text
    gap = len(text[offset:]) - len(text[offset:].lstrip(" \t"))
    return any(
        offset <= at <= offset + gap and not _continues_line(inline, at)
        for at in inline.soft_breaks
    )


def _strip_separators(text: str) -> str:
    return text.lstrip(_SEPARATORS).strip()


def _first_http(inline: Inline, body: _Text) -> Link | None:
    """The item's link: the one naming its source, else the first real link."""
    for link in body.source_links:
        if not link.image:
            return link
    return next((lk for lk in inline.links if not lk.anchor and not lk.image), None) or next(
        (lk for lk in inline.links if not lk.anchor and not lk.text_in(inline)), None
    )


# ---------------------------------------------------------------- block shapes


def is_anchor_only(block: MdBlock) -> bool:
    inline = block.inline
    if inline is None or not inline.links or not all(lk.anchor for lk in inline.links):
        return False
    linked = sum(content_chars(lk.text_in(inline)) for lk in inline.links)
    return linked * 2 >= block.chars


def links_only(block: MdBlock) -> bool:
    """Nothing but links (and a few words between them): navigation, reference lists."""
    inline = block.inline
    if inline is None or not inline.links:
        return False
    linked = sum(content_chars(lk.text_in(inline)) for lk in inline.links)
    other = block.chars - linked
    return other <= 2 or (len(inline.links) >= 2 and other <= 8 and other * 2 < linked)


_ROW_SEPARATOR = re.compile(r"\s[|｜·•/]\s")


def is_navigation(block: MdBlock) -> bool:
    """A row of short links (`首页 | 往期 | RSS`)."""
    links = block.http_links()
    if block.entries and not _ROW_SEPARATOR.search(block.text):
        return False  # `- [headline](a)[mirror](b)`: an item with an extra link
    return (
        len(links) >= 2
        and links_only(block)
        and all(display_width(lk.text_in(block.inline)) <= 20 for lk in links)
    )


def meta_line(block: MdBlock) -> tuple[str | None, str | None] | None:
    """`GitHub · karpathy · 2025-12-21` → (author, platform); None when the block is not one."""
    segments = [s.strip() for s in _META_SEPARATORS.split(block.text) if s.strip()]
    if not 2 <= len(segments) <= 4 or "\n" in block.text or display_width(block.text) > 80:
        return None
    if any(ch in "。，；！？" for ch in block.text):
        return None
    dated = [s for s in segments if _DATE_SEGMENT.match(s)]
    if not dated and not any(s.startswith("@") for s in segments):
        return None
    names = [_META_LABEL.sub("", s) for s in segments if s not in dated]
    if len(names) >= 2:
        return names[1], names[0]
    return (names[0], None) if names else (None, None)


def tag_line(block: MdBlock) -> list[str] | None:
    """`**标签**: `#LLM` `#训练`` or `Tags: #a #b` → the tags."""
    inline = block.inline
    if inline is None or inline.links:
        return None
    match = _TAG_LINE.match(inline.text)
    if not match:
        return None
    raw = match.group("tags")
    if "#" not in raw and "`" not in inline.source:
        return None
    tags = [t.strip("`") for t in _TAG.findall(raw.replace("**", ""))]
    tags = [t for t in tags if t]
    return tags or None


_MARKER_LEAD = 16  # a marker this close to the start labels the block (`📢 广告 |`, `订阅：`)
_SHORT_BLOCK = 80


def _boilerplate_block(block: MdBlock) -> str | None:
    """`promo` or `footer` for an ad, a subscription or voice-version note outside an item.

    A block led by a headline (a link or bold text longer than the marker) is news that
    mentions the word (`苹果启动招聘`); otherwise a quoted block, a marker in the lead, or a
    short loose paragraph carrying one is boilerplate.
    """
    marker = boilerplate_marker(block.text)
    if marker is None or block.inline is None:
        return None
    kind, match = marker
    head = read_head(block.inline)
    if head.author_allowed and content_chars(head.headline) > content_chars(match.group()) + 4:
        return None
    if block.quoted or match.start() < _MARKER_LEAD:
        return kind
    if not block.entries and block.chars <= _SHORT_BLOCK:
        return kind
    return None


_LABEL_CHARS = 30
# Item kinds whose headline stands alone, the paragraphs below it being the summary: a
# heading, or a bold or short title line.
_TITLED = ("heading", "title")
_BOLD_LINE = re.compile(r"^\*\*[^*]+\*\*\s*[:：]?$")


def _fold_headline(text: str) -> str:
    return "".join(ch.lower() for ch in split_author(text)[0] if ch.isalnum())


def _label_entries(blocks: list[MdBlock]) -> set[int]:
    """Top-level entries that only label nested linked entries (`- **#general**` + sub-bullets)."""
    first: dict[int, MdBlock] = {}
    with_linked_children: set[int] = set()
    for block in blocks:
        if not block.entries:
            continue
        top = block.entries[0].entry_id
        if len(block.entries) == 1 and block.first_in_entry and not block.entries[0].ordered:
            first[top] = block
        elif (
            len(block.entries) == 2
            and block.first_in_entry
            and block.http_links()
            and not links_only(block)  # `- [论文](…)` under a headline is its reference list
        ):
            with_linked_children.add(top)
    return {
        entry_id
        for entry_id in with_linked_children
        if entry_id in first
        and not first[entry_id].http_links()
        and first[entry_id].chars <= _LABEL_CHARS
    }


def section_name(block: MdBlock) -> str:
    return _strip_number(block.text).rstrip(":： ").strip()


# ---------------------------------------------------------------- items


@dataclass
class _Builder:
    line: int
    kind: str  # list, heading, paragraph
    section: str | None
    entry_id: int | None
    headline: str = ""
    author_allowed: bool = False
    url: str | None = None
    source_label: str | None = None
    author: str | None = None
    author_site: str | None = None
    tags: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    bold_sources: list[str] = field(default_factory=list)
    read_texts: list[str] = field(default_factory=list)  # every block text it consumed
    block_indexes: list[int] = field(default_factory=list)
    section_index: int | None = None  # the heading block its section came from
    # A numbered entry without a link among linked ones: a broken link, unless the entry's
    # body brings the item its url.
    expects_link: bool = False
    summary_parts: list[tuple[str, bool]] = field(default_factory=list)

    def add_summary(self, text: str, code: bool = False) -> None:
        if text:
            self.summary_parts.append((text, code))

    def take(self, index: int, inline: Inline, text: str) -> None:
        self.bold_sources.append(inline.source)
        self.read_texts.append(text)
        self.block_indexes.append(index)


def _link_urls(inline: Inline) -> list[str]:
    return [lk.href for lk in inline.links if not lk.anchor]


class ItemReader:
    def __init__(self, blocks: list[MdBlock], problem, safe_url) -> None:
        self.blocks = blocks
        self.problem = problem
        self.safe_url = safe_url
        self.builders: list[_Builder] = []
        self.fates: dict[int, str] = {}  # block index → why it is not an item's
        self.sections_used: dict[int, str] = {}  # heading block index → section name
        self.label_entries = _label_entries(blocks)
        self.list_has_links: dict[int, bool] = {}
        self.item_ends: set[int] = set()  # blocks after which the current item ends
        for block in blocks:
            entry = self.item_entry(block)
            if entry is not None and block.http_links():
                self.list_has_links[entry.list_id] = True

    def item_entry(self, block: MdBlock) -> Entry | None:
        """The list entry an item would start at: the top one, or the one under a label entry."""
        if not block.entries:
            return None
        top = block.entries[0]
        if top.entry_id in self.label_entries and len(block.entries) >= 2:
            return block.entries[1]
        return top

    def _starts_entry(self, block: MdBlock) -> bool:
        """The first block of the entry an item would start at."""
        entry = self.item_entry(block)
        return entry is not None and block.first_in_entry and block.entries[-1] is entry

    # -- headings

    def _heading_body(self, index: int) -> list[MdBlock]:
        level = self.blocks[index].level
        body = []
        for block in self.blocks[index + 1 :]:
            if block.kind == "heading" and block.level <= level:
                break
            body.append(block)
        return body

    def _heading_role(self, index: int) -> str:
        heading = self.blocks[index]
        body = self._heading_body(index)
        if heading.level > 1 and heading.http_links():
            return "item"
        starts = 0
        linked_paragraphs = 0
        link_lines = 0
        has_structure = False
        for block in body:
            if block.kind == "heading" and (block.http_links() or ITEM_NUMBER.match(block.text)):
                starts += 1
            elif block.top_entry is not None:
                has_structure = True
                if (
                    self._starts_entry(block)
                    and not is_anchor_only(block)
                    and (block.http_links() or self.item_entry(block).ordered)
                ):
                    starts += 1
            elif block.kind == "paragraph" and block.http_links():
                if links_only(block):
                    link_lines += 1  # `[Read more →](…)` under a headline
                else:
                    linked_paragraphs += 1
        numbered = ITEM_NUMBER.match(heading.text) is not None
        # Paragraphs with links are items of their own only under a plain heading; under
        # `### 3. 标题` they are the item's summary.
        if starts or (linked_paragraphs >= 2 and not numbered):
            return "section"
        if heading.level == 1:
            return "section"
        if numbered:
            return "item"
        if not has_structure and (linked_paragraphs == 1 or (link_lines and not linked_paragraphs)):
            return "item"
        return "section"

    def _is_pseudo_heading(self, index: int) -> bool:
        block = self.blocks[index]
        if block.kind != "paragraph" or block.http_links() or block.quoted:
            return False
        entry = block.entries[0] if block.entries else None
        if entry is not None:
            return (
                entry.entry_id in self.label_entries
                and block.first_in_entry
                and len(block.entries) == 1
            )
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        return (
            _BOLD_LINE.match(block.inline.text.strip()) is not None
            and block.chars <= _LABEL_CHARS
            and following is not None
            and bool(following.entries)
        )

    # -- the walk

    def read(self) -> list[_Builder]:
        current: _Builder | None = None
        section: str | None = None
        section_index: int | None = None
        boiler: tuple[int, str] | None = None  # (heading level, kind) of a boilerplate part
        title_seen = False
        for index, block in enumerate(self.blocks):
            if block.kind == "heading":
                current = None
                if boiler is not None and block.level > boiler[0]:
                    self.fates[index] = boiler[1]
                    continue
                boiler = None
                before_items = not self.builders
                if block.level == 1 and not title_seen and before_items:
                    title_seen = True
                    self.fates[index] = "title"
                    continue
                if (
                    before_items
                    and not block.http_links()
                    and date_from_text(block.text, UTC)
                    and self._heading_role(index) != "item"
                ):
                    self.fates[index] = "title"
                    continue
                marker = boilerplate_marker(block.text)
                # `## 💼 Sponsor`, `## 招聘`: the marker is the heading; `## 广告与营销趋势` is news.
                if (
                    marker
                    and not block.http_links()
                    and content_chars(marker[1].group()) * 2 >= block.chars
                ):
                    boiler = (block.level, marker[0])
                    self.fates[index] = marker[0]
                    continue
                role = self._heading_role(index)
                if role == "item":
                    current = self._start(index, block, "heading", section, section_index)
                else:
                    section, section_index = section_name(block) or None, index
                    self.fates[index] = "heading"
                continue
            if boiler is not None:
                self.fates[index] = boiler[1]
                continue
            if self._is_pseudo_heading(index):
                # `**模型发布**` above a list, or the `- **#general**` entry over nested items
                current = None
                section, section_index = section_name(block).strip("*").strip() or None, index
                self.fates[index] = "heading"
                continue
            if block.kind == "hr":
                current = None
                continue
            if block.kind == "table_header":
                current = None
                self.fates[index] = "table header"
                continue
            if block.kind == "fence" or (
                block.kind == "code" and not block.entries and current is None
            ):
                in_item = current is not None and (
                    current.kind in _TITLED
                    or (
                        self.item_entry(block) is not None
                        and self.item_entry(block).entry_id == current.entry_id
                    )
                )
                if in_item and block.code.strip():
                    current.add_summary(block.code.strip(), code=True)
                else:
                    self.fates[index] = "code"
                continue
            if block.kind == "code":
                if current is None or not block.code.strip():
                    self.fates[index] = "code"
                    continue
                # `10.  [title](url)` puts the list content at column 5, so a summary
                # indented by 4 spaces falls out of the item as an indented code block.
                for token in MARKDOWN.parseInline(block.code.strip()):
                    inline = read_inline(token)
                    self._add_body(
                        current,
                        MdBlock(
                            "paragraph",
                            block.line,
                            block.end_line,
                            inline=inline,
                            text=clean_text(inline.text),
                        ),
                        index,
                    )
                continue
            if self._is_title_paragraph(index, current):
                current = self._start(index, block, "title", section, section_index)
                continue
            current = self._paragraph(index, block, current, section, section_index)
            if index in self.item_ends:
                current = None
        return self.builders

    def _is_title_paragraph(self, index: int, current: _Builder | None) -> bool:
        """A paragraph that is an item's headline, its summary in the paragraphs below, as
        under a heading:

        * `**1. OpenAI 发布 GPT-6**`, one bold span. Bold lines over several linked paragraphs
          that each lead with their own headline are a section instead;
        * `🔥 OpenAI 发布 GPT-6`, a short line without punctuation, when the paragraphs below
          end in a line of links only (`🔗 https://…`, `[原文](…)`), where the item ends.

        Inside a heading's item neither starts an item (`**要点**` is part of it), inside a
        linked paragraph's item only a numbered bold line does, and a short line starts one
        only outside any item.
        """
        block = self.blocks[index]
        if (
            (current is not None and current.kind == "heading")
            or block.kind != "paragraph"
            or block.entries
            or block.quoted
            or block.http_links()
            or block.inline is None
            or _boilerplate_block(block)
        ):
            return False
        bold = self._bold_line(block)
        if not bold and current is not None:
            return False
        if (
            bold
            and current is not None
            and current.kind == "paragraph"
            and not ITEM_NUMBER.match(block.inline.plain(_lead_start(block.inline)))
        ):
            return False  # `**亮点**` under a linked paragraph's item labels part of it
        if not bold and not _stands_as_title(block.inline.plain(_lead_start(block.inline))):
            return False
        body: list[int] = []
        for at in range(index + 1, len(self.blocks)):
            following = self.blocks[at]
            if following.kind != "paragraph" or following.entries or self._bold_line(following):
                break
            body.append(at)
            if not bold and links_only(following):
                break
        if not any(self.blocks[at].chars for at in body):
            return False
        if not bold:
            last = self.blocks[body[-1]]
            if not links_only(last) or len(body) < 2 or _boilerplate_block(last):
                return False  # `[往期回顾](…)` under an intro is navigation, not a post's source
            if any(self._leads_with_link(self.blocks[at]) for at in body[:-1]):
                return False  # an intro line over linked paragraphs, each an item of its own
            self.item_ends.add(body[-1])
            return True
        if _LEAD_NUMBER.match(strip_leading_symbols_text(clean_text(block.inline.text))):
            return True  # `**1. 标题**`, `**1️⃣ 标题**`: numbered, the blocks below are its body
        if any(self._leads_with_link(self.blocks[at]) for at in body):
            return False
        # A bold label over an intro paragraph and then a list (or another label over a list)
        # is a section: `**Models**` / `This week was busy.` / `- [GPT-6](…)`.
        after = body[-1] + 1
        if after < len(self.blocks) and self._bold_line(self.blocks[after]):
            after += 1
        if after < len(self.blocks) and self.blocks[after].entries:
            return False
        self.item_ends.add(body[-1])
        return True

    @staticmethod
    def _leads_with_link(block: MdBlock) -> bool:
        inline = block.inline
        if inline is None:
            return False
        lead = _lead_start(inline)
        return any(lk.start in (lead, lead + 2) and not lk.anchor for lk in inline.links)

    @staticmethod
    def _bold_line(block: MdBlock) -> bool:
        return (
            block.inline is not None
            and _BOLD_LINE.match(block.inline.text[_lead_start(block.inline) :].strip()) is not None
        )

    def _paragraph(self, index, block, current, section, section_index):
        entry = self.item_entry(block)
        if block.chars == 0 and not block.http_links():
            return current
        if entry is not None and current is not None and current.entry_id == entry.entry_id:
            self._add_body(current, block, index)
            return current
        if current is not None and current.kind in _TITLED:
            kind = _boilerplate_block(block) if self._bold_line(block) else None
            if kind:  # `**📬 订阅我们**` after the last item starts the footer
                self.fates[index] = kind
                return None
            if is_anchor_only(block):
                self.fates[index] = "table of contents"
                return current
            self._add_body(current, block, index)
            return current
        if is_anchor_only(block):
            self.fates[index] = "table of contents"
            return None
        if is_navigation(block):
            self.fates[index] = "navigation"
            return None
        kind = _boilerplate_block(block)
        if kind:
            self.fates[index] = kind
            return None
        if entry is not None:
            if not self._starts_entry(block):
                self.fates[index] = "text"
                return current
            has_link = bool(block.http_links())
            if block.chars == 0 and not has_link:
                return current
            substantial = content_chars(block.text) >= 20
            if has_link or entry.ordered or self.list_has_links.get(entry.list_id) or substantial:
                builder = self._start(index, block, "list", section, section_index)
                builder.expects_link = (
                    not has_link and entry.ordered and bool(self.list_has_links.get(entry.list_id))
                )
                return builder
            self.fates[index] = "text"
            return current
        # A paragraph outside lists. A bare url in it (`See https://… for older issues.`) does
        # not make it news; chat-channel posts with bare urls are read by _is_title_paragraph.
        leads = block.inline is not None and block.inline.text[
            _lead_start(block.inline) :
        ].startswith(("**", "["))
        links = block.http_links() if leads else block.written_links()
        has_link = bool(links) and not links_only(block)
        if has_link and (current is None or current.kind == "paragraph" or leads):
            return self._start(index, block, "paragraph", section, section_index)
        if current is not None and block.chars:
            # A loose paragraph after a list item continues it; a bare image (a banner, a
            # QR code) after the list does not.
            self._add_body(current, block, index)
            return current
        self.fates[index] = "text"
        return None

    def _start(self, index, block, kind, section, section_index) -> _Builder:
        inline = block.inline
        head = read_head(inline)
        entry = self.item_entry(block)
        builder = _Builder(
            entry.line if kind == "list" and entry else block.line,
            kind,
            section,
            entry.entry_id if entry and kind == "list" else None,
        )
        if section_index is not None and section:
            builder.section_index = section_index
        headline = (
            _strip_number(head.headline)
            if kind in _TITLED or head.author_allowed
            else head.headline
        )
        builder.headline = headline
        builder.author_allowed = head.author_allowed
        builder.url = head.url_link.href if head.url_link else None
        builder.source_label = head.source_label
        builder.urls.extend(_link_urls(inline))
        builder.take(index, inline, block.text)
        builder.add_summary(head.rest)
        self.builders.append(builder)
        return builder

    def _add_body(self, builder: _Builder, block: MdBlock, index: int) -> None:
        inline = block.inline
        if inline is None:
            return
        builder.urls.extend(_link_urls(inline))
        if block.chars == 0:
            return
        if block.label:
            self.fates[index] = "label"
            return
        if links_only(block):
            if builder.url is None:
                link = _first_http(inline, _Text(inline))
                builder.url = link.href if link else None
            if all(lk.bare for lk in inline.links):
                builder.take(index, inline, block.text)  # `🔗 https://…`: all of it is the url
            else:
                self.fates[index] = "links only"
            return
        tags = tag_line(block)
        if tags:
            builder.tags.extend(t for t in tags if t not in builder.tags)
            builder.take(index, inline, block.text)
            return
        meta = meta_line(block) if builder.author is None else None
        if meta is not None:
            builder.author, builder.author_site = meta
            builder.take(index, inline, block.text)
            return
        body = _remove_source_links(inline)
        if builder.source_label is None:
            builder.source_label = body.label()
        if builder.url is None:
            link = _first_http(inline, body)
            builder.url = link.href if link else None
        builder.take(index, inline, block.text)
        builder.add_summary(
            _strip_separators(body.piece(0)) if block.first_in_entry else body.piece(0)
        )

    # -- results

    def _drop_contents_lists(self) -> None:
        """Entries without a link that repeat a linked item's headline are a table of contents
        (`1. OpenAI 发布 GPT-5` at the top, the item with its link below)."""
        linked = [_fold_headline(b.headline) for b in self.builders if b.url]
        unlinked = sum(1 for b in self.builders if b.url is None)
        if not linked or not unlinked or len(linked) * unlinked > 1_000_000:
            return  # nothing to compare, or a pathological file: quadratic work
        kept = []
        for builder in self.builders:
            folded = _fold_headline(builder.headline)
            repeats = (
                builder.url is None
                and len(folded) >= 6
                and any(folded in other or other in folded for other in linked if len(other) >= 6)
            )
            if repeats:
                for index in builder.block_indexes:
                    self.fates[index] = "table of contents"
            else:
                kept.append(builder)
        self.builders = kept

    def items(self, blocks_text_total: int) -> tuple[list[Item], Coverage]:
        self._drop_contents_lists()
        self.sections_used = {
            b.section_index: b.section
            for b in self.builders
            if b.section_index is not None and b.section
        }
        items: list[Item] = []
        kept = 0
        for position, builder in enumerate(self.builders, start=1):
            item = self._build(position, builder)
            items.append(item)
            stored = Counter(
                filter(
                    str.isalnum,
                    "".join(
                        (
                            item.headline,
                            *[t for t, code in builder.summary_parts if not code],
                            item.author or "",
                            item.author_site or "",
                            item.source_label or "",
                            *item.tags,
                            # a bare `https://…` is text that reached the item as a link target
                            *builder.urls,
                        )
                    ),
                )
            )
            read = Counter(filter(str.isalnum, "".join(builder.read_texts)))
            kept += sum(min(count, read[ch]) for ch, count in stored.items())
        kept += sum(content_chars(name) for name in self.sections_used.values())
        unkept = []
        for index, block in enumerate(self.blocks):
            kind = self.fates.get(index)
            if kind is None:
                continue
            if kind == "heading" and index in self.sections_used:
                continue
            text = block.code.strip() if block.kind in ("code", "fence") else block.text
            if not text:
                continue
            counted = 0 if kind in ("title", "date") else block.chars
            unkept.append(Block(block.line, block.end_line, kind, text, counted))
        return items, Coverage(min(kept, blocks_text_total), blocks_text_total, unkept)

    def _build(self, position: int, builder: _Builder) -> Item:
        url = self.safe_url(builder.url, builder.line)
        if builder.expects_link and url is None:
            self.problem(
                builder.line,
                "numbered list entry has no link (is its link broken?); "
                "kept as an item without a url",
                "warning",
            )
        host, handle, status_id = url_parts(url)
        headline, author = builder.headline, None
        if builder.author_allowed:
            headline, author = split_author(headline, handle, host)
        author, author_site = split_site(author)
        if builder.author is not None:
            author, author_site = builder.author, builder.author_site or author_site
        extra: dict[str, None] = {}
        for candidate in builder.urls:
            safe = self.safe_url(candidate, builder.line)
            if safe and safe != url:
                extra.setdefault(safe)
        bold: dict[str, None] = {}
        for source in builder.bold_sources:
            for match in _BOLD.finditer(source):
                term = " ".join(unwrap_cjk(match.group(1)).split()).strip(_QUOTES).strip()
                # As written, links and all: enrichment strips markup (and the gold sets
                # in benchmarks/gold_real.py mirror exactly this).
                if term:
                    bold.setdefault(term)
        if not headline:
            self.problem(builder.line, "item has an empty headline", "warning")
        summary = "\n".join(text for text, _ in builder.summary_parts)
        return Item(
            position,
            headline,
            author,
            author_site,
            url,
            host,
            handle,
            status_id,
            list(extra),
            summary,
            list(bold),
            builder.line,
            builder.section,
            builder.source_label,
            list(builder.tags),
        )

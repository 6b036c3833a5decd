"""Digest markdown → Digest and Item records. Pure and total.

Libraries: python-frontmatter splits and loads the front matter (YAML `---`,
TOML `+++` through a tomllib handler); markdown-it-py tokenizes the body, and
its block map gives every item its source line. Bold terms are found on the
raw inline source instead of markdown-it's emphasis tokens, because
CommonMark's flanking rules do not open or close `**` next to CJK punctuation
(`向**“做什么”**，` stays literal), which real digests do all the time.
"""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime, time
from pathlib import PurePath
from urllib.parse import urlsplit

import frontmatter
import yaml
from frontmatter.default_handlers import BaseHandler, YAMLHandler
from markdown_it import MarkdownIt
from markdown_it.token import Token

from analysis.ingest.decoding import decode_bytes_noting
from analysis.records import Digest, Item, ParseResult, Problem
from analysis.timezones import parse_tz


class _TomlHandler(BaseHandler):
    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> dict:
        return tomllib.loads(fm)


class _YamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, except that an impossible timestamp (`2026-13-45`) stays text.

    The stock loader raises on it and the whole front matter is lost; as text it
    becomes an invalid date with the documented fallback (title, file name).
    """


def _timestamp_or_text(loader, node):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


class _YamlHandler(YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> object:
        return yaml.load(fm, Loader=_YamlLoader)  # safe: _YamlLoader is a SafeLoader subclass


_FRONT_MATTER_HANDLERS = [_YamlHandler(), _TomlHandler()]
# Front-matter values that read as text; lists and mappings do not (and may be
# YAML alias bombs whose str() would be gigabytes).
_SCALARS = (str, int, float, date, time)
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")

# The commonmark preset with raw HTML off: `<script>` in a digest stays text.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})
# Accept every link target so an item with a `javascript:` link is still
# recognised as an item; the scheme is judged in `_safe_url`.
_MARKDOWN.validateLink = lambda url: True

_AUTHOR_SEPARATORS = "-－–—"
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_TITLE_STAMP = re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})\.(\d{1,2})")
_FILE_NAME_STAMP = re.compile(r"(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?:[-_.T]?(\d{2})(\d{2})?)?")
_SITE_SUFFIX = re.compile(r"^(?P<name>.+?)\s*[(（](?P<site>[^()（）]+)[)）]\s*$")
_SENTENCE_PUNCTUATION = set("，。：；！？、“”《》,;!?")
_QUOTES = "\"'“”‘’「」『』《》"
_ITEM_NUMBER = re.compile(r"^\s*\d{1,3}[.、)](?!\d)\s*")
_X_HOSTS = {"x.com", "twitter.com", "mobile.twitter.com", "mobile.x.com"}
_NOT_HANDLES = {"i", "home", "search", "intent", "share", "hashtag", "explore"}


def parse_digest(data: bytes | str, source_path: str, default_tz: str = "+08:00") -> ParseResult:
    """Parse one digest file. Never raises on content: problems are returned."""
    problems: list[Problem] = []

    def problem(line: int | None, reason: str, severity: str = "error") -> None:
        problems.append(Problem(source_path, line, reason, severity))

    if isinstance(data, bytes):
        text, encoding_or_reason, notes = decode_bytes_noting(data)
        if text is None:
            problem(None, encoding_or_reason)
            return ParseResult(None, [], problems)
        for note in notes:  # mixed encodings, a cut-off last character
            problem(None, note, "warning")
    else:
        # Text that did not come from bytes may hold lone surrogates, which no
        # encoder (hashing, the database) accepts.
        text = _LONE_SURROGATE.sub("\ufffd", data)
    # NUL becomes U+FFFD, as CommonMark does in the body, so front matter and
    # titles cannot carry it either.
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
    if not text.strip():
        problem(None, "empty file")
        return ParseResult(None, [], problems)

    meta, body, body_line_offset = _split_front_matter(text, problem)
    if meta is None:
        return ParseResult(None, [], problems)

    tzinfo = parse_tz(default_tz)
    if meta.get("title") is not None and not isinstance(meta.get("title"), _SCALARS):
        problem(1, "front-matter title is not text; ignored", "warning")
    title = _as_text(meta.get("title")) or _first_heading(body) or PurePath(source_path).stem
    published_at, date_source = _published_at(meta, title, source_path, tzinfo, problem)
    categories = _categories(meta.get("categories"), problem)
    items = _items(body, body_line_offset, source_path, problem)
    if not items:
        problem(
            None, "no news items found (expected a numbered or bulleted list of linked headlines)"
        )
    if published_at is None:
        return ParseResult(None, items, problems)
    # Other keys are kept when they are plain values or flat lists of them: a value
    # nested 500 levels deep cannot even be pickled back from a parser process.
    extra = {
        k: v
        for k, v in meta.items()
        if k not in {"title", "date", "categories"}
        and isinstance(k, str)
        and (
            isinstance(v, _SCALARS)
            or isinstance(v, list)
            and all(isinstance(e, _SCALARS) for e in v)
        )
    }
    digest = Digest(source_path, title, published_at, date_source, categories, extra)
    return ParseResult(digest, items, problems)


def _split_front_matter(text: str, problem) -> tuple[dict | None, str, int]:
    handler = frontmatter.detect_format(text, _FRONT_MATTER_HANDLERS)
    if handler is None:
        return {}, text, 0
    try:
        fm_text, body = handler.split(text)
    except ValueError:
        problem(1, "front matter is not closed (no second delimiter line)")
        return None, "", 0
    offset = text[: len(text) - len(body)].count("\n")
    try:
        meta = handler.load(fm_text) or {}
    except RecursionError:  # tomllib recurses once per nesting level
        problem(1, "front matter cannot be read: nested too deeply")
        return None, "", 0
    except Exception as exc:  # YAMLError, TOMLDecodeError, ValueError, …: keep the parser total
        problem(1, f"front matter cannot be read: {_one_line(exc)}")
        return None, "", 0
    if not isinstance(meta, dict):
        problem(1, "front matter is not a mapping of keys to values")
        return None, "", 0
    return meta, body, offset


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]


def _as_text(value: object) -> str:
    return str(value).strip() if isinstance(value, _SCALARS) else ""


def _describe(value: object) -> str:
    return str(value)[:60] if isinstance(value, _SCALARS) else f"<{type(value).__name__}>"


def _first_heading(body: str) -> str:
    for line in body.split("\n"):
        if line.startswith("# "):
            return line[2:].strip()
    return ""


def _published_at(
    meta: dict, title: str, source_path: str, tzinfo, problem
) -> tuple[datetime | None, str]:
    raw = meta.get("date")
    if raw is not None:
        parsed = _datetime_from_value(raw)
        if parsed is None:
            problem(
                1,
                f"front-matter date {_describe(raw)!r} is not a valid date; using the title or file name",
                "warning",
            )
        else:
            naive = parsed.tzinfo is None
            if naive:
                parsed = parsed.replace(tzinfo=tzinfo)
            if not _in_range(parsed):
                problem(
                    1,
                    f"front-matter date {_describe(raw)!r} is out of range; using the title or file name",
                    "warning",
                )
            else:
                if naive:
                    problem(1, f"front-matter date has no UTC offset; assumed {tzinfo}", "warning")
                return parsed, "front_matter"
    for source, text in (("title", title), ("file_name", PurePath(source_path).name)):
        stamp = _datetime_from_stamp(text, source, tzinfo)
        if stamp is not None:
            return stamp, source
    problem(
        None,
        "no date: front matter has no valid date, and neither the title nor the file name has a stamp",
    )
    return None, ""


def _datetime_from_value(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):  # a bare date
        return datetime.combine(value, time())
    if not isinstance(value, _SCALARS):
        return None
    try:
        return datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _in_range(value: datetime) -> bool:
    """Year 1 at +08:00 or year 9999 at -12:00 has no UTC equivalent, which the store needs."""
    try:
        value.astimezone(UTC)
    except (OverflowError, ValueError):
        return False
    return True


def _datetime_from_stamp(text: str, source: str, tzinfo) -> datetime | None:
    pattern = _TITLE_STAMP if source == "title" else _FILE_NAME_STAMP
    for match in pattern.finditer(text):
        fields = [int(group) if group else 0 for group in match.groups()]
        year, month, day, hour = fields[:4]
        minute = fields[4] if len(fields) > 4 else 0
        try:
            stamp = datetime(year, month, day, hour, minute, tzinfo=tzinfo)
        except ValueError:
            continue
        if _in_range(stamp):
            return stamp
    return None


def _categories(raw: object, problem) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [part for part in re.split(r"[,，]", raw)]
    if not isinstance(raw, list):
        problem(1, "front-matter categories is neither a list nor a string; ignored", "warning")
        return []
    seen: dict[str, None] = {}  # ordered set: a list's `in` is quadratic on a huge list
    skipped = 0
    for value in raw:
        if value is not None and not isinstance(value, _SCALARS):
            skipped += 1
        name = _as_text(value)
        if name:
            seen.setdefault(name)
    if skipped:
        problem(
            1,
            f"front-matter categories: {skipped} entries that are lists or mappings ignored",
            "warning",
        )
    return list(seen)


# ---------------------------------------------------------------- items


class _ItemBuilder:
    def __init__(self, line: int, headline_inline: Token):
        self.line = line
        link_text, url, other_urls = _first_link(headline_inline)
        self.raw_headline = link_text if url is not None else _plain_text(headline_inline)
        self.url_raw = url
        self.urls = other_urls
        self.paragraphs: list[str] = []
        self.bold_sources: list[str] = [headline_inline.content]

    def add_block(self, inline: Token) -> None:
        text = _plain_text(inline)
        if text:
            self.paragraphs.append(text)
        self.bold_sources.append(inline.content)
        self.urls.extend(_link_urls(inline))

    def build(self, position: int, source_path: str, problem) -> Item:
        headline = _ITEM_NUMBER.sub("", self.raw_headline).strip()
        headline, author = _split_author(headline)
        author, author_site = _split_site(author)
        url = _safe_url(self.url_raw, self.line, problem)
        # dicts as ordered sets: `in` on a list is quadratic for an item with 100k links or bold spans
        extra: dict[str, None] = {}
        for candidate in self.urls:
            safe = _safe_url(candidate, self.line, problem)
            if safe and safe != url:
                extra.setdefault(safe)
        host, handle, status_id = _url_parts(url)
        bold: dict[str, None] = {}
        for source in self.bold_sources:
            for match in _BOLD.finditer(source):
                term = " ".join(match.group(1).split()).strip(_QUOTES).strip()
                if term:
                    bold.setdefault(term)
        if not headline:
            problem(self.line, "item has an empty headline", "warning")
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
            "\n".join(self.paragraphs),
            list(bold),
            self.line,
        )


_TOP_LEVEL_BLOCK = re.compile(r"^(?:\d{1,9}[.)]|[-*+]|#{1,6})(?:[ \t]|$)")
_TOO_DEEP = "trendboard_too_deep"  # env key set when markdown-it reaches its nesting limit
_plain_block_tokenize = _MARKDOWN.block.tokenize


def _block_tokenize_noting_depth(state, start_line: int, end_line: int) -> None:
    # Containers (lists, quotes) tokenize their content through `md.block.tokenize`;
    # entered at the nesting limit, markdown-it skips that content to `end_line`.
    if state.level >= state.md.options.maxNesting:
        state.env[_TOO_DEEP] = True
    _plain_block_tokenize(state, start_line, end_line)


_MARKDOWN.block.tokenize = _block_tokenize_noting_depth


def _tokenize(body: str, line_offset: int, problem) -> list[Token]:
    """markdown-it tokens for the body, surviving markdown nested deeper than `maxNesting`.

    At that depth markdown-it stops reading and silently drops everything up to
    the end of the enclosing block, which for a list item is the rest of the
    file. Then each top-level block (a line starting at column 0 with a list
    marker or heading) is parsed on its own, so only the deep item loses its
    tail, and that is reported.
    """
    env: dict = {}
    tokens = _MARKDOWN.parse(body, env)
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
        chunk = _MARKDOWN.parse("\n".join(lines[start:end]), chunk_env)
        for token in chunk:
            if token.map:
                token.map = [token.map[0] + start, token.map[1] + start]
        if chunk_env.get(_TOO_DEEP):
            problem(
                start + line_offset + 1,
                f"markdown nested more than {_MARKDOWN.options.maxNesting} levels "
                "deep; the rest of this block was not read",
                "warning",
            )
        tokens.extend(chunk)
    return tokens


def _items(body: str, line_offset: int, source_path: str, problem) -> list[Item]:
    try:
        tokens = _tokenize(body, line_offset, problem)
    except Exception as exc:  # markdown-it is total in practice; keep the parser total regardless
        problem(None, f"markdown could not be tokenized: {_one_line(exc)}")
        return []
    builders: list[_ItemBuilder] = []
    current: _ItemBuilder | None = None
    starts_item_at_depth: int | None = None
    pending_item_line: int | None = None
    list_depth = 0
    top_list_ordered = current_from_list = False
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
            if list_depth == 1:
                top_list_ordered = token.type == "ordered_list_open"
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "list_item_open" and list_depth == 1:
            pending_item_line = token.map[0] if token.map else None
            starts_item_at_depth = index
        elif token.type == "heading_open":
            inline = tokens[index + 1]
            if _is_heading_item(token, inline):
                current = _ItemBuilder(_line(token, line_offset), inline)
                builders.append(current)
                current_from_list = False
            pending_item_line = None
        elif token.type == "inline" and tokens[index - 1].type != "heading_open":
            if pending_item_line is not None and starts_item_at_depth is not None:
                pending_item_line = None
                if _first_link(token)[1] is not None:
                    current = _ItemBuilder(_line(tokens[starts_item_at_depth], line_offset), token)
                    builders.append(current)
                    current_from_list = True
                    continue
                if top_list_ordered and (current is None or current_from_list):
                    # Under a heading item a numbered list is its summary; in a list of
                    # items a numbered entry without a link (e.g. `[a](b(c)`, whose
                    # parentheses do not balance) is not an item: say so, do not drop it silently.
                    problem(
                        _line(tokens[starts_item_at_depth], line_offset),
                        "numbered list entry has no link, so it is not read as a news item"
                        + (
                            "; its text joins the previous item's summary"
                            if current is not None
                            else ""
                        ),
                        "warning",
                    )
            if current is not None:
                current.add_block(token)
        elif token.type == "code_block" and current is not None and token.content.strip():
            # `10.  [title](url)` puts the list content at column 5, so a summary
            # indented by 4 spaces falls out of the item as an indented code
            # block. It is still the item's summary, markdown and all.
            for inline in _MARKDOWN.parseInline(token.content.strip()):
                current.add_block(inline)
        elif token.type == "fence" and current is not None and token.content.strip():
            current.paragraphs.append(token.content.strip())
    return [b.build(pos, source_path, problem) for pos, b in enumerate(builders, start=1)]


def _line(token: Token, offset: int) -> int:
    return (token.map[0] if token.map else 0) + offset + 1


def _is_heading_item(heading: Token, inline: Token) -> bool:
    """`### 3. [title](url)` or `## 3. title` is an item; `# 2026.02.09 …` is the digest's title."""
    if heading.tag == "h1":
        return False
    return _first_link(inline)[1] is not None or bool(_ITEM_NUMBER.match(inline.content))


def _first_link(inline: Token) -> tuple[str, str | None, list[str]]:
    """Text and target of the first link, and the targets of any later links."""
    children = inline.children or []
    link_text: list[str] = []
    first_url: str | None = None
    others: list[str] = []
    inside = False
    for child in children:
        if child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            if first_url is None:
                first_url, inside = href, True
            else:
                others.append(href)
        elif child.type == "link_close":
            inside = False
        elif inside:
            link_text.append(_child_text(child))
    return "".join(link_text).strip(), first_url, others


def _link_urls(inline: Token) -> list[str]:
    return [str(c.attrs.get("href", "")) for c in inline.children or [] if c.type == "link_open"]


def _child_text(child: Token) -> str:
    if child.type in ("text", "code_inline"):
        return child.content
    if child.type in ("softbreak", "hardbreak"):
        return " "
    if child.type == "image":
        return ""
    return ""


def _plain_text(inline: Token) -> str:
    text = "".join(_child_text(c) for c in inline.children or [])
    return " ".join(text.replace("**", "").split())


def _split_author(link_text: str) -> tuple[str, str | None]:
    """Split `headline-author` at the last dash-like separator that really is one."""
    for index in range(len(link_text) - 1, 0, -1):
        if link_text[index] not in _AUTHOR_SEPARATORS:
            continue
        headline, author = link_text[:index].strip(), link_text[index + 1 :].strip()
        if _looks_like_author(link_text, index, author) and headline:
            return headline, author
        return link_text.strip(), None
    return link_text.strip(), None


def _looks_like_author(text: str, index: int, author: str) -> bool:
    if not author or len(author) > 40 or author[0].isdigit():
        return False
    if any(ch in _SENTENCE_PUNCTUATION for ch in author):
        return False
    before, after = text[index - 1], text[index + 1] if index + 1 < len(text) else ""
    # `hf-mem`, `multi-agent`: a hyphen inside a lowercase Latin compound is not a separator.
    return not (before.isascii() and before.isalnum() and after.isascii() and after.islower())


def _split_site(author: str | None) -> tuple[str | None, str | None]:
    if not author:
        return author, None
    match = _SITE_SUFFIX.match(author)
    if not match:
        return author, None
    return match.group("name").strip(), match.group("site").strip()


def _safe_url(url: str | None, line: int, problem) -> str | None:
    if url is None:
        return None
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        problem(line, f"malformed link {url[:80]!r} dropped", "warning")
        return None
    if scheme in ("http", "https"):
        return url
    problem(
        line,
        f"link with scheme {scheme or 'none'!r} dropped: only http and https links are kept",
        "warning",
    )
    return None


def _url_parts(url: str | None) -> tuple[str | None, str | None, str | None]:
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

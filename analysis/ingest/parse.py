"""Digest markdown → Digest and Item records. Pure and total.

Libraries: python-frontmatter splits and loads the front matter (YAML `---`,
TOML `+++` through a tomllib handler); markdown-it-py tokenizes the body
(analysis.ingest.blocks), and its block map gives every item its source line.
The item rules are in analysis.ingest.items, the date shapes in
analysis.ingest.dates. Bold terms are found on the raw inline source instead
of markdown-it's emphasis tokens, because CommonMark's flanking rules do not
open or close `**` next to CJK punctuation (`向**“做什么”**，` stays literal),
which real digests do all the time.
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

from analysis.ingest.blocks import MdBlock, read_blocks, strip_leading_symbols_text
from analysis.ingest.dates import date_from_file_name, date_from_text, strip_dates, year_hint
from analysis.ingest.decoding import decode_bytes_noting
from analysis.ingest.items import ItemReader, split_author
from analysis.records import Coverage, Digest, ParseResult, Problem
from analysis.timezones import parse_tz

__all__ = ["parse_digest", "split_author"]

TEXT_KEPT_WARNING = 0.70  # below this share of its text kept, ingest names the largest block lost


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


_KNOWN_KEYS = {"title", "date", "categories", "series", "tags", "topics"}
_DATE_SOURCES = {
    "title": "the title",
    "leading_line": "a date line at the top of the body",
    "file_name": "the file name",
}
_ISSUE_NUMBER = re.compile(
    r"(?:第\s*\d+\s*[期号]|(?:#|№|No\.?\s*|Vol\.?\s*|Issue\s+|EP\.?\s*)\d+|\d+\s*期)",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"(?:星期|周|週|礼拜)[一二三四五六日天]|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b\.?",
    re.IGNORECASE,
)
_SERIES_SEPARATORS = " \t|｜/·•:：-—–_,，()（）[]【】"
SERIES_MAX_LENGTH = 32
_DATE_LINE_LABEL = re.compile(r"^[^\d:：]{0,12}[:：]\s*")


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
    blocks = _read_blocks_totally(body, body_line_offset, problem)
    reader = ItemReader(blocks, problem, _safe_url_reporter(problem))
    reader.read()
    # The first `#` heading, else a dated heading of another level read as the title.
    heading = _first_heading(body) or next(
        (
            b.text
            for i, b in enumerate(blocks)
            if b.kind == "heading" and reader.fates.get(i) == "title"
        ),
        "",
    )
    title = _as_text(meta.get("title")) or heading or PurePath(source_path).stem
    title_from_text = bool(_as_text(meta.get("title")) or heading)
    leading_lines = _leading_date_lines(blocks, reader)
    published_at, date_source = _published_at(
        meta,
        [title, heading] if title_from_text else [],
        leading_lines,
        source_path,
        tzinfo,
        problem,
    )
    for index, _ in leading_lines:
        reader.fates[index] = "date"
    # The title and date lines are the digest's own metadata, like front matter: not counted.
    total = sum(
        block.chars
        for index, block in enumerate(blocks)
        if reader.fates.get(index) not in ("title", "date")
    )
    items, coverage = reader.items(total)
    categories = _categories(meta.get("categories"), problem)
    tags = _front_matter_list(meta, ("tags", "topics"), problem)
    if not items:
        problem(
            None, "no news items found (expected a numbered or bulleted list of linked headlines)"
        )
    if items:  # without items the error above says it all
        _warn_low_coverage(coverage, problem)
    if published_at is None:
        return ParseResult(None, items, problems, coverage)
    # Other keys are kept when they are plain values or flat lists of them: a value
    # nested 500 levels deep cannot even be pickled back from a parser process.
    extra = {
        k: v
        for k, v in meta.items()
        if k not in _KNOWN_KEYS
        and isinstance(k, str)
        and (
            isinstance(v, _SCALARS)
            or isinstance(v, list)
            and all(isinstance(e, _SCALARS) for e in v)
        )
    }
    series = _series(meta, title if title_from_text else "", source_path)
    digest = Digest(
        source_path,
        title,
        published_at,
        date_source,
        categories,
        extra,
        series,
        tags,
        coverage.share,
    )
    return ParseResult(digest, items, problems, coverage)


def _read_blocks_totally(body: str, offset: int, problem) -> list[MdBlock]:
    try:
        return read_blocks(body, offset, problem)
    except Exception as exc:  # markdown-it is total in practice; keep the parser total regardless
        problem(None, f"markdown could not be tokenized: {_one_line(exc)}")
        return []


def _safe_url_reporter(problem):
    def safe(url: str | None, line: int) -> str | None:
        return _safe_url(url, line, problem)

    return safe


def _warn_low_coverage(coverage: Coverage, problem) -> None:
    if not coverage.total_chars or coverage.share >= TEXT_KEPT_WARNING:
        return
    largest = max(coverage.unkept, key=lambda b: b.chars, default=None)
    where = ""
    if largest is not None and largest.chars:
        preview = " ".join(largest.text.split())[:40]
        where = (
            f"; the largest block not kept is at line {largest.line} ({largest.kind}: {preview!r})"
        )
    problem(
        largest.line if largest is not None and largest.chars else None,
        f"only {coverage.share:.0%} of the file's text reached an item{where}; "
        "`trendboard inspect FILE` lists every block that was not kept",
        "warning",
    )


def _leading_date_lines(blocks: list[MdBlock], reader: ItemReader) -> list[tuple[int, datetime]]:
    """Paragraphs before the first item that hold nothing but a date (`> 2025-08-25T11:23:23Z`)."""
    first_item = min((b.line for b in reader.builders), default=None)
    found = []
    for index, block in enumerate(blocks[:6]):
        if first_item is not None and block.line >= first_item:
            break
        if block.kind != "paragraph" or block.entries:
            continue
        line = _DATE_LINE_LABEL.sub("", strip_leading_symbols_text(block.text)).strip()
        value = date_from_text(line, UTC)
        # Nothing but the date (and a weekday): `2025年12月24日 星期三`, `Updated: 2025-08-25`.
        rest = strip_dates(_WEEKDAY.sub(" ", line))
        if value is not None and len(line) <= 40 and sum(ch.isalnum() for ch in rest) <= 3:
            found.append((index, line))
    return found


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
    meta: dict,
    titles: list[str],
    leading_lines: list[tuple[int, str]],
    source_path: str,
    tzinfo,
    problem,
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
    path = PurePath(source_path)
    year = year_hint(path.name, *reversed(path.parent.parts[-2:])) or _front_matter_year(meta)
    candidates: list[tuple[str, datetime | None]] = [
        ("title", date_from_text(text, tzinfo, year)) for text in titles if text
    ]
    candidates += [
        ("leading_line", date_from_text(text, tzinfo, year)) for _, text in leading_lines
    ]
    candidates.append(("file_name", date_from_file_name(path.name, tzinfo)))
    for source, value in candidates:
        if value is None:
            continue
        # A digest without front matter is dated by its title as a matter of course; a year
        # borrowed from elsewhere, a loose date line or the file name are fallbacks.
        borrowed = source == "title" and all(
            date_from_text(text, tzinfo) is None for text in titles if text
        )
        if source != "title" or borrowed:
            what = _DATE_SOURCES[source] + (
                f" with the year {year} from the file name or front matter" if borrowed else ""
            )
            problem(
                None,
                f"no valid front-matter date; dated from {what} ({value.isoformat()})",
                "warning",
            )
        return value, source
    problem(
        None,
        "no date: front matter has no valid date, and neither the title, a leading line "
        "nor the file name has one",
    )
    return None, ""


def _front_matter_year(meta: dict) -> int | None:
    value = meta.get("year")
    if isinstance(value, int) and 1900 <= value <= 2200:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return _front_matter_year({"year": int(value.strip())})
    return None


def _datetime_from_value(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):  # a bare date
        return datetime.combine(value, time())
    if not isinstance(value, _SCALARS):
        return None
    try:
        return datetime.fromisoformat(str(value).strip())  # also `Z` and `+0000`
    except ValueError:
        return None


def _in_range(value: datetime) -> bool:
    """Year 1 at +08:00 or year 9999 at -12:00 has no UTC equivalent, which the store needs."""
    try:
        value.astimezone(UTC)
    except (OverflowError, ValueError):
        return False
    return True


def _series(meta: dict, title: str, source_path: str) -> str | None:
    """Front-matter `series`, else the title without its date or issue number, else the folder."""
    declared = _as_text(meta.get("series"))
    if declared:
        return declared
    if title:
        marked = strip_dates(_WEEKDAY.sub(" ", _ISSUE_NUMBER.sub("\x00", title)))
        marked = re.sub(r"\s{2,}", "\x00", marked.strip())
        parts = [
            strip_leading_symbols_text(p).strip(_SERIES_SEPARATORS) for p in marked.split("\x00")
        ]
        parts = [p for p in parts if any(ch.isalnum() for ch in p)]
        name = parts[0] if parts else ""
        if name and len(name) <= SERIES_MAX_LENGTH:
            return name
    parent = PurePath(source_path).parent
    for folder in reversed(parent.parts[-3:]):
        if any(ch.isalpha() for ch in folder) and folder not in ("/", "."):
            return folder
    return None


def _front_matter_list(meta: dict, keys: tuple[str, ...], problem) -> list[str]:
    values: dict[str, None] = {}
    for key in keys:
        if meta.get(key) is not None:
            values.update(dict.fromkeys(_categories(meta.get(key), problem, key)))
    return list(values)


def _categories(raw: object, problem, key: str = "categories") -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [part for part in re.split(r"[,，]", raw)]
    if not isinstance(raw, list):
        problem(1, f"front-matter {key} is neither a list nor a string; ignored", "warning")
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
            f"front-matter {key}: {skipped} entries that are lists or mappings ignored",
            "warning",
        )
    return list(seen)


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

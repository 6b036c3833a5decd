"""Boilerplate: sentences a digest series repeats in issue after issue, kept out of enrichment.

Footers ("本日报由 AI 自动生成…"), empty-channel notes ("**Cohere Discord** 暂无新消息…"),
caption templates, promos and filler sentences recur across the digests of one series.
They are text that stays stored, but no keyword or entity mention may come from them.

* A **sentence** is a run of text up to 。！？!? or a line break (`sentences`).
* Its **template** masks what varies inside a repeated sentence: every run of Latin
  letters and digits becomes ``#`` (`template`), so "Mozilla AI Discord 暂无新消息" and
  "Cohere Discord 暂无新消息" share the template "# 暂无新消息".
* A template is **boilerplate of a series** when it occurs in at least `MIN_DIGESTS`
  digests and in at least `MIN_SHARE` of the series' digests, and keeps at least
  `MIN_TEMPLATE_CHARS` letters besides the masks (so "# 发布 #" never is), on at least
  `MIN_DAYS` different days (a story retold for a day or two is not boilerplate)
  (`find_boilerplate`, computed in SQL over the whole store, one row per series and
  template in the `boilerplate` table).
* A sentence of such a template that reports an event or names a model version is news all
  the same (`reports_news`): a digest generator's headline shape recurs too.
* `data/boilerplate_sentences.txt` adds patterns that are boilerplate in any series (the issue's
  empty-channel and image-caption templates, subscription footers); a series with few
  digests has nothing repeated to learn from.

`strip_boilerplate(text, templates)` returns the text without its boilerplate sentences
(line breaks kept), for the keyword extractor and the entity tagger alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from analysis.enrich.reference import DATA_DIR

__all__ = [
    "BOILERPLATE_SENTENCES_FILE",
    "BoilerplateIndex",
    "find_boilerplate",
    "load_boilerplate",
    "refresh_boilerplate",
    "sentences",
    "series_sql",
    "strip_boilerplate",
    "template",
]

BOILERPLATE_SENTENCES_FILE = DATA_DIR / "boilerplate_sentences.txt"
MIN_DIGESTS = 3
MIN_SHARE = 0.1
MIN_TEMPLATE_CHARS = 8
# A story retold in consecutive 4-hour digests repeats for a day or two; boilerplate recurs
# over many days, so a repeat confined to fewer days is news, not boilerplate.
MIN_DAYS = 4
# One pattern each, written so that Python's `re` and DuckDB's RE2 read them the same.
SENTENCE_PATTERN = r"[^。！？!?\n]+[。！？!?]*"
MASK_PATTERN = r"[A-Za-z0-9][A-Za-z0-9 .,&+'_-]*"
_SENTENCE = re.compile(SENTENCE_PATTERN)
_MASK = re.compile(MASK_PATTERN)
_LETTER = re.compile(r"[^\W\d_#]")


def sentences(text: str) -> list[str]:
    """The sentences of `text`, stripped, in order (a line is never joined to the next)."""
    return [s.strip() for s in _SENTENCE.findall(text or "") if s.strip()]


def template(sentence: str) -> str:
    """A sentence with its names and numbers masked, whitespace collapsed.

    No Unicode normalisation: the SQL in `find_boilerplate` computes the same template
    and DuckDB has no NFKC; a series repeats its sentences byte for byte anyway.
    """
    return " ".join(_MASK.sub("#", sentence.strip()).split())


def _long_enough(template_text: str) -> bool:
    return len(_LETTER.findall(template_text)) >= MIN_TEMPLATE_CHARS


@lru_cache(maxsize=4)
def _seed_patterns(path_text: str, mtime: int) -> tuple[re.Pattern, ...]:
    from pathlib import Path

    patterns = []
    for line in Path(path_text).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            patterns.append(re.compile(line, re.IGNORECASE))
    return tuple(patterns)


def seed_patterns() -> tuple[re.Pattern, ...]:
    """The patterns of data/boilerplate_sentences.txt (boilerplate in every series)."""
    return _seed_patterns(
        str(BOILERPLATE_SENTENCES_FILE), BOILERPLATE_SENTENCES_FILE.stat().st_mtime_ns
    )


@dataclass(frozen=True)
class BoilerplateIndex:
    """Boilerplate templates per series, plus the seed patterns that hold for every series."""

    by_series: dict[str, frozenset[str]] = field(default_factory=dict)

    def templates(self, series: str | None) -> frozenset[str]:
        return self.by_series.get(series or "", frozenset())

    def strip(self, text: str | None, series: str | None) -> str:
        return strip_boilerplate(text or "", self.templates(series))


def is_boilerplate_sentence(sentence: str, templates: frozenset[str] = frozenset()) -> bool:
    if template(sentence) in templates and not reports_news(sentence):
        return True
    return any(p.search(sentence) for p in seed_patterns())


def reports_news(sentence: str) -> bool:
    """A sentence that reports an event (`发布`, `raises`: data/event_kinds.toml) or names a
    model by its version (`GPT-5.2`) is news, however often a series repeats its shape
    (`#开放#预览版`): footers, empty-channel notes and captions do neither."""
    from analysis.enrich.event_kinds import event_kinds
    from analysis.enrich.products import product_matcher

    return bool(event_kinds(sentence)) or any(
        any(ch.isdigit() for ch in mention.mention) for mention in product_matcher().find(sentence)
    )


def strip_boilerplate(text: str, templates: frozenset[str] = frozenset()) -> str:
    """`text` without its boilerplate sentences; line breaks between kept sentences stay."""
    if not text:
        return ""
    kept_lines = []
    for line in text.split("\n"):
        kept = [s for s in sentences(line) if not is_boilerplate_sentence(s, templates)]
        if kept:
            kept_lines.append(" ".join(kept) if len(kept) > 1 else kept[0])
    return "\n".join(kept_lines)


def series_sql(con) -> str:
    """The SQL expression (over `digests d`) naming a digest's series.

    `d.series` where the store has that column, else the folder of the digest's file:
    a folder of digests is one series.
    """
    columns = {
        row[0]
        for row in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'digests'"
        ).fetchall()
    }
    folder = r"regexp_replace(d.source_path, '[/\\][^/\\]*$', '')"
    if "series" in columns:
        return f"coalesce(nullif(d.series, ''), {folder})"
    return folder


def find_boilerplate(con) -> dict[str, dict[str, int]]:
    """series → {template: digests it occurs in}, for the templates that are boilerplate."""
    series = series_sql(con)
    rows = con.execute(
        f"""
        WITH texts AS (
            SELECT {series} AS series, i.digest_id, CAST(i.published_at AS DATE) AS day,
                   coalesce(i.headline, '') || chr(10) || coalesce(i.summary, '') AS text
            FROM items i JOIN digests d USING (digest_id)),
        sized AS (SELECT series, count(DISTINCT digest_id) AS digests FROM texts GROUP BY 1),
        parts AS (
            SELECT series, digest_id, day, unnest(regexp_extract_all(text, ?)) AS sentence
            FROM texts),
        templated AS (
            SELECT series, digest_id, day,
                   trim(regexp_replace(regexp_replace(trim(sentence), ?, '#', 'g'), '\\s+', ' ',
                                       'g')) AS template
            FROM parts)
        SELECT t.series, t.template, count(DISTINCT t.digest_id) AS n, any_value(s.digests)
        FROM templated t JOIN sized s USING (series)
        GROUP BY 1, 2
        HAVING count(DISTINCT t.digest_id) >= ?
           AND count(DISTINCT t.digest_id) >= ? * any_value(s.digests)
           AND count(DISTINCT t.day) >= ?""",
        [SENTENCE_PATTERN, MASK_PATTERN, MIN_DIGESTS, MIN_SHARE, MIN_DAYS],
    ).fetchall()
    found: dict[str, dict[str, int]] = {}
    for series_name, template_text, digests, _ in rows:
        if _long_enough(template_text):
            found.setdefault(series_name, {})[template_text] = int(digests)
    return found


def refresh_boilerplate(con) -> BoilerplateIndex:
    """Recompute the `boilerplate` table from every stored item; returns the new index."""
    found = find_boilerplate(con)
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM boilerplate")
    for series_name, templates in found.items():
        con.executemany(
            "INSERT INTO boilerplate VALUES (?, ?, ?)",
            [[series_name, text, n] for text, n in templates.items()],
        )
    con.execute("COMMIT")
    return BoilerplateIndex({name: frozenset(templates) for name, templates in found.items()})


def load_boilerplate(con) -> BoilerplateIndex:
    """The `boilerplate` table as an index (empty before the first enrichment)."""
    by_series: dict[str, set[str]] = {}
    for series_name, template_text in con.execute(
        "SELECT series, template FROM boilerplate"
    ).fetchall():
        by_series.setdefault(series_name, set()).add(template_text)
    return BoilerplateIndex({name: frozenset(t) for name, t in by_series.items()})


def blank_boilerplate(text: str, templates: frozenset[str] = frozenset()) -> str:
    """`text` with its boilerplate sentences replaced by spaces, so offsets into it stay valid.

    The entity tagger reads this form: a mention's `start` must point into the item text.
    """
    if not text:
        return text or ""
    pieces = []
    last = 0
    for match in _SENTENCE.finditer(text):
        if is_boilerplate_sentence(match.group(0).strip(), templates):
            pieces.append(text[last : match.start()])
            pieces.append(" " * (match.end() - match.start()))
            last = match.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)

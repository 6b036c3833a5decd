"""The real-shaped gold set (tests/data/gold_real/*.toml): items, and gold keywords, companies, models.

Every entry holds an item's text in markdown as a digest carries it (`headline`,
`summary`, optional `section`, `series`, `tags`); `load_gold_real()` turns it into
what the parser stores: headline and summary as plain text (link texts kept, link
targets, `**` and images dropped, whitespace folded), and the bold terms as the
parser reads them, with its pattern on the raw markdown, so a bold span that
wraps or straddles a link yields the same `[name](url)` / `name](url)` strings
a real digest gives. How the set was written: tests/data/GOLD.md.

No tests here: tests/unit/test_gold_real.py checks the set's shape,
benchmarks/bench_keywords.py scores the extractor against it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt

from analysis.ingest.blocks import unwrap_cjk

GOLD_REAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "gold_real"
SHAPES = frozenset(
    {
        "inline_link",  # 1. numbered paragraph with its link inline
        "source_bullet",  # 2. sentence + trailing source link ([消息来源](…), ([handle](…)))
        "bold_headline",  # 3. bold-only headline line + indented summary holding the link
        "bold_link_meta",  # 4. **[title](url)** (meta): summary
        "heading",  # 5. heading item with score, meta line, tags
        "no_link",  # 6. numbered item without a link
        "bold_lead",  # bullet with a bold lead-in clause (Discord recaps)
        "boilerplate",  # footer, empty-channel note, caption template, promo: gold empty
    }
)
LANGUAGES = frozenset({"zh", "en", "mixed"})

_MARKDOWN = MarkdownIt("commonmark", {"html": False})
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)  # the parser's pattern
_QUOTES = "\"'“”‘’「」『』《》"  # the parser strips these around a bold term


@dataclass(frozen=True)
class GoldModel:
    name: str  # normalised display name, "Claude Opus 4.6"
    family: str  # "Claude"
    company: str  # canonical maker, "" when the text gives no way to know it


@dataclass
class GoldItem:
    label: str  # file stem and position, "ai_daily_cn#3"
    series: str
    shape: str
    lang: str
    section: str | None
    headline: str  # plain, as stored
    summary: str  # plain, as stored
    bold_terms: list[str]  # as the parser extracts them from the raw markdown
    tags: list[str]
    keywords: list[str]
    companies: list[str]
    models: list[GoldModel] = field(default_factory=list)

    @property
    def is_boilerplate(self) -> bool:
        return self.shape == "boilerplate"


def plain_text(markdown: str) -> str:
    """One markdown paragraph (or several lines) as the parser's plain text."""
    lines = []
    for token in _MARKDOWN.parse(markdown):
        if token.type != "inline":
            continue
        parts = []
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        text = " ".join("".join(parts).replace("**", "").split())
        if text:
            lines.append(text)
    return "\n".join(lines)


def bold_terms(*markdown: str) -> list[str]:
    terms: dict[str, None] = {}
    for source in markdown:
        for match in _BOLD.finditer(source):
            term = " ".join(unwrap_cjk(match.group(1)).split()).strip(_QUOTES).strip()
            if term:
                terms.setdefault(term)
    return list(terms)


def load_gold_real(folder: Path = GOLD_REAL_DIR) -> list[GoldItem]:
    items: list[GoldItem] = []
    for path in sorted(folder.glob("*.toml")):
        for position, entry in enumerate(tomllib.loads(path.read_text("utf-8"))["item"], 1):
            headline_md, summary_md = entry["headline"], entry["summary"]
            items.append(
                GoldItem(
                    label=f"{path.stem}#{position}",
                    series=entry["series"],
                    shape=entry["shape"],
                    lang=entry["lang"],
                    section=entry.get("section"),
                    headline=plain_text(headline_md),
                    summary=plain_text(summary_md),
                    bold_terms=bold_terms(headline_md, summary_md),
                    tags=list(entry.get("tags", [])),
                    keywords=list(entry["keywords"]),
                    companies=list(entry["companies"]),
                    models=[GoldModel(*triple) for triple in entry["models"]],
                )
            )
    return items

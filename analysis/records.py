"""Plain records that the parser produces and the store consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Problem:
    """Something in a file that could not be read as intended.

    `severity` is "error" when the file cannot be stored at all and "warning"
    when it was stored with a documented fallback (e.g. an assumed offset).
    """

    source_path: str
    line: int | None
    reason: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.source_path}:{self.line}" if self.line else self.source_path
        return f"{where}: {self.severity}: {self.reason}"


@dataclass
class Item:
    position: int
    headline: str
    author: str | None
    author_site: str | None
    url: str | None
    url_host: str | None
    handle: str | None
    status_id: str | None
    extra_urls: list[str]
    summary: str
    bold_terms: list[str]
    source_line: int
    section: str | None = None  # the heading the item sits under (`### 前沿研究`)
    source_label: str | None = None  # a link text that names the source (`来源`, `@sama`)
    tags: list[str] = field(default_factory=list)  # the item's own `#tag` line


@dataclass
class Digest:
    source_path: str
    title: str
    published_at: datetime
    date_source: str
    categories: list[str]
    extra_front_matter: dict = field(default_factory=dict)
    series: str | None = None
    tags: list[str] = field(default_factory=list)  # front-matter `tags:` and `topics:`
    text_kept: float | None = None  # share of the content characters that reached an item


@dataclass
class Block:
    """A block of a digest that no item holds (a title, a table of contents, an ad …)."""

    line: int
    end_line: int
    kind: str
    text: str
    chars: int  # content characters: letters, digits, CJK


@dataclass
class Coverage:
    """How much of a file's text reached items: content characters outside front matter,
    link targets and code, counted as kept when an item's stored text holds them."""

    kept_chars: int = 0
    total_chars: int = 0
    unkept: list[Block] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.kept_chars / self.total_chars if self.total_chars else 1.0


@dataclass
class ParseResult:
    digest: Digest | None
    items: list[Item]
    problems: list[Problem]
    coverage: Coverage = field(default_factory=Coverage)

    @property
    def ok(self) -> bool:
        return self.digest is not None and not any(p.severity == "error" for p in self.problems)

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


@dataclass
class Digest:
    source_path: str
    title: str
    published_at: datetime
    date_source: str
    categories: list[str]
    extra_front_matter: dict = field(default_factory=dict)


@dataclass
class ParseResult:
    digest: Digest | None
    items: list[Item]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.digest is not None and not any(p.severity == "error" for p in self.problems)

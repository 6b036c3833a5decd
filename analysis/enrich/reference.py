"""The editable reference tables in data/: organizations, sources, categories, stop words.

Each loader returns plain data; nothing here matches text (see `analysis.enrich.entities`).
"""

from __future__ import annotations

import hashlib
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analysis.settings import DATA_DIR

COMPANIES_FILE = DATA_DIR / "companies.toml"
SOURCES_FILE = DATA_DIR / "sources.toml"
CATEGORIES_FILE = DATA_DIR / "categories.toml"
STOPWORD_FILES = (DATA_DIR / "stopwords_zh.txt", DATA_DIR / "stopwords_en.txt")


def normalize_text(text: str) -> str:
    """NFKC: full-width Latin and digits become half-width (`ＮＶＩＤＩＡ` → `NVIDIA`)."""
    return unicodedata.normalize("NFKC", text)


def file_sha256(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Organization:
    name: str
    kind: str
    aliases: tuple[str, ...]
    products: tuple[str, ...] = ()
    parent: str | None = None


@dataclass
class AliasTable:
    organizations: dict[str, Organization]
    # surface form (NFKC) → (canonical organization, is_product)
    surface_forms: dict[str, tuple[str, bool]] = field(default_factory=dict)

    def canonical(self, surface: str) -> str | None:
        hit = self.surface_forms.get(normalize_text(surface))
        return hit[0] if hit else None


@lru_cache(maxsize=4)
def load_alias_table(path: Path = COMPANIES_FILE) -> AliasTable:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    organizations: dict[str, Organization] = {}
    surface_forms: dict[str, tuple[str, bool]] = {}
    for entry in raw.get("org", []):
        org = Organization(
            entry["name"],
            entry.get("kind", "company"),
            tuple(entry.get("aliases", [])),
            tuple(entry.get("products", [])),
            entry.get("parent") or None,
        )
        organizations[org.name] = org
        for alias in (org.name, *org.aliases):
            surface_forms.setdefault(normalize_text(alias), (org.name, False))
        for product in org.products:
            surface_forms.setdefault(normalize_text(product), (org.name, True))
    return AliasTable(organizations, surface_forms)


@dataclass(frozen=True)
class Source:
    handle: str
    platform: str
    name: str
    aliases: tuple[str, ...]
    affiliation: str | None
    site: str | None


@dataclass
class SourceTable:
    by_handle: dict[str, Source]  # lower-case handle → source
    by_display_name: dict[str, Source]  # display name → source

    def lookup(self, handle: str | None, author: str | None) -> Source | None:
        if handle and handle.lower() in self.by_handle:
            return self.by_handle[handle.lower()]
        if author and author in self.by_display_name:
            return self.by_display_name[author]
        return None


@lru_cache(maxsize=4)
def load_source_table(path: Path = SOURCES_FILE) -> SourceTable:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    by_handle: dict[str, Source] = {}
    by_name: dict[str, Source] = {}
    for entry in raw.get("source", []):
        source = Source(
            entry["handle"],
            entry.get("platform", "x.com"),
            entry["name"],
            tuple(entry.get("aliases", [])),
            entry.get("affiliation") or None,
            entry.get("site") or None,
        )
        by_handle[source.handle.lower()] = source
        for name in (source.name, *source.aliases):
            by_name.setdefault(name, source)
    return SourceTable(by_handle, by_name)


@dataclass(frozen=True)
class Category:
    name: str
    label_zh: str
    description_en: str
    description_zh: str


@lru_cache(maxsize=4)
def load_categories(path: Path = CATEGORIES_FILE) -> tuple[Category, ...]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Category(
            c["name"],
            c.get("label_zh", c["name"]),
            c.get("description_en", ""),
            c.get("description_zh", ""),
        )
        for c in raw.get("category", [])
    )


@lru_cache(maxsize=4)
def load_stopwords(paths: tuple[Path, ...] = STOPWORD_FILES) -> frozenset[str]:
    words: set[str] = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            word = line.strip()
            if word and not word.startswith("#"):
                words.add(word.lower())
    return frozenset(words)

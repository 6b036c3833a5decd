"""The editable reference tables in data/: organizations, sources, categories, stop words.

Each loader returns plain data. Matching text is `analysis.enrich.entities`' job; the two
small rules its matchers share (exclusion contexts, longest match first) are here.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from analysis.settings import DATA_DIR

COMPANIES_FILE = DATA_DIR / "companies.toml"
SOURCES_FILE = DATA_DIR / "sources.toml"
CATEGORIES_FILE = DATA_DIR / "categories.toml"
STOPWORD_FILES = (DATA_DIR / "stopwords_zh.txt", DATA_DIR / "stopwords_en.txt")

T = TypeVar("T")


def normalize_text(text: str) -> str:
    """NFKC: full-width Latin and digits become half-width (`ＮＶＩＤＩＡ` → `NVIDIA`)."""
    return unicodedata.normalize("NFKC", text)


def fold_case(text: str) -> str:
    """Lower case, one character for one, so offsets into `text` stay valid in the result."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


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
    # X / GitHub account names, matched case-insensitively (`@togethercompute`, `vllm-project`).
    handles: tuple[str, ...] = ()
    # Earlier names still seen in text; they count as the organization itself.
    former_names: tuple[str, ...] = ()
    # Phrases that, near a hit, mean the hit is not this organization (`robot arm` for Arm).
    exclude: tuple[str, ...] = ()
    # True: every Latin alias is matched exactly as written, whatever `case_insensitive_safe` says.
    case_sensitive: bool = False
    # When given, a hit on one of its products counts only in an item that also says one of
    # these phrases: the robot `Atlas` (机器人, humanoid), not the browser of the same name.
    product_context: tuple[str, ...] = ()

    def product_in_context(self, text: str) -> bool:
        if not self.product_context:
            return True
        folded = text.casefold()
        return any(phrase.casefold() in folded for phrase in self.product_context)


@dataclass
class AliasTable:
    organizations: dict[str, Organization]
    # surface form (NFKC) → (canonical organization, is_product)
    surface_forms: dict[str, tuple[str, bool]] = field(default_factory=dict)
    # lower-case handle → canonical organization
    handles: dict[str, str] = field(default_factory=dict)

    def handle_of(self, surface: str) -> str | None:
        """The organisation whose X or GitHub handle `surface` is (`ArtificialAnlys`, `@vllm_project`)."""
        return self.handles.get(normalize_text(surface).lstrip("@").lower())

    def parents(self, name: str) -> tuple[str, ...]:
        """The organisation's parent, its parent's parent … (`Google DeepMind` → Google,
        Alphabet)."""
        chain: list[str] = []
        org = self.organizations.get(name)
        while org and org.parent and org.parent not in chain and org.parent != name:
            chain.append(org.parent)
            org = self.organizations.get(org.parent)
        return tuple(chain)

    def canonical(self, surface: str) -> str | None:
        hit = self.surface_forms.get(normalize_text(surface))
        if hit:
            return hit[0]
        return self.handle_of(surface)


# A Latin token this frequent in English (Zipf scale: 2.0 is about once per 10M words) is a
# word before it is a name: `cursor`, `modal`, `perplexity`, `apple`.
COMMON_WORD_ZIPF = 2.0
_LATIN_TOKEN = re.compile(r"[A-Za-z]+")


# An English word this frequent (`agent`, `token`, `vision`) is never suggested as a name.
ORDINARY_WORD_ZIPF = 3.0
# Written with a capital, a word needs to be this frequent to be an everyday word rather than
# a name (`November`, `Windows`, `Thinking`; not `Composer`, `Marble`).
EVERYDAY_CAPITALISED_ZIPF = 4.0


@lru_cache(maxsize=20_000)
def zipf_frequency(token: str) -> float:
    """English word frequency of `token` on the Zipf scale (wordfreq), 0 when unknown."""
    from wordfreq import zipf_frequency as frequency

    return frequency(token.lower(), "en")


def is_common_english_word(token: str) -> bool:
    return zipf_frequency(token) >= COMMON_WORD_ZIPF


def case_insensitive_safe(surface: str) -> bool:
    """Whether a Latin name can be matched in any casing without catching ordinary words.

    Safe when one of its letter runs is at least four letters long and rare as an English
    word (`baseten`, `ollama`, `langchain`, `deepmind`); names made only of words and
    short pieces (`Cursor`, `Modal`, `Together AI`, `Scale AI`, `1X`) keep their casing.
    """
    return any(
        len(token) >= 4 and not is_common_english_word(token)
        for token in _LATIN_TOKEN.findall(surface)
    )


def load_alias_table(path: Path | None = None) -> AliasTable:
    """The alias table of `path`, by default the module's `COMPANIES_FILE` (read when called)."""
    return _load_alias_table(path or COMPANIES_FILE)


@lru_cache(maxsize=4)
def _load_alias_table(path: Path) -> AliasTable:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    organizations: dict[str, Organization] = {}
    surface_forms: dict[str, tuple[str, bool]] = {}
    handles: dict[str, str] = {}
    for entry in raw.get("org", []):
        org = Organization(
            entry["name"],
            entry.get("kind", "company"),
            tuple(entry.get("aliases", [])),
            tuple(entry.get("products", [])),
            entry.get("parent") or None,
            tuple(entry.get("handles", [])),
            tuple(entry.get("former_names", [])),
            tuple(entry.get("exclude", [])),
            bool(entry.get("case_sensitive", False)),
            tuple(entry.get("product_context", [])),
        )
        organizations[org.name] = org
        for alias in (org.name, *org.aliases, *org.former_names):
            surface_forms.setdefault(normalize_text(alias), (org.name, False))
        for product in org.products:
            surface_forms.setdefault(normalize_text(product), (org.name, True))
        for handle in org.handles:
            handles.setdefault(normalize_text(handle).lstrip("@").lower(), org.name)
    return AliasTable(organizations, surface_forms, handles)


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


EXCLUSION_WINDOW = 30


def without_overlaps(matches: Iterable[T], span: Callable[[T], tuple[int, int]]) -> list[T]:
    """The matches in the order given, each left out that overlaps one kept before it: ordered
    longest first, a name inside a longer one (`GPT-5` in `GPT-5.4`) is part of it."""
    taken: list[tuple[int, int]] = []
    kept: list[T] = []
    for match in matches:
        start, stop = span(match)
        if any(start < t_stop and t_start < stop for t_start, t_stop in taken):
            continue
        taken.append((start, stop))
        kept.append(match)
    return kept


def excluded_by_context(text: str, start: int, end: int, phrases: tuple[str, ...]) -> bool:
    """Whether an exclusion phrase near text[start:end] says the hit is something else.

    A phrase containing the hit's first word (`robot arm` for `Arm`, `SWE-bench` for
    `SWE-1.5`) counts only where it covers that word; any other phrase (`机械臂`, `光标`) counts anywhere
    within `EXCLUSION_WINDOW` characters of it. Comparison ignores case.
    """
    if not phrases:
        return False
    lo = max(0, start - EXCLUSION_WINDOW)
    window = text[lo : end + EXCLUSION_WINDOW].casefold()
    first_word = re.match(r"\w+", text[start:end])
    hit = (first_word.group(0) if first_word else text[start:end]).casefold()
    for phrase in phrases:
        phrase = phrase.casefold()
        if hit not in phrase:
            if phrase in window:
                return True
            continue
        at = window.find(phrase)
        while at != -1:
            if at <= start - lo and start - lo + len(hit) <= at + len(phrase):
                return True
            at = window.find(phrase, at + 1)
    return False


ORG_KINDS = (
    "company",
    "lab",
    "university",
    "investor",
    "government",
    "nonprofit",
    "community",
    "media",
)


class AliasEditError(ValueError):
    """An alias that cannot be added as asked (already another organisation's, or empty)."""


def add_alias(name: str, org: str, path: Path | None = None, kind: str = "company") -> str:
    """Add `name` as an alias of organisation `org` in the TOML file, keeping its comments and layout.

    `org` is an existing canonical name, or a new organisation appended at the end of the file.
    Returns "added", "created" or "present" (nothing to do). Raises `AliasEditError` when the
    name already belongs to another organisation.
    """
    import tomlkit

    path = path or COMPANIES_FILE
    name, org = normalize_text(name).strip(), normalize_text(org).strip()
    if not name or not org:
        raise AliasEditError("name and organisation must not be empty")
    if kind not in ORG_KINDS:
        raise AliasEditError(f"kind must be one of {', '.join(ORG_KINDS)}")
    table = load_alias_table(path)
    owner = table.surface_forms.get(name)
    if owner is not None:
        if owner[0] == org:
            return "present"
        raise AliasEditError(f"{name!r} already names {owner[0]!r}")
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    entries = document.setdefault("org", tomlkit.aot())
    for entry in entries:
        if entry["name"] == org:
            aliases = entry.get("aliases")
            if aliases is None:
                entry["aliases"] = [name]
            else:
                aliases.append(name)
            outcome = "added"
            break
    else:
        entry = tomlkit.table()
        entry["name"] = org
        entry["kind"] = kind
        entry["aliases"] = list(dict.fromkeys([org, name]))
        entries.append(entry)
        outcome = "created"
    path.write_text(tomlkit.dumps(document), encoding="utf-8")
    _load_alias_table.cache_clear()
    return outcome

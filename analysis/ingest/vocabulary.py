"""The editable word lists the parser uses: generic link texts and boilerplate markers (data/)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache

from analysis.settings import DATA_DIR

LINK_TEXTS_FILE = DATA_DIR / "link_texts.txt"
PUBLICATIONS_FILE = DATA_DIR / "publications.txt"
ENGLISH_STOPWORDS_FILE = DATA_DIR / "stopwords_en.txt"
BLOCK_MARKERS_FILE = DATA_DIR / "block_markers.toml"

_TRAILING_PARENTHETICAL = re.compile(r"\s*[(（\[【][^()（）\[\]【】]*[)）\]】]\s*$")
_HANDLE = re.compile(r"^@[A-Za-z0-9_]{1,30}$")
_URL_LIKE = re.compile(r"^(?:https?://|www\.)\S+$|^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/\S*)?$", re.I)
_LATIN = re.compile(r"[A-Za-z]")


def _fold(text: str) -> str:
    """Lower case, half width, no surrounding punctuation, emoji or a trailing (…) part."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = _TRAILING_PARENTHETICAL.sub("", text) or text
    text = "".join(ch for ch in text if ch.isalnum() or ch.isspace() or ch in "'-")
    return " ".join(text.lower().split())


def _word_list(path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(
        _fold(line) for line in lines if line.strip() and not line.lstrip().startswith("#")
    )


@cache
def generic_link_texts() -> frozenset[str]:
    return _word_list(LINK_TEXTS_FILE)


@cache
def english_function_words() -> frozenset[str]:
    """The English stop words keywords use (data/stopwords_en.txt): a line ending in one
    (`with`, `between`, `the`) stops mid-sentence."""
    return _word_list(ENGLISH_STOPWORDS_FILE)


_DOMAIN = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$", re.I)


@cache
def _publications() -> frozenset[str]:
    return _word_list(PUBLICATIONS_FILE)


def is_publication(text: str) -> bool:
    """`The Verge`, `量子位`, `techcrunch.com`: a news site from data/publications.txt, or a domain."""
    text = text.strip()
    return bool(_DOMAIN.match(text)) or is_listed_publication(text)


def is_listed_publication(text: str) -> bool:
    """A news site data/publications.txt names (`Reuters`), not merely something shaped like a
    domain (`diffusion.cpp`, `Z.ai` are names too)."""
    return _fold(text.strip()) in _publications()


def is_generic_link_text(text: str, handle: str | None = None) -> bool:
    """A link text that says where or "click" instead of what: `来源`, `Source`, `@sama`, a URL."""
    stripped = text.strip()
    if not any(ch.isalnum() for ch in stripped):
        return True  # empty, an image, an emoji or an arrow
    if _HANDLE.match(stripped) or _URL_LIKE.match(stripped):
        return True
    if handle and stripped.lstrip("@").lower() == handle.lower():
        return True
    return _fold(stripped) in generic_link_texts()


@cache
def _boilerplate() -> tuple[tuple[str, re.Pattern], ...]:
    table = tomllib.loads(BLOCK_MARKERS_FILE.read_text(encoding="utf-8"))
    patterns = []
    for kind, phrases in table.items():
        parts = [
            rf"\b{re.escape(p)}\b" if _LATIN.search(p) else re.escape(p)
            for p in sorted(phrases, key=len, reverse=True)
        ]
        patterns.append((kind, re.compile("|".join(parts), re.IGNORECASE)))
    return tuple(patterns)


def boilerplate_marker(text: str) -> tuple[str, re.Match] | None:
    """(`promo` or `footer`, where the first marker is) when the text carries one, else None."""
    folded = unicodedata.normalize("NFKC", text)
    found = [(m.start(), kind, m) for kind, p in _boilerplate() if (m := p.search(folded))]
    if not found:
        return None
    _, kind, match = min(found, key=lambda entry: entry[0])
    return kind, match


def boilerplate_kind(text: str) -> str | None:
    marker = boilerplate_marker(text)
    return marker[0] if marker else None

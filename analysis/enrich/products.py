"""Model and product names in item text, by family patterns from `data/products.toml`.

A family (`GPT`, `Claude`, `Qwen` …) is a brand followed by up to six *parts*: a version
(`5.4`, `K2`, `V3.2`), a variant word from the family's list (`Opus`, `Coder`, `Pro`), a
parameter size (`480B`, `A35B`), a date stamp (`2507`, `20250514`) or a release word that
names no distinct model (`Preview`, `Instruct`). Because versions are patterns, a new
release of a known family (`GPT-5.4`, `Gemini 4 Flash`) is found without editing a table.

Every mention is normalised to one spelling per model: the brand as the family writes
it, then the version and variants in the family's order and separators, with sizes,
dates and release words dropped (`claude-opus-4.6`, `Claude 4.6 Opus` and
`Opus 4.6` are all `Claude Opus 4.6`; `Qwen3-Coder-480B-A35B-Instruct` is
`Qwen3-Coder`).

Casing: a brand followed by a version or variant is matched in any casing
(`gemini-3-pro`); a bare brand only as the family writes it (`Claude`, not `claude`),
unless the brand is safe in any casing (see `reference.case_insensitive_safe`), and
only when the family allows bare mentions (`bare = false` for brands that are also the
company's name, like DeepSeek or MiniMax, whose bare mention is the company).
Offsets refer to the NFKC-normalised text, as in `analysis.enrich.entities`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import ahocorasick

from analysis.enrich.reference import (
    case_insensitive_safe,
    excluded_by_context,
    fold_case,
    normalize_text,
    without_overlaps,
)
from analysis.settings import DATA_DIR

PRODUCTS_FILE = DATA_DIR / "products.toml"

DEFAULT_VERSION = r"\d{1,2}(?:\.\d{1,2})?"
# Sizes and stamps identify a checkpoint, not a model: they are parsed so the mention
# is whole, then dropped from the normalised name.
_SIZE = r"(?:\d+(?:\.\d+)?[BbMmTt]|A\d+(?:\.\d+)?[Bb]|\d+[Xx]\d+[Bb])"
_DATE = r"(?:\d{8}|\d{6}|\d{4}|\d{3}|\d{2}-\d{2})"  # 001: a checkpoint number
DEFAULT_RELEASE_WORDS = (
    "Preview",
    "Instruct",
    "Base",
    "Latest",
    "Experimental",
    "GGUF",
    "FP8",
    "AWQ",
    "MLX",
    "Beta",
    "HF",
)
_WORD_CHAR = re.compile(r"[A-Za-z0-9_]")
_SHORT_FORM = re.compile(r"[A-Z][A-Za-z]?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Family:
    name: str
    company: str
    kind: str
    brands: tuple[str, ...]
    version: str
    variants: tuple[str, ...]
    separator: str
    version_joiner: str
    variant_first: bool
    bare: bool
    variant_brands: tuple[str, ...]
    release_words: tuple[str, ...]
    exclude: tuple[str, ...]
    # Regex of what may stand between the brand and its first part; `-` for `Step-3`,
    # whose `Step 3` is prose.
    brand_gap: str = r"[ \-_]?"
    # True where each brand is a product of its own (`H200`, `B200` in one family):
    # names start with the brand written, not with the family's first brand.
    each_brand: bool = False
    version_case: str = "upper"  # of a version's leading letter: "upper" (K2, V3.2) or "as-written"
    # Spellings that name the family only with a version: `星火X2`, while 星火 alone is a word.
    versioned_brands: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        return self.brands[0]


@dataclass(frozen=True)
class ProductMention:
    product: str  # normalised name: `Claude Opus 4.6`
    family: str
    company: str
    mention: str  # as written
    start: int


_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def _flexible(word: str) -> str:
    """Regex for a name whose spaces and hyphens may be written as either or dropped."""
    return r"[ \-_]?".join(re.escape(piece) for piece in re.split(r"[ \-]", word))


def _spellings(brand: str) -> set[str]:
    """The case-folded spellings of a brand whose spaces and hyphens may be either or dropped."""
    pieces = re.split(r"[ \-]", fold_case(normalize_text(brand)))
    forms = {pieces[0]}
    for piece in pieces[1:]:
        forms = {f + sep + piece for f in forms for sep in ("", " ", "-", "_")}
    return forms


def _alternation(words) -> str:
    return "|".join(_flexible(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class _Brand:
    family: Family
    surface: str
    implied_variant: str | None  # `Opus` standing for `Claude Opus`
    needs_version: bool = False  # a `versioned_brands` spelling


class ProductMatcher:
    def __init__(self, families: list[Family]):
        self.families = families
        self._brands: dict[str, list[_Brand]] = {}
        for family in families:
            for surface in family.brands:
                self._brands.setdefault(self._key(surface), []).append(
                    _Brand(family, surface, None)
                )
            for surface in family.versioned_brands:
                self._brands.setdefault(self._key(surface), []).append(
                    _Brand(family, surface, None, needs_version=True)
                )
            for variant in family.variant_brands:
                self._brands.setdefault(self._key(variant), []).append(
                    _Brand(family, variant, variant)
                )
        # Brands are found with one Aho-Corasick pass over the case-folded text, in every
        # spelling of their separators (`Nano Banana`, `Nano-Banana`, `NanoBanana`).
        self._automaton = ahocorasick.Automaton()
        for key, brands in self._brands.items():
            for brand in brands:
                for form in _spellings(brand.surface):
                    if form not in self._automaton:
                        self._automaton.add_word(form, (len(form), key))
        self._automaton.make_automaton()
        self._parts: dict[str, re.Pattern] = {}
        self._first_parts: dict[str, re.Pattern] = {}
        for family in families:
            variants = _alternation(family.variants) if family.variants else r"(?!x)x"
            release = _alternation(family.release_words) if family.release_words else r"(?!x)x"
            # Variants first (`3D` before version `3`), then sizes and dates before versions.
            part = (
                rf"(?:(?P<variant>{variants})|(?P<size>{_SIZE})"
                rf"|(?P<release>{release})|(?P<version>{family.version})|(?P<date>{_DATE}))"
                r"(?![A-Za-z0-9])"
            )
            self._parts[family.name] = re.compile(rf"(?P<sep>[ \-_]?){part}", re.IGNORECASE)
            self._first_parts[family.name] = re.compile(
                rf"(?P<sep>{family.brand_gap}){part}", re.IGNORECASE
            )
        self._variant_canon = {
            family.name: {self._key(v): v for v in family.variants} for family in families
        }
        self._bare_names = frozenset(family.display for family in families if family.bare)
        self._display = {family.name: family.display for family in families}

    @staticmethod
    def _key(text: str) -> str:
        return re.sub(r"[ \-_]", "", text).casefold()

    def find(self, text: str, folded: str | None = None) -> list[ProductMention]:
        """Product mentions in `text`; `folded` is `fold_case(normalize_text(text))` if at hand."""
        if folded is None:
            text = normalize_text(text)
            folded = fold_case(text)
        found: list[tuple[ProductMention, int]] = []
        for end, (length, key) in self._automaton.iter(folded):
            start, brand_end = end - length + 1, end + 1
            written = text[start:brand_end]
            if length == 1 and not text[brand_end : brand_end + 1].isdigit():
                continue  # a one-letter brand (`o3`) is nothing without its version
            if not has_cjk(written) and start > 0:
                before = text[start - 1]
                if _WORD_CHAR.match(before) and (before.islower() or before.isdigit()):
                    continue  # inside a word: `ChatGPT` is not `GPT`
                if _WORD_CHAR.match(before) and written[0].islower():
                    continue
                if len(written) == 1 and before in "-_":
                    continue  # `子曰-o1`: a one-letter brand after a hyphen ends another name
            best: ProductMention | None = None
            for brand in self._brands.get(key, ()):
                mention = self._parse(text, start, brand_end, written, brand)
                if mention and (best is None or len(mention.mention) > len(best.mention)):
                    best = mention
            if best is not None:
                found.append((best, length))
        return self._with_short_forms(
            text, self._without_prefix_brands(text, _without_overlaps(found))
        )

    def _with_short_forms(self, text: str, mentions: list[ProductMention]) -> list[ProductMention]:
        """A model named in full once may be written by its version alone elsewhere in the
        same text: `K3.5成绩单` in an item about Kimi K3.5, `V4` beside DeepSeek-V4. Only a
        version that starts with letters (`K3.5`, `V4`, `S2`), never a bare number."""
        covered = [(m.start, m.start + len(m.mention)) for m in mentions]
        added: list[ProductMention] = []
        for mention in mentions:
            brand = self._display.get(mention.family, "")
            if not mention.product.startswith(brand):
                continue
            short = mention.product[len(brand) :].lstrip(" -_")
            if not _SHORT_FORM.fullmatch(short):
                continue
            for hit in re.finditer(
                rf"(?<![A-Za-z0-9_.\-]){re.escape(short)}(?![A-Za-z0-9_])", text
            ):
                start, stop = hit.span()
                if any(lo < stop and start < hi for lo, hi in covered):
                    continue
                covered.append((start, stop))
                added.append(replace(mention, mention=short, start=start))
        return sorted(mentions + added, key=lambda m: m.start) if added else mentions

    def _without_prefix_brands(
        self, text: str, mentions: list[ProductMention]
    ) -> list[ProductMention]:
        """A bare brand written just before a named product of its maker is that product's
        prefix: `书生Intern-S2` and `通义 Qwen3` name Intern-S2 and Qwen3, not InternLM too."""
        kept = []
        for index, mention in enumerate(mentions):
            following = mentions[index + 1] if index + 1 < len(mentions) else None
            end = mention.start + len(mention.mention)
            if (
                following is not None
                and following.company == mention.company
                and mention.product in self._bare_names
                and text[end : following.start] in ("", " ", "·")
            ):
                continue
            kept.append(mention)
        return kept

    def _parse(
        self, text: str, start: int, pos: int, written: str, brand: _Brand
    ) -> ProductMention | None:
        family = brand.family
        parts: list[tuple[str, str, int]] = []  # (kind, value, end)
        cursor = pos
        for _ in range(6):
            pattern = self._parts[family.name] if parts else self._first_parts[family.name]
            part = pattern.match(text, cursor)
            if not part or part.end() == cursor:
                break
            # A space may separate parts, but only one: `Claude 3 times` stays short below.
            kind = next(k for k in ("variant", "size", "release", "version", "date") if part[k])
            if kind in ("date", "size") and not parts and part["sep"] == " ":
                break  # `Llama 2025` or `GPT 70B` are not a model spelled that way
            if kind == "version" and any(p[0] == "version" for p in parts):
                break  # one version per model: `GPT-4 5` is two things
            parts.append((kind, part[kind], part.end()))
            cursor = part.end()
        # Trailing parts that leave the mention glued to a longer word are dropped.
        while True:
            end = parts[-1][2] if parts else pos
            after = text[end : end + 2]
            glued = bool(after) and (
                (not has_cjk(written) or parts) and _WORD_CHAR.match(after[0]) is not None
            )
            dotted = len(after) == 2 and after[0] == "." and after[1].isalpha()
            if glued and is_plural_after(text, end):
                glued = False  # `H200s`, `B200s`: the plural of a product written with digits
            if not (glued or dotted):
                break
            if not parts:
                return None
            parts.pop()
        naming = [p for p in parts if p[0] in ("variant", "version")]
        has_version = any(p[0] == "version" for p in naming)
        if (brand.implied_variant or brand.needs_version) and not has_version:
            return None
        if not naming:
            if not family.bare or brand.implied_variant:
                return None
            if written not in family.brands and not (
                has_cjk(written) or case_insensitive_safe(written)
            ):
                return None  # `claude` alone is a first name, `Claude` the model
        end = parts[-1][2] if parts else pos
        mention = text[start:end]
        if excluded_by_context(text, start, end, family.exclude):
            return None
        return ProductMention(
            self._normalise(family, brand, naming), family.name, family.company, mention, start
        )

    def _normalise(self, family: Family, brand: _Brand, naming: list[tuple[str, str, int]]) -> str:
        canon = self._variant_canon[family.name]
        variants = [brand.implied_variant] if brand.implied_variant else []
        versions: list[str] = []
        ordered: list[tuple[str, str]] = [("variant", v) for v in variants]
        for kind, value, _ in naming:
            if kind == "variant":
                word = canon.get(self._key(value), value)
                if word not in variants:
                    variants.append(word)
                    ordered.append(("variant", word))
            else:
                version = re.sub(r"(?<=\d)-(?=\d)", ".", value)
                if version[0].isalpha() and family.version_case == "upper":
                    version = version[0].upper() + version[1:]
                versions.append(version)
                ordered.append(("version", version))
        if family.variant_first:
            ordered = [("variant", v) for v in variants] + [("version", v) for v in versions]
        name = brand.surface if family.each_brand and not brand.implied_variant else family.display
        for index, (kind, value) in enumerate(ordered):
            joiner = family.version_joiner if index == 0 and kind == "version" else family.separator
            name += joiner + value
        return name


def is_plural_after(text: str, end: int) -> bool:
    return (
        end > 0
        and text[end - 1].isdigit()
        and text[end : end + 1] == "s"
        and not _WORD_CHAR.match(text[end + 1 : end + 2] or " ")
    )


def _without_overlaps(found: list[tuple[ProductMention, int]]) -> list[ProductMention]:
    # Longest mention first; between equally long ones, the longer brand (`gpt-oss` over `GPT`).
    found.sort(key=lambda pair: (-len(pair[0].mention), -pair[1], pair[0].start))
    kept = without_overlaps((m for m, _ in found), lambda m: (m.start, m.start + len(m.mention)))
    kept.sort(key=lambda m: m.start)
    return kept


def load_families(path: Path = PRODUCTS_FILE) -> list[Family]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    families = []
    for entry in raw.get("family", []):
        separator = entry.get("separator", " ")
        families.append(
            Family(
                name=entry["name"],
                company=entry["company"],
                kind=entry.get("kind", "model"),
                brands=tuple(entry.get("brands", [entry["name"]])),
                version=entry.get("version", DEFAULT_VERSION),
                variants=tuple(entry.get("variants", [])),
                separator=separator,
                version_joiner=entry.get("version_joiner", separator),
                variant_first=entry.get("order", "as-written") == "variant-first",
                bare=entry.get("bare", True),
                variant_brands=tuple(entry.get("variant_brands", [])),
                release_words=tuple(entry.get("release_words", DEFAULT_RELEASE_WORDS)),
                exclude=tuple(entry.get("exclude", [])),
                brand_gap=entry.get("brand_gap", r"[ \-_]?"),
                each_brand=entry.get("each_brand", False),
                version_case=entry.get("version_case", "upper"),
                versioned_brands=tuple(entry.get("versioned_brands", [])),
            )
        )
    return families


@lru_cache(maxsize=4)
def product_matcher(path: Path = PRODUCTS_FILE) -> ProductMatcher:
    return ProductMatcher(load_families(path))


def normalise_product(name: str) -> str | None:
    """The normalised name of a product written on its own (`claude-opus-4.6`), or None."""
    found = product_matcher().find(name)
    return found[0].product if len(found) == 1 and found[0].mention == name.strip() else None


def product_surface_forms() -> set[str]:
    """Brand spellings of every family, e.g. for a segmentation dictionary."""
    return {b for f in product_matcher().families for b in (*f.brands, *f.variant_brands)}

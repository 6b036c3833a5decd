"""Organization mentions in item text, through one Aho-Corasick automaton.

Matching rules (also in the header of data/companies.toml): text and aliases are
NFKC-normalised; an alias with a CJK character matches anywhere; a Latin alias
matches case-sensitively and only where its neighbours are not ASCII letters or
digits (`Meta` is not in `metadata`, `AMD` not in `AMDX`, but `GPT-5` is in
`GPT-5发布`). Overlapping matches resolve to the longest (`谷歌DeepMind` is
Google DeepMind, not Google). Offsets refer to the normalised text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from analysis.enrich.reference import AliasTable, load_alias_table, normalize_text


@dataclass(frozen=True)
class Mention:
    company: str
    mention: str
    start: int
    via_product: bool


def _has_cjk(text: str) -> bool:
    return any("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class MentionTagger:
    def __init__(self, table: AliasTable):
        self.automaton = ahocorasick.Automaton()
        for surface, (company, is_product) in table.surface_forms.items():
            if surface.strip():
                self.automaton.add_word(
                    surface, (surface, company, is_product, not _has_cjk(surface))
                )
        self.automaton.make_automaton()

    def mentions(self, text: str) -> list[Mention]:
        text = normalize_text(text)
        candidates: list[tuple[int, int, str, str, bool]] = []
        for end, (surface, company, is_product, latin) in self.automaton.iter(text):
            start = end - len(surface) + 1
            if latin and (
                (start > 0 and _is_ascii_alnum(text[start - 1]))
                or (end + 1 < len(text) and _is_ascii_alnum(text[end + 1]))
            ):
                continue
            candidates.append((start, end + 1, surface, company, is_product))
        if not candidates:
            return []
        # Longest first; a candidate overlapping an already chosen one is inside it.
        candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
        taken: list[tuple[int, int]] = []
        chosen: list[Mention] = []
        for start, stop, surface, company, is_product in candidates:
            if any(start < t_stop and t_start < stop for t_start, t_stop in taken):
                continue
            taken.append((start, stop))
            chosen.append(Mention(company, surface, start, is_product))
        chosen.sort(key=lambda m: m.start)
        return chosen


@lru_cache(maxsize=1)
def default_tagger() -> MentionTagger:
    return MentionTagger(load_alias_table())


def item_text(headline: str | None, summary: str | None) -> str:
    """The text entities, keywords and categories are read from: headline and summary, one per line."""
    return "\n".join(part for part in ((headline or "").strip(), (summary or "").strip()) if part)

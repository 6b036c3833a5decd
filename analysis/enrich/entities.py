"""Organization mentions in item text, through Aho-Corasick automata.

Matching rules (also in the header of data/companies.toml): text and aliases are
NFKC-normalised; an alias with a CJK character matches anywhere; a Latin alias
matches only where its neighbours are not ASCII letters or digits (`Meta` is not in
`metadata`, `AMD` not in `AMDX`, but `GPT-5` is in `GPT-5发布`). A Latin alias is
matched exactly as written unless it is safe in any casing
(`reference.case_insensitive_safe`: `baseten`, `ollama`, `langchain`), and never
folded when its organization says `case_sensitive = true`. Handles (`togethercompute`,
`vllm-project`) match in any casing; one that is an ordinary word needs `@` or a `/`
before it. Overlapping matches resolve to the longest (`谷歌DeepMind` is Google
DeepMind, not Google). A hit near one of its organization's `exclude` phrases is
dropped. Model and product names (data/products.toml, `analysis.enrich.products`)
count as product mentions of their maker, and so do names a sentence introduces as its
products (`analysis.enrich.introduced`). Offsets refer to the normalised text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from analysis.enrich.introduced import CompanyAt, introduced_products
from analysis.enrich.products import (
    ProductMatcher,
    ProductMention,
    has_cjk,
    is_plural_after,
    product_matcher,
)
from analysis.enrich.reference import (
    AliasTable,
    case_insensitive_safe,
    excluded_by_context,
    fold_case,
    load_alias_table,
    normalize_text,
    without_overlaps,
)
from analysis.enrich.segmentation import not_organizations


@dataclass(frozen=True)
class Mention:
    company: str
    mention: str
    start: int
    via_product: bool


# An item's own account (`x.com/togethercompute/status/…`) is not in its text; a mention
# found through it has this offset.
AUTHOR_HANDLE_START = -1


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_handle_char(ch: str) -> bool:
    return _is_ascii_alnum(ch) or ch == "_"


def _bare_handle_ok(handle: str) -> bool:
    # `cursor_ai` or `vllm_project` cannot be prose; `cursor` or `modal` can.
    return case_insensitive_safe(handle) or bool(re.search(r"[_\d]", handle))


class MentionTagger:
    def __init__(self, table: AliasTable, products: ProductMatcher | None = None):
        self.table = table
        self.products = products
        self._listed: dict[str, tuple[str, str]] = {}
        # kind: "exact" (as written), "folded" (any casing) or "handle"
        self.exact = ahocorasick.Automaton()
        self.folded = ahocorasick.Automaton()
        # A name safe in any casing is only in the folded automaton, so one mention is one hit.
        for surface, (company, is_product) in table.surface_forms.items():
            if not surface.strip():
                continue
            latin = not has_cjk(surface)
            org = table.organizations.get(company)
            if latin and not (org and org.case_sensitive) and case_insensitive_safe(surface):
                folded = fold_case(surface)
                if folded not in self.folded:
                    self.folded.add_word(folded, (surface, company, is_product, True, "folded"))
            else:
                self.exact.add_word(surface, (surface, company, is_product, latin, "exact"))
        for handle, company in table.handles.items():
            if handle not in self.folded:
                self.folded.add_word(handle, (handle, company, False, True, "handle"))
        for automaton in (self.exact, self.folded):
            if len(automaton):
                automaton.make_automaton()

    def __len__(self) -> int:
        return len(self.exact) + len(self.folded)

    def _candidates(self, text: str, folded: str) -> list[tuple[int, int, str, bool, int, str]]:
        """(start, stop, company, is_product, preference, surface) of every hit on word boundaries."""
        found = []
        for automaton, haystack in ((self.exact, text), (self.folded, folded)):
            if not len(automaton):
                continue
            for end, (surface, company, is_product, latin, kind) in automaton.iter(haystack):
                start = end - len(surface) + 1
                stop = end + 1
                before = text[start - 1] if start > 0 else ""
                after = text[stop] if stop < len(text) else ""
                if kind == "handle":
                    if (before and _is_handle_char(before)) or (after and _is_handle_char(after)):
                        continue
                    if before not in ("@", "/") and not _bare_handle_ok(surface):
                        continue
                elif latin:
                    inside = _is_handle_char if kind == "folded" else _is_ascii_alnum
                    if after and inside(after) and is_plural_after(text, stop):
                        after = ""  # `H200s`: the plural of a name written with digits
                    if (before and inside(before)) or (after and inside(after)):
                        continue
                org = self.table.organizations.get(company)
                if org and org.exclude and excluded_by_context(text, start, stop, org.exclude):
                    continue
                if org and is_product and not org.product_in_context(text):
                    continue
                found.append(
                    (start, stop, company, is_product, 0 if kind == "exact" else 1, surface)
                )
        return found

    def mentions(self, text: str) -> list[Mention]:
        return self.tag(text)[0]

    def tag(self, text: str) -> tuple[list[Mention], list[ProductMention]]:
        """Company mentions (with those through products and models) and product mentions."""
        text = normalize_text(text)
        folded = fold_case(text)
        products = self.products.find(text, folded) if self.products else []
        candidates = self._candidates(text, folded)
        if products:
            # A listed product inside a longer model name (`GPT-5` in `GPT-5.4`) is that model.
            spans = [(p.start, p.start + len(p.mention)) for p in products]
            candidates = [
                c
                for c in candidates
                if not c[3]
                or not any(lo <= c[0] and c[1] <= hi and hi - lo > c[1] - c[0] for lo, hi in spans)
            ]
        # Longest first, exact casing before folded; a candidate overlapping a chosen one
        # is inside it.
        candidates.sort(key=lambda c: (c[0] - c[1], c[4], c[0]))
        kept = without_overlaps(candidates, lambda c: (c[0], c[1]))
        taken = [(c[0], c[1]) for c in kept]
        chosen: list[Mention] = []
        listed: list[ProductMention] = []
        for start, stop, company, is_product, _, surface in kept:
            chosen.append(Mention(company, text[start:stop], start, is_product))
            if is_product and not any(
                p.start < stop and start < p.start + len(p.mention) for p in products
            ):
                listed.append(self._listed_product(surface, company, text[start:stop], start))
        for product in products:
            # Where the alias table already named something here (`MiniMax` in `MiniMax-M2`,
            # its own product `Gemini Robotics`), that hit stands for the company.
            stop = product.start + len(product.mention)
            if not any(product.start < t_stop and t_start < stop for t_start, t_stop in taken):
                chosen.append(Mention(product.company, product.mention, product.start, True))
        named = taken + [(p.start, p.start + len(p.mention)) for p in products]
        makers = [CompanyAt(m.company, m.start, m.start + len(m.mention)) for m in chosen]
        introduced = introduced_products(text, makers, named, self._not_a_name)
        chosen += [Mention(p.company, p.mention, p.start, True) for p in introduced]
        chosen.sort(key=lambda m: (m.start, m.via_product))
        return chosen, sorted(products + listed + introduced, key=lambda p: p.start)

    @staticmethod
    def _not_a_name(name: str) -> bool:
        return name.casefold() in not_organizations()

    def _listed_product(
        self, surface: str, company: str, mention: str, start: int
    ) -> ProductMention:
        """A product the alias table lists (`H200`, `AlphaFold 3`), as a product mention.

        Its family is the one the family patterns give it (`Gemini Robotics` is Gemini), else
        the listed name itself.
        """
        known = self._listed.get(surface)
        if known is None:
            found = self.products.find(surface) if self.products else []
            if len(found) == 1 and found[0].mention == surface:
                known = (found[0].product, found[0].family)
            else:
                known = (surface, surface)
            self._listed[surface] = known
        return ProductMention(known[0], known[1], company, mention, start)

    def author_mention(self, handle: str | None) -> Mention | None:
        """The organization whose own account posted the item, if the table knows it."""
        if not handle:
            return None
        company = self.table.handles.get(handle.lower())
        return Mention(company, "@" + handle, AUTHOR_HANDLE_START, False) if company else None


@lru_cache(maxsize=1)
def default_tagger() -> MentionTagger:
    return MentionTagger(load_alias_table(), product_matcher())


def reload_tables() -> None:
    """Forget the loaded alias table and tagger, after data/companies.toml changed."""
    from analysis.enrich.reference import _load_alias_table

    _load_alias_table.cache_clear()
    default_tagger.cache_clear()


def item_text(headline: str | None, summary: str | None) -> str:
    """The text entities, keywords and categories are read from: headline and summary, one per line."""
    return "\n".join(part for part in ((headline or "").strip(), (summary or "").strip()) if part)

"""The grouping form of a keyword, apart from keyword extraction: queries normalise what a reader
types without importing the embedding stack."""

from __future__ import annotations

import threading

from analysis.enrich.reference import AliasTable, load_alias_table
from analysis.enrich.segmentation import clean_surface

__all__ = ["normalize_keyword"]


_FOLDED: dict[int, tuple[AliasTable, dict[str, str]]] = {}
_FOLDED_LOCK = threading.Lock()


def _folded_org_aliases(table: AliasTable) -> dict[str, str]:
    """casefold(organisation alias) → canonical name, for `nvidia`, `NVIDIA`, `Nvidia` alike."""
    entry = _FOLDED.get(id(table))
    if entry is None or entry[0] is not table:
        folded: dict[str, str] = {}
        for surface, (canonical, is_product) in table.surface_forms.items():
            if not is_product:
                folded.setdefault(" ".join(surface.casefold().split()), canonical)
        with _FOLDED_LOCK:
            _FOLDED[id(table)] = entry = (table, folded)
    return entry[1]


def normalize_keyword(term: str, aliases: AliasTable | None = None) -> str:
    """The grouping form of a keyword.

    NFKC (full-width → half-width), ``™``/``®`` dropped, outer quotes and brackets
    and trailing punctuation stripped, whitespace collapsed, English case-folded.
    An organisation alias of the alias table (`data/companies.toml`) becomes its
    canonical organisation name, so ``英伟达``, ``NVIDIA`` and ``Nvidia`` all give
    ``nvidia``, ``谷歌`` gives ``google`` and the handle ``ArtificialAnlys`` gives
    ``artificial analysis``; product names stay themselves
    (``Rubin GPU`` → ``rubin gpu``, not ``nvidia``).
    """
    table = aliases if aliases is not None else load_alias_table()
    text = clean_surface(term)
    hit = table.surface_forms.get(text)
    if hit is not None:
        if not hit[1]:
            text = hit[0]
    else:
        canonical = _folded_org_aliases(table).get(
            " ".join(text.casefold().split())
        ) or table.handle_of(text)
        if canonical is not None:
            text = canonical
    return " ".join(text.casefold().split())

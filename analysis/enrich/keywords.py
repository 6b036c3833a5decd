"""Keywords of news items: KeyBERT over mixed Chinese/English candidates, plus the bold terms.

`extract_keywords(docs, backend)` returns, per item, up to `top_n` (default 8)
keywords chosen by KeyBERT with Maximal Marginal Relevance (`use_mmr=True`,
`diversity` 0.5) among the candidates of `analysis.enrich.segmentation.candidate_terms`,
then the item's **bold** terms.

* origin ``"keybert"``: `score` is the cosine similarity between the keyword and
  the item text (headline + summary), as KeyBERT reports it (rounded to 4
  decimals); rows come best first. An item gets min(top_n, number of distinct
  candidates) of them.
* origin ``"bold"``: every bold term of the item that is a possible keyword at
  all (not a stop word, number or punctuation), in the digest's order, with
  `score` 1.0 — the author marked it, no model judged it. A bold term that is a
  whole sentence (more than 12 CJK characters or more than 6 words, see
  `analysis.enrich.segmentation.is_sentence_like`) is still kept here, but never offered
  to KeyBERT. Shorter bold terms without function words (`Rubin芯片架构`,
  `多时间尺度更新`) are also KeyBERT candidates, so the same `keyword_norm` can
  appear once per origin for an item.

Within one origin an item never has two rows with the same `keyword_norm`
(``英伟达`` and ``NVIDIA`` in one item give one candidate: the first seen).

Batching (the ingest path runs this over thousands of items on a small CPU):
item texts and every candidate term of the batch that is not cached go into ONE
`backend.embed` call; item texts and candidate terms are kept in LRU caches
across calls (`analysis.enrich.embeddings.DOC_CACHE`, `TERM_CACHE`, keyed by the
backend's name), so a repeated batch, or categorising the same batch
afterwards, embeds nothing new. KeyBERT receives the precomputed
`doc_embeddings`/`word_embeddings` and a vectorizer whose vocabulary is exactly
the batch's candidates, so it does the selection but never embeds.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

import numpy as np

from analysis import settings
from analysis.enrich.embeddings import DOC_CACHE, TERM_CACHE, EmbeddingBackend, embed_cached
from analysis.enrich.entities import item_text as entities_item_text
from analysis.enrich.reference import AliasTable, load_alias_table
from analysis.enrich.segmentation import (
    MAX_CJK_CHARS,
    MAX_NAME_WORDS,
    candidate_terms,
    cjk_length,
    clean_surface,
    is_sentence_like,
    is_valid_term,
    latin_word_count,
    tokenize,
)

__all__ = [
    "ItemText",
    "Keyword",
    "extract_keywords",
    "normalize_keyword",
    "item_text",
    "embedded_text",
    "mmr_select",
    "SELECTORS",
    "bold_is_candidate",
]

ORIGIN_KEYBERT = "keybert"
ORIGIN_BOLD = "bold"
BOLD_SCORE = 1.0
# Terms that are in nearly every item of an AI-news corpus and so say nothing about
# a trend; never offered to KeyBERT (still kept when bold). Compared case-folded.
GENERIC_TERMS = frozenset({"ai", "a.i.", "人工智能"})


@dataclass
class ItemText:
    """The text of one news item that enrichment looks at."""

    headline: str
    summary: str
    bold_terms: list[str] = field(default_factory=list)

    @classmethod
    def from_item(cls, item) -> ItemText:
        """From an `analysis.records.Item` (or anything with headline, summary, bold_terms)."""
        return cls(item.headline or "", item.summary or "", list(item.bold_terms or []))


@dataclass
class Keyword:
    keyword: str  # display form: the surface in the text, NFKC, outer quotes stripped
    keyword_norm: str  # grouping key, see normalize_keyword
    score: float
    origin: str  # "keybert" or "bold"


def item_text(doc: ItemText) -> str:
    """An item's text (headline + summary): the same text that entities are read from."""
    return entities_item_text(doc.headline, doc.summary)


def embed_chars_setting() -> int:
    return settings.get_int("embed_chars")


def embedded_text(doc: ItemText, chars: int | None = None) -> str:
    """What gets embedded for an item: its text cut to `chars` characters (the `embed_chars`
    setting; 0 = whole). Candidates still come from the whole text."""
    chars = embed_chars_setting() if chars is None else chars
    text = item_text(doc)
    return text[:chars] if chars > 0 else text


# ------------------------------------------------------------------ normalisation

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
    ``nvidia`` and ``谷歌`` gives ``google``; product names stay themselves
    (``Rubin GPU`` → ``rubin gpu``, not ``nvidia``).
    """
    table = aliases if aliases is not None else load_alias_table()
    text = clean_surface(term)
    hit = table.surface_forms.get(text)
    if hit is not None:
        if not hit[1]:
            text = hit[0]
    else:
        canonical = _folded_org_aliases(table).get(" ".join(text.casefold().split()))
        if canonical is not None:
            text = canonical
    return " ".join(text.casefold().split())


# ------------------------------------------------------------------ bold terms

_SENTENCE_PUNCTUATION = re.compile(r"[，。！？；：,;!?:…]")
# Words that make a bold span a clause rather than a term (`AI的普及是一个协调问题`, `做什么`).
_CLAUSE_WORDS = frozenset(
    [
        "的",
        "了",
        "是",
        "在",
        "和",
        "与",
        "及",
        "以及",
        "或",
        "或者",
        "把",
        "被",
        "将",
        "不",
        "没",
        "会",
        "也",
        "都",
        "就",
        "而",
        "并",
        "对",
        "从",
        "向",
        "让",
        "使",
        "这",
        "那",
        "其",
        "之",
        "吗",
        "呢",
        "吧",
        "啊",
        "一个",
        "什么",
        "怎么",
        "如何",
        "为什么",
        "不会",
        "可以",
        "因为",
        "所以",
        "但是",
        "而是",
        "没有",
        "如果",
        "虽然",
    ]
)


def bold_is_candidate(term: str) -> bool:
    """May this bold term also be offered to KeyBERT? Only a term, never a clause or sentence."""
    text = clean_surface(term)
    if not text or not is_valid_term(text) or is_sentence_like(text):
        return False
    if cjk_length(text) > MAX_CJK_CHARS or latin_word_count(text) > MAX_NAME_WORDS:
        return False
    if _SENTENCE_PUNCTUATION.search(text):
        return False
    if text in load_alias_table().surface_forms:
        return True
    return all(
        not (token.kind == "stop" or token.text in _CLAUSE_WORDS) for token in tokenize(text)
    )


def _bold_keywords(doc: ItemText, table: AliasTable) -> list[Keyword]:
    rows: list[Keyword] = []
    seen: set[str] = set()
    for raw in doc.bold_terms:
        text = clean_surface(raw)
        if not text or not is_valid_term(text):
            continue
        norm = normalize_keyword(text, table)
        if norm and norm not in seen:
            seen.add(norm)
            rows.append(Keyword(text, norm, BOLD_SCORE, ORIGIN_BOLD))
    return rows


# ------------------------------------------------------------------ extraction

_KEYBERT: dict[str, tuple[EmbeddingBackend, object]] = {}
_KEYBERT_LOCK = threading.Lock()


def _keybert_for(backend: EmbeddingBackend):
    """One KeyBERT per backend, always given the backend object (never a model name)."""
    entry = _KEYBERT.get(backend.name)
    if entry is None or entry[0] is not backend:
        from keybert import KeyBERT

        from analysis.enrich.embeddings import KeyBERTBackendAdapter

        with _KEYBERT_LOCK:
            entry = (backend, KeyBERT(model=KeyBERTBackendAdapter(backend)))
            _KEYBERT[backend.name] = entry
    return entry[1]


def _doc_candidates(doc: ItemText, text: str, table: AliasTable) -> tuple[list[str], list[str]]:
    """(candidate surfaces, their normalised forms), one candidate per normalised form."""
    surfaces = candidate_terms(text)
    for raw in doc.bold_terms:
        if bold_is_candidate(raw):
            surfaces.append(clean_surface(raw))
    chosen: list[str] = []
    norms: list[str] = []
    seen: set[str] = set()
    for surface in surfaces:
        norm = normalize_keyword(surface, table)
        if norm and norm not in seen and norm not in GENERIC_TERMS:
            seen.add(norm)
            chosen.append(surface)
            norms.append(norm)
    return chosen, norms


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    # The same arithmetic as scikit-learn's `normalize` inside KeyBERT's cosine_similarity,
    # so that both selectors see bit-identical similarities.
    norms = np.sqrt(np.einsum("ij,ij->i", matrix, matrix))
    norms[norms == 0.0] = 1.0
    return matrix / norms[:, np.newaxis]


def mmr_select(
    doc_vector: np.ndarray, candidate_vectors: np.ndarray, top_n: int, diversity: float
) -> list[tuple[int, float]]:
    """Maximal Marginal Relevance over precomputed vectors: (candidate row, similarity to the
    document rounded to 4 decimals), best similarity first.

    The same choices as `keybert._mmr.mmr` (first pick: the candidate most similar to the
    document; then each step maximises (1 - diversity) * similarity to the document
    - diversity * the highest similarity to an already chosen candidate; ties go to the
    lower row), without its per-document scikit-learn calls and list bookkeeping.
    """
    count = len(candidate_vectors)
    if count == 0 or top_n <= 0:
        return []
    words = _unit_rows(np.asarray(candidate_vectors))
    doc = _unit_rows(np.asarray(doc_vector).reshape(1, -1))
    doc_similarity = (words @ doc.T)[:, 0]
    word_similarity = words @ words.T
    chosen = [int(np.argmax(doc_similarity))]
    taken = np.zeros(count, dtype=bool)
    taken[chosen[0]] = True
    closest = word_similarity[:, chosen[0]].copy()
    for _ in range(min(top_n - 1, count - 1)):
        score = (1 - diversity) * doc_similarity - diversity * closest
        score[taken] = -np.inf
        pick = int(np.argmax(score))
        chosen.append(pick)
        taken[pick] = True
        np.maximum(closest, word_similarity[:, pick], out=closest)
    picked = [(row, round(float(doc_similarity[row]), 4)) for row in chosen]
    return sorted(picked, key=lambda pair: pair[1], reverse=True)


def _select_numpy(
    per_doc: list[list[str]],
    words: list[str],
    doc_embeddings: np.ndarray,
    word_embeddings: np.ndarray,
    top_n: int,
    diversity: float,
    backend: EmbeddingBackend,
) -> list[list[tuple[str, float]]]:
    index_of = {word: i for i, word in enumerate(words)}
    selected = []
    for i, surfaces in enumerate(per_doc):
        # KeyBERT sees a document's candidates in vocabulary order; so does this.
        rows = sorted(index_of[s] for s in surfaces)
        picks = mmr_select(doc_embeddings[i], word_embeddings[rows], top_n, diversity)
        selected.append([(words[rows[row]], score) for row, score in picks])
    return selected


def _select_keybert(
    per_doc: list[list[str]],
    words: list[str],
    doc_embeddings: np.ndarray,
    word_embeddings: np.ndarray,
    top_n: int,
    diversity: float,
    backend: EmbeddingBackend,
) -> list[list[tuple[str, float]]]:
    from sklearn.feature_extraction.text import CountVectorizer

    # Documents are passed to KeyBERT as their index; the vectorizer's analyzer
    # maps an index to that item's candidates, and its fixed vocabulary is `words`,
    # so KeyBERT's word_embeddings rows line up with ours.
    vectorizer = CountVectorizer(
        analyzer=lambda key: per_doc[int(key)], vocabulary=words, lowercase=False
    )
    keys = [str(index) for index in range(len(per_doc))]
    result = _keybert_for(backend).extract_keywords(
        keys,
        vectorizer=vectorizer,
        use_mmr=True,
        diversity=diversity,
        top_n=top_n,
        doc_embeddings=np.asarray(doc_embeddings),
        word_embeddings=np.asarray(word_embeddings),
    )
    if len(per_doc) == 1:  # KeyBERT unwraps a single document's list
        result = [result]
    return [list(keywords) for keywords in result]


# How keywords are chosen among an item's candidates: the same MMR, two implementations.
# "numpy" is the default; "keybert" is the reference it is tested against.
SELECTORS = {"numpy": _select_numpy, "keybert": _select_keybert}


def nr_candidates_for(top_n: int) -> int:
    """How many of an item's most similar candidates MMR chooses among (KeyBERT's own default is 20)."""
    return max(20, 2 * top_n)


def extract_keywords(
    docs: list[ItemText],
    backend: EmbeddingBackend,
    top_n: int = 8,
    diversity: float = 0.5,
    *,
    selector: str = "numpy",
    embed_chars: int | None = None,
) -> list[list[Keyword]]:
    """Keywords per item: KeyBERT/MMR keywords (best first), then the bold terms. See the module doc.

    MMR looks at an item's `nr_candidates_for(top_n)` candidates most similar to
    the item (as KeyBERT's max-sum mode does with `nr_candidates`): with short
    candidates, similarities to the item are low (0.0-0.4) and MMR's diversity
    term would otherwise prefer unrelated words such as `足够`.
    """
    if not docs:
        return []
    select = SELECTORS[selector]
    table = load_alias_table()
    texts = [item_text(doc) for doc in docs]
    embedded = [embedded_text(doc, embed_chars) for doc in docs]
    per_doc: list[list[str]] = []
    norm_of: dict[str, str] = {}
    vocabulary: dict[str, None] = {}
    for doc, text in zip(docs, texts, strict=False):
        surfaces, norms = _doc_candidates(doc, text, table)
        per_doc.append(surfaces)
        for surface, norm in zip(surfaces, norms, strict=False):
            norm_of[surface] = norm
            vocabulary.setdefault(surface, None)
    words = list(vocabulary)

    doc_embeddings, word_embeddings = embed_cached(
        backend, [(embedded, DOC_CACHE), (words, TERM_CACHE)]
    )
    if words:
        index_of = {word: i for i, word in enumerate(words)}
        limit = nr_candidates_for(top_n)
        for i, surfaces in enumerate(per_doc):
            if len(surfaces) > limit:
                rows = [index_of[s] for s in surfaces]
                similarity = word_embeddings[rows] @ doc_embeddings[i]
                keep = sorted(np.argsort(-similarity, kind="stable")[:limit])
                per_doc[i] = [surfaces[k] for k in keep]

    selected: list[list[tuple[str, float]]] = [[] for _ in docs]
    if words and top_n > 0:
        selected = select(
            per_doc, words, doc_embeddings, word_embeddings, top_n, diversity, backend
        )

    out: list[list[Keyword]] = []
    for doc, keywords in zip(docs, selected, strict=False):
        rows: list[Keyword] = []
        seen: set[str] = set()
        for word, score in keywords:
            word = str(word)
            norm = norm_of.get(word) or normalize_keyword(word, table)
            if norm in seen or not is_valid_term(word) or is_sentence_like(word):
                continue
            seen.add(norm)
            rows.append(Keyword(word, norm, float(score), ORIGIN_KEYBERT))
        rows.extend(_bold_keywords(doc, table))
        out.append(rows)
    return out

"""Item categories by embedding similarity to the taxonomy in `data/categories.toml`.

Every category has an English and a Chinese description; both are embedded
separately and an item's score for a category is the better of its two cosine
similarities with the item text (headline + summary, the same text
`analysis.enrich.keywords` embeds, so the document embeddings are shared through
`analysis.enrich.embeddings.DOC_CACHE`).

* Items whose digest declared categories (a non-empty list) choose among the
  declared ones only — method ``"declared-nearest"``. A declared name is matched
  to the taxonomy by its name or Chinese label (case-insensitively); a declared
  name that is not in the taxonomy is embedded by its name.
* Items without declared categories choose from the whole taxonomy — method
  ``"taxonomy-nearest"``.

Either way the best category is always returned, followed by the next best ones
whose score is within `margin` (default `DEFAULT_MARGIN`) of the best, up to
`max_categories`. Scores are cosine similarities (about 0.0-0.6 for this model).
Category embeddings are computed once per backend name and taxonomy.
"""

from __future__ import annotations

import threading

import numpy as np

from analysis.enrich.embeddings import DOC_CACHE, TERM_CACHE, EmbeddingBackend, embed_cached
from analysis.enrich.keywords import ItemText, embedded_text
from analysis.enrich.reference import Category, load_categories

__all__ = [
    "assign_categories",
    "category_matrix",
    "DEFAULT_MARGIN",
    "METHOD_DECLARED",
    "METHOD_TAXONOMY",
]

METHOD_DECLARED = "declared-nearest"
METHOD_TAXONOMY = "taxonomy-nearest"
# A second category is kept when its score is at most this far below the best one.
DEFAULT_MARGIN = 0.03

_MATRICES: dict[tuple[str, tuple[Category, ...]], np.ndarray] = {}
_MATRICES_LOCK = threading.Lock()


def category_matrix(backend: EmbeddingBackend, categories: tuple[Category, ...]) -> np.ndarray:
    """(2, n_categories, dim): row 0 the English descriptions, row 1 the Chinese ones. Cached per backend name."""
    key = (backend.name, categories)
    matrix = _MATRICES.get(key)
    if matrix is None:
        texts = []
        for category in categories:
            texts.append(category.description_en or category.name)
            texts.append(category.description_zh or category.label_zh or category.name)
        vectors = backend.embed(texts) if texts else np.zeros((0, 0), dtype=np.float32)
        n = len(categories)
        matrix = (
            np.stack([vectors[0::2], vectors[1::2]]) if n else np.zeros((2, 0, 0), dtype=np.float32)
        )
        with _MATRICES_LOCK:
            _MATRICES[key] = matrix
    return matrix


def _taxonomy_index(categories: tuple[Category, ...]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, category in enumerate(categories):
        for label in (category.name, category.label_zh):
            if label:
                index.setdefault(label.strip().casefold(), i)
    return index


def _pick(
    names: list[str], scores: np.ndarray, max_categories: int, margin: float, method: str
) -> list[tuple[str, float, str]]:
    order = np.argsort(-scores, kind="stable")
    best = float(scores[order[0]])
    chosen: list[tuple[str, float, str]] = []
    for rank, k in enumerate(order[: max(1, max_categories)]):
        score = float(scores[k])
        if rank > 0 and score < best - margin:
            break
        chosen.append((names[k], round(score, 4), method))
    return chosen


def assign_categories(
    docs: list[ItemText],
    declared: list[list[str]],
    backend: EmbeddingBackend,
    max_categories: int = 2,
    margin: float = DEFAULT_MARGIN,
    *,
    embed_chars: int | None = None,
) -> list[list[tuple[str, float, str]]]:
    """Per item, [(category, score, method), ...] best first: one category, or more within `margin`."""
    if len(declared) != len(docs):
        raise ValueError(f"declared has {len(declared)} entries for {len(docs)} items")
    if not docs:
        return []
    categories = load_categories()
    names = [c.name for c in categories]
    taxonomy = _taxonomy_index(categories)

    # Declared names outside the taxonomy are embedded by their name.
    unknown: dict[str, None] = {}
    cleaned: list[list[str]] = []
    for names_declared in declared:
        seen: dict[str, None] = {}
        for raw in names_declared or []:
            name = str(raw).strip()
            if name:
                seen.setdefault(name, None)
                if name.casefold() not in taxonomy:
                    unknown.setdefault(name, None)
        cleaned.append(list(seen))
    texts = [embedded_text(doc, embed_chars) for doc in docs]
    doc_vectors, unknown_vectors = embed_cached(
        backend, [(texts, DOC_CACHE), (list(unknown), TERM_CACHE)]
    )
    unknown_row = {name: i for i, name in enumerate(unknown)}

    matrix = category_matrix(backend, categories)
    if len(categories):
        taxonomy_scores = np.maximum(
            doc_vectors @ matrix[0].T, doc_vectors @ matrix[1].T
        )  # (n_docs, n_categories)
    else:
        taxonomy_scores = np.zeros((len(docs), 0), dtype=np.float32)

    out: list[list[tuple[str, float, str]]] = []
    for i, names_declared in enumerate(cleaned):
        if names_declared:
            labels: list[str] = []
            scores: list[float] = []
            used: set[str] = set()
            for name in names_declared:
                k = taxonomy.get(name.casefold())
                label = names[k] if k is not None else name
                if label in used:
                    continue
                used.add(label)
                labels.append(label)
                if k is not None:
                    scores.append(float(taxonomy_scores[i, k]))
                else:
                    scores.append(float(unknown_vectors[unknown_row[name]] @ doc_vectors[i]))
            out.append(_pick(labels, np.asarray(scores), max_categories, margin, METHOD_DECLARED))
        elif len(categories):
            out.append(_pick(names, taxonomy_scores[i], max_categories, margin, METHOD_TAXONOMY))
        else:
            out.append([])
    return out

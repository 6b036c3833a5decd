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

Evidence beside the text: the item's section heading (`### 开源项目`) and its `#tags`
(`ItemText.tags`) are embedded as short texts and added to the item's vector with weight
`SECTION_WEIGHT` / `TAG_WEIGHT`, and a category whose name or Chinese label a heading or
tag names (`开源`, `#Robotics`) gains `NAMED_BONUS`. Source labels (`消息来源`, `来源：量子位`,
`via @handle`, the item's stored `source_label`) never reach the classifier: they are
removed from the text first (`classifier_text`), so 源 in 消息来源 says nothing about
"Open Source".

Either way the best category is always returned, followed by the next best ones
whose score is within `margin` (default `DEFAULT_MARGIN`) of the best, up to
`max_categories`. Scores are cosine similarities (about 0.0-0.6 for this model).
Category embeddings are computed once per backend name and taxonomy.
"""

from __future__ import annotations

import re
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
SECTION_WEIGHT = 0.5
TAG_WEIGHT = 0.35
NAMED_BONUS = 0.1
# Link texts and attributions that name where an item came from, at the end of a line or in
# brackets: `消息来源`, `（来源：36氪）`, `Source: The Verge`, `via @sama`.
_SOURCE_LABEL = re.compile(
    r"[（(\[]?\s*(?:消息来源|信息来源|新闻来源|来源|出处|原文链接|阅读原文|查看原文|原文|"
    r"Sources?|Via|via|Read more|Original)"
    r"(?:\s*[:：]\s*[^\n，。；;）)\]]{0,40}|\s+@[\w.-]{1,40})?[）)\]]?"
    r"(?=\s*$)",
    re.MULTILINE,
)
_BRACKETED_SOURCE = re.compile(
    r"[（(]\s*(?:消息来源|信息来源|来源|出处|Source|via)\s*[:：][^（()）\n]{0,40}[）)]"
)


def classifier_text(text: str, source_label: str | None = None) -> str:
    """The item text the classifier reads: source labels removed, the rest as it is."""
    if source_label and source_label.strip():
        text = text.replace(source_label.strip(), " ")
    text = _BRACKETED_SOURCE.sub(" ", text)
    return "\n".join(" ".join(_SOURCE_LABEL.sub(" ", line).split()) for line in text.split("\n"))


def _evidence_key(label: str) -> str:
    return label.strip().lstrip("#").strip()


def named_categories(labels: list[str], categories: tuple[Category, ...]) -> set[int]:
    """Indices of the categories a heading or tag names (`开源项目` names Open Source)."""
    found: set[int] = set()
    for raw in labels:
        label = raw.strip().lstrip("#").strip().casefold()
        if len(label) < 2:
            continue
        for i, category in enumerate(categories):
            for name in (category.name, category.label_zh):
                name = (name or "").casefold()
                if len(name) >= 2 and (name in label or label in name):
                    found.add(i)
    return found


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
    sections: list[str | None] | None = None,
    source_labels: list[str | None] | None = None,
    tags: list[list[str]] | None = None,
    *,
    embed_chars: int | None = None,
) -> list[list[tuple[str, float, str]]]:
    """Per item, [(category, score, method), ...] best first: one category, or more within `margin`.

    `sections` (the heading each item sits under) and `tags` (the item's and its digest's;
    default: each doc's own `tags`) are evidence; `source_labels` are removed from the text
    with every other source label.
    """
    if len(declared) != len(docs):
        raise ValueError(f"declared has {len(declared)} entries for {len(docs)} items")
    sections = [(s or "").strip() or None for s in (sections or [None] * len(docs))]
    source_labels = source_labels or [None] * len(docs)
    tags = [
        [_evidence_key(t) for t in item_tags if t and _evidence_key(t)]
        for item_tags in (tags if tags is not None else [list(d.tags or []) for d in docs])
    ]
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
    texts = [
        classifier_text(embedded_text(doc, embed_chars), label)
        for doc, label in zip(docs, source_labels, strict=True)
    ]
    evidence_texts: dict[str, None] = {}
    for section, item_tags in zip(sections, tags, strict=True):
        for label in ([section] if section else []) + item_tags:
            evidence_texts.setdefault(label, None)
    doc_vectors, unknown_vectors, evidence_vectors = embed_cached(
        backend,
        [(texts, DOC_CACHE), (list(unknown), TERM_CACHE), (list(evidence_texts), TERM_CACHE)],
    )
    unknown_row = {name: i for i, name in enumerate(unknown)}
    evidence_row = {text: i for i, text in enumerate(evidence_texts)}
    doc_vectors = np.array(doc_vectors, dtype=np.float32, copy=True)
    bonus = np.zeros((len(docs), len(categories)), dtype=np.float32)
    for i, (section, item_tags) in enumerate(zip(sections, tags, strict=True)):
        weighted = ([(section, SECTION_WEIGHT)] if section else []) + [
            (t, TAG_WEIGHT) for t in item_tags
        ]
        if not weighted:
            continue
        vector = doc_vectors[i] + sum(w * evidence_vectors[evidence_row[t]] for t, w in weighted)
        norm = float(np.linalg.norm(vector))
        if norm:
            doc_vectors[i] = vector / norm
        for k in named_categories([t for t, _ in weighted], categories):
            bonus[i, k] = NAMED_BONUS

    matrix = category_matrix(backend, categories)
    if len(categories):
        taxonomy_scores = (
            np.maximum(doc_vectors @ matrix[0].T, doc_vectors @ matrix[1].T) + bonus
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

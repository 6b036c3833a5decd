"""Embedding backends: the built-in USE backend, the optional sentence-transformers one, the selector,
the KeyBERT adapter and the one-call cache."""

from __future__ import annotations

import hashlib
import importlib.util
import socket
import time

import numpy as np
import pytest

from analysis.enrich.embeddings import (
    USE_MULTILINGUAL,
    BackendUnavailable,
    EmbeddingBackend,
    EmbeddingCache,
    KeyBERTBackendAdapter,
    SentenceTransformerBackend,
    embed_cached,
    get_backend,
)


class HashBackend:
    """Deterministic fake: a unit vector per text from its hash. Counts like a real backend."""

    dim = 16

    def __init__(self, name: str = "fake-hash") -> None:
        self.name = name
        self.calls = 0
        self.texts_embedded = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts_embedded += len(texts)
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
            row = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            rows.append(row / np.linalg.norm(row))
        return np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)


@pytest.fixture(scope="session")
def use_backend():
    return get_backend(USE_MULTILINGUAL)


def test_use_backend_returns_normalised_float32(use_backend):
    calls, texts = use_backend.calls, use_backend.texts_embedded
    vectors = use_backend.embed(
        ["英伟达发布Rubin GPU", "Boston Dynamics unveils a new Atlas humanoid robot", ""]
    )
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, 512)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert use_backend.calls == calls + 1
    assert use_backend.texts_embedded == texts + 3
    assert isinstance(use_backend, EmbeddingBackend)
    assert use_backend.name == "use-multilingual"


def test_use_backend_is_multilingual(use_backend):
    robot_zh, robot_en, bank_en = use_backend.embed(
        ["人形机器人", "humanoid robot", "interest rates at the central bank"]
    )
    assert float(robot_zh @ robot_en) > float(robot_zh @ bank_en) + 0.2


def test_empty_input_gives_an_empty_matrix(use_backend):
    assert use_backend.embed([]).shape == (0, 512)


def test_get_backend_caches_one_instance_per_name(use_backend, monkeypatch):
    assert get_backend("use-multilingual") is use_backend
    monkeypatch.setenv("TRENDBOARD_MODEL", "use-multilingual")
    assert get_backend() is use_backend
    assert get_backend(None) is use_backend


@pytest.mark.skipif(
    importlib.util.find_spec("sentence_transformers") is not None,
    reason="sentence-transformers is installed here",
)
def test_unknown_model_without_sentence_transformers_fails_fast_and_offline(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    start = time.perf_counter()
    with pytest.raises(BackendUnavailable, match="sentence-transformers") as info:
        get_backend("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2")
    assert time.perf_counter() - start < 1.0
    assert "uv pip install sentence-transformers" in str(info.value)
    with pytest.raises(BackendUnavailable, match="sentence-transformers"):
        SentenceTransformerBackend("/some/local/model/folder")
    # a failure is not cached: the next call says the same
    with pytest.raises(BackendUnavailable):
        get_backend("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2")


def test_keybert_receives_the_adapter_and_counts_through_it():
    from keybert import KeyBERT

    backend = HashBackend("fake-keybert-adapter")
    adapter = KeyBERTBackendAdapter(backend)
    model = KeyBERT(model=adapter)
    assert model.model is adapter
    out = adapter.embed(np.array(["a", "b"], dtype=object))
    assert out.shape == (2, HashBackend.dim)
    assert (backend.calls, backend.texts_embedded) == (1, 2)


def test_embed_cached_uses_one_call_and_then_none():
    backend = HashBackend("fake-embed-cached")
    docs, terms = EmbeddingCache(100), EmbeddingCache(100)
    first = embed_cached(backend, [(["d1", "d2", "d1"], docs), (["t1", "d2", "t2"], terms)])
    assert backend.calls == 1
    assert backend.texts_embedded == 4  # d1, d2, t1, t2: duplicates across requests embedded once
    assert [m.shape for m in first] == [(3, 16), (3, 16)]
    np.testing.assert_array_equal(first[0][0], first[0][2])
    np.testing.assert_array_equal(first[0][1], first[1][1])
    again = embed_cached(backend, [(["d2", "d1"], docs), (["t2"], terms)])
    assert backend.calls == 1
    np.testing.assert_array_equal(again[0][0], first[0][1])
    empty = embed_cached(backend, [([], docs)])
    assert backend.calls == 1 and empty[0].shape[0] == 0


def test_cache_is_bounded_and_keyed_by_backend_name():
    cache = EmbeddingCache(2)
    row = np.ones(3, dtype=np.float32)
    cache.put("a", "x", row)
    cache.put("a", "y", row)
    cache.get("a", "x")  # x is now the most recent
    cache.put("a", "z", row)  # evicts y
    assert cache.get("a", "y") is None
    assert cache.get("a", "x") is not None
    assert cache.get("b", "x") is None
    assert len(cache) == 2

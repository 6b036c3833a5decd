"""The numpy MMR picks what KeyBERT's MMR picks, on the real-shaped gold set."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.enrich.embeddings import get_backend
from analysis.enrich.keywords import ItemText, extract_keywords, mmr_select
from benchmarks.gold_real import load_gold_real


def test_mmr_select_on_hand_made_vectors():
    doc = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    words = np.array([[0.9, 0.1, 0.0], [0.89, 0.12, 0.0], [0.5, 0.0, 0.5]], dtype=np.float32)
    picks = mmr_select(doc, words, top_n=2, diversity=0.9)
    # The best match first; then diversity prefers the orthogonal-ish word over the near twin.
    assert [row for row, _ in picks] == [0, 2]
    assert picks[0][1] == round(float(words[0] @ doc / np.linalg.norm(words[0])), 4)
    assert mmr_select(doc, words[:0], top_n=3, diversity=0.5) == []


@pytest.mark.slow
def test_numpy_mmr_agrees_with_keybert_on_the_gold_set():
    backend = get_backend()
    docs = [ItemText(g.headline, g.summary, list(g.bold_terms), g.tags) for g in load_gold_real()]
    assert len(docs) >= 160
    ours = extract_keywords(docs, backend, selector="numpy")
    theirs = extract_keywords(docs, backend, selector="keybert")
    differing = [
        (doc.headline, [k.keyword for k in a], [k.keyword for k in b])
        for doc, a, b in zip(docs, ours, theirs, strict=True)
        if [(k.keyword, k.score, k.origin) for k in a]
        != [(k.keyword, k.score, k.origin) for k in b]
    ]
    assert differing == []

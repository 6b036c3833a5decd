"""Enrichment at ingest: stored once, cached by content hash and model, recomputed only when needed."""

from __future__ import annotations

import hashlib

import duckdb
import numpy as np

from analysis.enrich.embeddings import get_backend
from analysis.enrich.keywords import ItemText, marked_keyword_terms, normalize_keyword
from analysis.enrich.pipeline import enrich_all
from analysis.ingest.pipeline import ingest_paths


class HashingBackend:
    """A deterministic stand-in model: counts its calls, embeds by hashing words."""

    def __init__(self, name: str):
        self.name, self.calls, self.texts_embedded = name, 0, 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        self.texts_embedded += len(texts)
        rows = np.zeros((len(texts), 64), dtype=np.float32)
        for index, text in enumerate(texts):
            for token in text.split() or [text]:
                rows[index, int(hashlib.md5(token.encode()).hexdigest(), 16) % 64] += 1
            rows[index] /= max(np.linalg.norm(rows[index]), 1e-9)
        return rows


def counts(db: str) -> tuple[int, int, int]:
    with duckdb.connect(db, read_only=True) as con:
        return tuple(
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("item_keywords", "item_categories", "enrichment_cache")
        )


def test_keywords_categories_stored_with_bold_terms(good_folder, db_path):
    ingest_paths([str(good_folder)], db_path)
    summary = enrich_all(db_path, backend=get_backend("use-multilingual"))
    assert summary.keyword_items == 20 and summary.keyword_items_from_cache == 0
    with duckdb.connect(db_path, read_only=True) as con:
        bold = con.execute("""SELECT k.keyword, k.model FROM item_keywords k JOIN items i USING (item_id)
                              WHERE i.headline LIKE '英伟达在CES%' AND k.origin = 'bold'
                              ORDER BY k.keyword""").fetchall()
        # A bold clause gives the names inside it, never itself.
        assert ("Rubin芯片架构", "") in bold and ("Alpamayo", "") in bold
        assert ("Alpamayo机器人及自动驾驶VLA模型", "") not in bold
        per_item = con.execute("""SELECT count(*) FROM item_keywords WHERE origin = 'keybert'
                                  GROUP BY item_id ORDER BY 1""").fetchall()
        assert max(n for (n,) in per_item) <= 10
        atlas = con.execute("""SELECT c.category FROM item_categories c JOIN items i USING (item_id)
                               WHERE i.headline LIKE 'Boston Dynamics推出新款Atlas%'
                               ORDER BY c.score DESC LIMIT 1""").fetchone()
        assert atlas == ("Robotics",)
        uncategorised = con.execute(
            "SELECT count(*) FROM items WHERE item_id NOT IN (SELECT item_id FROM item_categories)"
        ).fetchone()[0]
        assert uncategorised == 0


def test_reingest_and_rerun_compute_no_embeddings(good_folder, db_path):
    backend = HashingBackend("hashing-a")
    ingest_paths([str(good_folder)], db_path)
    enrich_all(db_path, backend=backend)
    calls = backend.calls
    assert calls > 0
    before = counts(db_path)
    enrich_all(db_path, backend=backend)  # nothing new
    assert backend.calls == calls and counts(db_path) == before
    # A changed title replaces the digest (new item ids) but every item's text is unchanged: all from the cache.
    edited = good_folder / "bullets.md"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("2026.02.03.08", "2026.02.03.09"),
        encoding="utf-8",
    )
    assert ingest_paths([str(good_folder)], db_path).replaced == 1
    summary = enrich_all(db_path, backend=backend)
    assert backend.calls == calls
    assert summary.keyword_items == 2 and summary.keyword_items_from_cache == 2
    assert counts(db_path)[:2] == before[:2]


def test_another_model_recomputes_once(good_folder, db_path):
    first, second = HashingBackend("hashing-a"), HashingBackend("hashing-b")
    ingest_paths([str(good_folder)], db_path)
    enrich_all(db_path, backend=first)
    enrich_all(db_path, backend=second)
    assert second.calls > 0
    calls = second.calls
    enrich_all(db_path, backend=second)
    assert second.calls == calls
    with duckdb.connect(db_path, read_only=True) as con:
        models = dict(
            con.execute(
                "SELECT model, count(DISTINCT item_id) FROM item_keywords GROUP BY 1"
            ).fetchall()
        )
        # the digest's marked terms: its bold terms and the names it quotes
        terms = [
            marked_keyword_terms(ItemText(h or "", s or "", list(b or [])))
            for h, s, b in con.execute("SELECT headline, summary, bold_terms FROM items").fetchall()
        ]
        bold_rows = con.execute(
            "SELECT count(*) FROM item_keywords WHERE origin = 'bold'"
        ).fetchone()[0]
    with_bold = sum(1 for t in terms if t)
    assert models["hashing-a"] == models["hashing-b"] == 20
    assert models[""] == with_bold >= 14  # bold rows belong to no model: stored once
    assert bold_rows == sum(len({normalize_keyword(x) for x in t}) for t in terms)

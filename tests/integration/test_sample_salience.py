"""On the bundled sample (data/digests), the default view's top keywords are not background."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from test_enrich import HashingBackend

from analysis.enrich.boilerplate import load_boilerplate, series_sql
from analysis.enrich.pipeline import enrich_all
from analysis.ingest.pipeline import ingest_paths
from analysis.query.filters import Filters
from analysis.query.keywords import top_keywords

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "digests"
# The words the issue found on top of the sample's keyword lines before salience.
KNOWN_BACKGROUND = {"开放", "模型", "开发者", "api", "ai", "大模型", "工具", "性能"}


@pytest.mark.slow
def test_no_background_word_in_the_default_top_ten(tmp_path):
    db = str(tmp_path / "sample.duckdb")
    ingest_paths([str(SAMPLE)], db)
    model = "hashing-sample"
    enrich_all(db, backend=HashingBackend(model))
    with duckdb.connect(db, read_only=True) as con:
        top = top_keywords(con, Filters(model=model), limit=10)
        boilerplate = load_boilerplate(con)
        series = series_sql(con)
        rows = con.execute(
            f"SELECT {series}, i.headline || chr(10) || coalesce(i.summary, ''), "
            "CAST(timezone('UTC', i.published_at) AS DATE) FROM items i JOIN digests d USING (digest_id)"
        ).fetchall()
    # The text keywords are read from: the series' repeated sentences (a filler such as
    # "其推理速度较上一代提升#倍" in every digest) are not part of it.
    texts = [(boilerplate.strip(text, name), day) for name, text, day in rows]
    assert len(top) == 10
    days = {day for _, day in texts}
    for keyword in top["keyword"]:
        assert keyword.casefold() not in KNOWN_BACKGROUND
        # Independently of the stored rows: a top keyword is not in the text of a large share
        # of items on nearly every day.
        pattern = re.compile(re.escape(keyword), re.IGNORECASE)
        hits = [day for text, day in texts if pattern.search(text)]
        everywhere = len(hits) >= 0.03 * len(texts) and len(set(hits)) >= 0.9 * len(days)
        assert not everywhere, keyword

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
PROJECT = TESTS.parent
SEED = PROJECT.parent / "shared" / "seeds" / "000_f9894c49d7f708a5.txt"


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "trends.duckdb")


@pytest.fixture
def good_folder(tmp_path: Path) -> Path:
    """Nine well-formed fixture digests in a fresh folder."""
    folder = tmp_path / "digests"
    folder.mkdir()
    for name in GOOD_FIXTURES:
        shutil.copy(DATA / name, folder / name)
    return folder


GOOD_FIXTURES = [
    "reference_copy.md",
    "bullets.md",
    "headings.md",
    "no_author_multi_links.md",
    "crlf.md",
    "bom.md",
    "toml_front.md",
    "title_stamp_only.md",
    "utf16.md",
]


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> str:
    """A database built from 21 days of the generated corpus, fully enriched, shared by the UI tests."""
    from analysis.enrich.pipeline import enrich_all
    from analysis.ingest.pipeline import ingest_paths
    from benchmarks.generate_corpus import generate

    root = tmp_path_factory.mktemp("sample")
    generate(root / "digests", days=21)
    db = str(root / "sample.duckdb")
    ingest_paths([str(root / "digests")], db)
    enrich_all(db)
    return db


@pytest.fixture
def empty_db(tmp_path) -> str:
    from analysis.store.db import write_connection

    db = str(tmp_path / "empty.duckdb")
    with write_connection(db):
        pass
    return db


@dataclass(frozen=True)
class CliRun:
    code: int
    out: str
    err: str


@pytest.fixture
def trendboard(capsys):
    """Run the `trendboard` command in this process: trendboard("stats", "--db", path)."""
    from analysis.cli import main

    def run(*argv: str) -> CliRun:
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def embedding_backend():
    """The default embedding backend, loaded once per test session (get_backend caches it)."""
    from analysis.enrich.embeddings import get_backend

    return get_backend()


@pytest.fixture(autouse=True)
def _no_marked_terms_between_tests():
    """Marked terms a test puts in the tokenizer's dictionary leave with the test."""
    yield
    segmentation = sys.modules.get("analysis.enrich.segmentation")
    if segmentation is not None:
        segmentation.use_marked_terms(())

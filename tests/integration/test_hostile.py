"""The hostile corpus (tests/hostile.py) through the CLI and through `ingest_paths`.

Never a traceback; exit code 1; every bad file reported with its path and
reason; every good file stored in full with the expected values; the oversized
file rejected by the size limit; a duplicate stored once; an item shared by two
digests stored twice; hostile text stored verbatim with only http(s) links.

The main CLI run uses `--no-enrich`: enrichment of this corpus takes minutes
(KeyBERT over the 100k- and 1M-character items), so enrichment is run by a
second CLI run over the folders with hostile *text* (HTML, RTL, NUL, links,
encodings, dates).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT
from hostile import SIZE_LIMIT, Expected, write_hostile_corpus

from analysis.ingest.pipeline import ingest_paths

# A 200-file corpus through the CLI and the enrichment: about two minutes.
pytestmark = pytest.mark.slow

ITEM_COLUMNS = [
    "headline",
    "author",
    "author_site",
    "url",
    "url_host",
    "handle",
    "status_id",
    "extra_urls",
    "summary",
    "bold_terms",
    "source_line",
]


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRENDBOARD_")}
    env.update(HF_HUB_OFFLINE="1", PYTHONIOENCODING="utf-8")
    return env


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis.cli", *args],
        cwd=PROJECT,
        capture_output=True,
        encoding="utf-8",
        env=clean_env(),
        timeout=600,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, Expected]]:
    folder = (tmp_path_factory.mktemp("hostile") / "corpus").resolve()
    return folder, write_hostile_corpus(folder)


@pytest.fixture(scope="module")
def cli(corpus, tmp_path_factory):
    folder, _ = corpus
    db = str(tmp_path_factory.mktemp("hostile_cli") / "cli.duckdb")
    return db, run_cli("ingest", str(folder), "--db", db, "--no-enrich")


@pytest.fixture(scope="module")
def library(corpus, tmp_path_factory):
    folder, _ = corpus
    db = str(tmp_path_factory.mktemp("hostile_lib") / "lib.duckdb")
    with pytest.MonkeyPatch.context() as mp:
        for name in [k for k in os.environ if k.startswith("TRENDBOARD_")]:
            mp.delenv(name)
        summary = ingest_paths(
            [str(folder)], db, workers=1
        )  # the in-process path; the CLI uses the pool
    return db, summary


def stored_path(folder: Path, name: str, exp: Expected) -> str:
    return str(folder / (exp.shown_as or name))


def partition(expected: dict[str, Expected]):
    good = {n: e for n, e in expected.items() if e.stored}
    bad = {n: e for n, e in expected.items() if not e.stored and e.duplicate_of is None}
    twins = {n: e for n, e in expected.items() if e.duplicate_of is not None}
    return good, bad, twins


def check_database(db: str, folder: Path, expected: dict[str, Expected]) -> None:
    good, bad, twins = partition(expected)
    with duckdb.connect(db, read_only=True) as con:
        digests = {
            row[0]: row[1:]
            for row in con.execute(
                "SELECT source_path, digest_id, title, categories, published_at, date_source, item_count FROM digests"
            ).fetchall()
        }
        counts = dict(
            con.execute("SELECT digest_id, count(*) FROM items GROUP BY digest_id").fetchall()
        )
        errors: dict[str, list[tuple[str, str]]] = {}
        for path, severity, reason in con.execute(
            "SELECT source_path, severity, reason FROM ingest_errors"
        ).fetchall():
            errors.setdefault(path, []).append((severity, reason))
        mismatches = []
        assert len(digests) == len(good)
        for name, exp in good.items():
            path = stored_path(folder, name, exp)
            if path not in digests:
                mismatches.append((name, "not stored"))
                continue
            digest_id, title, categories, published_at, date_source, item_count = digests[path]
            got = {
                "items": (item_count, counts.get(digest_id, 0)),
                "title": title,
                "categories": categories,
                "published_at": published_at,
                "date_source": date_source,
            }
            want = {
                "items": (exp.items, exp.items),
                "title": exp.title,
                "categories": exp.categories,
                "published_at": exp.published_at,
                "date_source": exp.date_source,
            }
            for key, value in want.items():
                if value is not None and got[key] != value:
                    mismatches.append((name, key, str(got[key])[:80], str(value)[:80]))
            if exp.warning and not any(
                s == "warning" and exp.warning in r for s, r in errors.get(path, [])
            ):
                mismatches.append((name, "warning missing", exp.warning, errors.get(path)))
            if any(s == "error" for s, _ in errors.get(path, [])):
                mismatches.append((name, "stored file has an error row", errors[path]))
            for position, values in exp.fields.items():
                row = con.execute(
                    f"SELECT {', '.join(ITEM_COLUMNS)} FROM items WHERE digest_id = ? AND position = ?",
                    [digest_id, position],
                ).fetchone()
                if row is None:
                    mismatches.append((name, position, "no such item"))
                    continue
                actual = dict(zip(ITEM_COLUMNS, row, strict=False))
                for column, value in values.items():
                    if actual[column] != value:
                        mismatches.append(
                            (name, position, column, str(actual[column])[:80], str(value)[:80])
                        )
        for name, exp in bad.items():
            path = str(folder / name)
            if path in digests:
                mismatches.append((name, "stored, but should have been rejected"))
            elif not any(s == "error" and exp.error in r for s, r in errors.get(path, [])):
                mismatches.append((name, "no error row with", exp.error, errors.get(path)))
        for name in twins:
            if str(folder / name) in digests:
                mismatches.append((name, "duplicate stored under its own name"))
        # Only http(s) links are ever stored.
        unsafe = con.execute("""
            SELECT count(*) FROM items WHERE (url IS NOT NULL AND NOT regexp_matches(url, '^https?://'))
               OR len(list_filter(extra_urls, lambda u: NOT regexp_matches(u, '^https?://'))) > 0""").fetchone()[
            0
        ]
        assert unsafe == 0
    assert mismatches == []


def test_cli_never_crashes_reports_every_bad_file_and_stores_every_good_one(corpus, cli):
    folder, expected = corpus
    db, run = cli
    output = run.stdout + run.stderr
    assert "Traceback" not in output
    assert run.returncode == 1, run.stderr[-2000:]
    good, bad, twins = partition(expected)
    items = sum(e.items for e in good.values())
    assert (
        f"{len(expected)} files: {len(good)} new, {len(twins)} unchanged, 0 replaced, {len(bad)} failed; "
        f"{items} items added"
    ) in run.stdout
    # Every failure is listed with its file (and line when known) and its reason.
    failure_lines = run.stderr.split("\n")
    unreported = []
    for name, exp in bad.items():
        prefix = f"  {folder / name}"
        if not any(
            line.startswith(prefix + ":") and "error:" in line and exp.error in line
            for line in failure_lines
        ):
            unreported.append((name, exp.error))
    assert unreported == []
    for name, exp in twins.items():
        assert (
            f"same content as {folder / exp.duplicate_of}, skipped: {folder / name}" in run.stdout
        )
    check_database(db, folder, expected)


def test_size_limit_message(corpus, cli):
    folder, _ = corpus
    db, run = cli
    big = folder / "size" / "fifty-megabytes.md"
    assert big.stat().st_size > 50_000_000
    assert f"  {big}: error: file is 50.0 MB, {SIZE_LIMIT}" in run.stderr
    with duckdb.connect(db, read_only=True) as con:
        assert (
            con.execute(
                "SELECT count(*) FROM digests WHERE source_path = ?", [str(big)]
            ).fetchone()[0]
            == 0
        )


def test_same_item_in_two_digests_is_stored_once_per_digest(corpus, cli):
    folder, _ = corpus
    db, _ = cli
    with duckdb.connect(db, read_only=True) as con:
        rows = con.execute("""SELECT d.source_path, i.position, i.content_sha256
                              FROM items i JOIN digests d USING (digest_id)
                              WHERE i.url = 'https://example.com/shared' ORDER BY 1""").fetchall()
    assert [(Path(p).name, pos) for p, pos, _ in rows] == [("digest-0.md", 1), ("digest-1.md", 1)]
    assert rows[0][2] == rows[1][2]


def test_script_and_html_are_stored_as_inert_text(corpus, cli):
    db, _ = cli
    with duckdb.connect(db, read_only=True) as con:
        scripts = con.execute(
            "SELECT count(*) FROM items WHERE headline LIKE '%<script>%'"
        ).fetchone()[0]
        evil_links = con.execute(
            "SELECT count(*) FROM items WHERE headline = '<script>alert(1)</script>点我' AND url IS NULL"
        ).fetchone()[0]
        titles = con.execute(
            "SELECT count(*) FROM digests WHERE title LIKE '<script>alert(1)</script> %'"
        ).fetchone()[0]
    assert scripts >= 10 and evil_links >= 9 and titles == 1


def test_ingest_paths_gives_the_same_database_as_the_cli(corpus, cli, library):
    folder, expected = corpus
    cli_db, _ = cli
    lib_db, summary = library
    good, bad, twins = partition(expected)
    assert (summary.new, summary.unchanged, summary.failed) == (len(good), len(twins), len(bad))
    assert summary.items_added == sum(e.items for e in good.values())
    reported = {p.source_path for p in summary.failures}
    assert {str(folder / name) for name in bad} <= reported
    assert sorted(summary.duplicates) == sorted(
        (str(folder / n), str(folder / e.duplicate_of)) for n, e in twins.items()
    )
    check_database(lib_db, folder, expected)
    assert table_contents(lib_db) == table_contents(cli_db)


def table_contents(db: str):
    with duckdb.connect(db, read_only=True) as con:
        digests = con.execute("""SELECT source_path, content_sha256, title, published_at, date_source,
                                        categories, item_count
                                 FROM digests ORDER BY source_path""").fetchall()
        columns = ", ".join("i." + c for c in ITEM_COLUMNS)
        items = con.execute(f"""SELECT d.source_path, i.position, {columns}, i.content_sha256
                                FROM items i JOIN digests d USING (digest_id) ORDER BY 1, 2""").fetchall()
        problems = con.execute(
            "SELECT source_path, line, severity, reason FROM ingest_errors ORDER BY ALL"
        ).fetchall()
    return digests, items, problems


def test_second_run_adds_nothing_and_still_fails_the_bad_files(corpus, cli):
    folder, expected = corpus
    db, _ = cli
    good, bad, twins = partition(expected)
    before = table_contents(db)
    again = run_cli("ingest", str(folder), "--db", db, "--no-enrich")
    assert "Traceback" not in again.stdout + again.stderr
    assert again.returncode == 1
    assert (
        f"{len(expected)} files: 0 new, {len(good) + len(twins)} unchanged, 0 replaced, {len(bad)} failed; "
        "0 items added"
    ) in again.stdout
    assert table_contents(db)[:2] == before[:2]


def test_enrichment_over_hostile_text(corpus, tmp_path):
    folder, expected = corpus
    groups = ["html", "unicode", "nul", "links", "encodings", "dates"]
    db = str(tmp_path / "enriched.duckdb")
    run = run_cli("ingest", *(str(folder / g) for g in groups), "--db", db)
    assert "Traceback" not in run.stdout + run.stderr
    assert run.returncode == 1
    assert "keywords & categories for" in run.stdout
    in_groups = {n: e for n, e in expected.items() if n.split("/")[0] in groups}
    check_database(db, folder, in_groups)
    with duckdb.connect(db, read_only=True) as con:
        items, keyworded = con.execute(
            "SELECT count(DISTINCT i.item_id), count(DISTINCT k.item_id) "
            "FROM items i LEFT JOIN item_keywords k USING (item_id)"
        ).fetchone()
        categorized = con.execute("SELECT count(DISTINCT item_id) FROM item_categories").fetchone()[
            0
        ]
        unkeyworded_rubin, company_keywords = con.execute(
            """SELECT count(*) FILTER (WHERE NOT EXISTS (
                          SELECT 1 FROM item_keywords k WHERE k.item_id = i.item_id)
                      AND i.summary LIKE '%Rubin%'),
                      (SELECT count(*) FROM item_keywords WHERE keyword IN ('谷歌', 'Google'))
               FROM items i"""
        ).fetchone()
    assert items == sum(e.items for e in in_groups.values() if e.stored)
    # Every item went through enrichment; placeholder texts ("作者测试", "摘要。", and
    # "谷歌发布了模型。", whose only name is a company's, counted on the Companies page) carry
    # no trend term, so keyword hygiene rightly leaves many without keywords.
    assert categorized == items
    assert keyworded > 0.3 * items
    assert unkeyworded_rubin == 0 and company_keywords == 0

from __future__ import annotations

import shutil

import duckdb
from conftest import DATA, GOOD_FIXTURES

from analysis.ingest.pipeline import ingest_paths


def table_rows(db_path: str, sql: str):
    with duckdb.connect(db_path, read_only=True) as con:
        return con.execute(sql).fetchall()


def test_folder_ingested_twice_adds_nothing_the_second_time(good_folder, db_path):
    first = ingest_paths([str(good_folder)], db_path)
    assert (first.new, first.failed, first.unchanged) == (len(GOOD_FIXTURES), 0, 0)
    assert (
        first.items_added
        == table_rows(db_path, "SELECT count(*) FROM items")[0][0]
        == 9 + 2 + 2 + 2 + 1 + 1 + 1 + 1 + 1
    )
    second = ingest_paths([str(good_folder)], db_path)
    assert (second.new, second.replaced, second.unchanged, second.items_added) == (
        0,
        0,
        len(GOOD_FIXTURES),
        0,
    )
    assert "nothing to do" in second.line()


def test_stored_values_match_the_reference(good_folder, db_path):
    ingest_paths([str(good_folder)], db_path)
    with duckdb.connect(db_path, read_only=True) as con:
        con.execute("SET TimeZone = 'UTC'")
        digest = con.execute(
            "SELECT title, published_at, date_source, categories, item_count FROM digests "
            "WHERE source_path LIKE '%reference_copy.md'"
        ).fetchone()
        item = con.execute(
            "SELECT i.position, headline, author, author_site, handle, status_id, bold_terms, source_line, url_host "
            "FROM items i JOIN digests d USING (digest_id) WHERE d.source_path LIKE '%reference_copy.md' "
            "ORDER BY position LIMIT 1"
        ).fetchone()
    assert digest[0] == "2026.01.07.00 过去4小时全球AI发生了什么？"
    assert digest[1].isoformat() == "2026-01-06T16:00:10+00:00"
    assert digest[2:] == (
        "front_matter",
        ["AI News", "Hardware", "Robotics", "Research", "Industry Trends"],
        9,
    )
    assert item == (
        1,
        "英伟达在CES 2026发布Rubin芯片架构及Alpamayo机器人和自动驾驶VLA模型",
        "歸藏",
        "guizang.ai",
        "op7418",
        "2008360431719772520",
        ["Rubin芯片架构", "Alpamayo机器人及自动驾驶VLA模型"],
        7,
        "x.com",
    )


def test_edited_file_replaces_exactly_its_digest(good_folder, db_path):
    ingest_paths([str(good_folder)], db_path)
    before = dict(table_rows(db_path, "SELECT source_path, digest_id FROM digests"))
    edited = good_folder / "bullets.md"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("宝玉", "宝玉xp"), encoding="utf-8"
    )
    summary = ingest_paths([str(good_folder)], db_path)
    assert (summary.replaced, summary.new, summary.unchanged) == (1, 0, len(GOOD_FIXTURES) - 1)
    after = dict(table_rows(db_path, "SELECT source_path, digest_id FROM digests"))
    changed = {path for path in after if after[path] != before[path]}
    assert changed == {str(edited.resolve())}
    authors = table_rows(
        db_path,
        f"SELECT author FROM items WHERE digest_id = {after[str(edited.resolve())]} ORDER BY position",
    )
    assert authors == [("宝玉xp",), ("Simon Willison",)]
    assert table_rows(db_path, "SELECT count(*) FROM items")[0][0] == 20
    assert table_rows(db_path, "SELECT count(*) FROM digests")[0][0] == len(GOOD_FIXTURES)


def test_one_broken_file_among_nine_good(good_folder, db_path):
    shutil.copy(DATA / "broken_front_matter.md", good_folder / "broken_front_matter.md")
    summary = ingest_paths([str(good_folder)], db_path)
    assert (summary.new, summary.failed) == (9, 1)
    assert len(summary.failures) == 1
    failure = summary.failures[0]
    assert failure.source_path.endswith("broken_front_matter.md") and failure.line == 1
    assert "front matter cannot be read" in failure.reason
    assert table_rows(db_path, "SELECT count(*) FROM digests")[0][0] == 9
    errors = table_rows(
        db_path, "SELECT source_path, line, reason FROM ingest_errors WHERE severity = 'error'"
    )
    assert len(errors) == 1 and errors[0][0].endswith("broken_front_matter.md")


def test_fixing_a_broken_file_clears_its_error(good_folder, db_path):
    broken = good_folder / "late.md"
    broken.write_text("---\ntitle: x\n---\n\nno items\n", encoding="utf-8")
    ingest_paths([str(good_folder)], db_path)
    assert table_rows(db_path, "SELECT count(DISTINCT source_path) FROM ingest_errors")[0][0] == 1
    broken.write_text(
        "---\ndate: 2026-03-01T00:00:00+08:00\n---\n\n1. [好消息-某人](https://x.com/a/status/9)\n",
        encoding="utf-8",
    )
    summary = ingest_paths([str(good_folder)], db_path)
    assert summary.new == 1
    assert table_rows(db_path, "SELECT count(*) FROM ingest_errors")[0][0] == 0


def test_same_content_under_two_names_is_stored_once(tmp_path, db_path):
    folder = tmp_path / "twins"
    folder.mkdir()
    shutil.copy(DATA / "bullets.md", folder / "a.md")
    shutil.copy(DATA / "bullets.md", folder / "b.md")
    summary = ingest_paths([str(folder)], db_path)
    assert (summary.new, summary.unchanged) == (1, 1)
    assert summary.duplicates == [
        (str((folder / "b.md").resolve()), str((folder / "a.md").resolve()))
    ]


def test_globs_files_and_missing_paths(tmp_path, db_path):
    summary = ingest_paths(
        [str(DATA / "b*.md"), str(DATA / "crlf.md"), str(tmp_path / "absent.md")], db_path
    )
    # b*.md: bullets.md and bom.md, binary.md and broken_front_matter.md (which fail); crlf.md; absent.md fails
    assert (summary.new, summary.failed) == (3, 3)
    reasons = sorted(p.reason.split(":")[0] for p in summary.failures)
    assert reasons == ["binary content", "front matter cannot be read", "no such file or folder"]


def test_one_transaction_per_file_setting_gives_same_rows(good_folder, tmp_path):
    batched, single = str(tmp_path / "a.duckdb"), str(tmp_path / "b.duckdb")
    ingest_paths([str(good_folder)], batched)
    ingest_paths([str(good_folder)], single, files_per_transaction=1)
    query = "SELECT headline, author, url, summary, bold_terms FROM items ORDER BY headline, url"
    assert table_rows(batched, query) == table_rows(single, query)


def test_file_size_limit(tmp_path, db_path, monkeypatch):
    monkeypatch.setenv("TRENDBOARD_MAX_FILE_MB", "0.001")
    summary = ingest_paths([str(DATA / "reference_copy.md")], db_path, workers=1)
    assert summary.failed == 1
    assert (
        "over the" in summary.failures[0].reason
        and "TRENDBOARD_MAX_FILE_MB" in summary.failures[0].reason
    )

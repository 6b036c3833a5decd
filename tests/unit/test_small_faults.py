"""Smaller reliability cases: unreadable folders, FIFOs, symlink loops, long upload names,
HTML comments, rejected uploads."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import DATA

from analysis.ingest import pipeline
from analysis.ingest.parse import parse_digest, without_html_comments
from analysis.ingest.pipeline import discover, ingest_paths
from analysis.ingest.uploads import UploadRejected, discard_rejected, safe_file_name, save_upload
from analysis.records import Problem

HEAD = (
    "# 2026.03.01.08 过去4小时全球AI发生了什么？\n\n"
    "1. [OpenAI发布新模型-宝玉](https://x.com/dotey/status/1)\n\n   摘要。\n\n"
)


def headlines(text: str) -> list[str]:
    return [item.headline for item in parse_digest(text.encode(), "a.md").items]


def test_items_inside_an_html_comment_are_not_items():
    hidden = "<!--\n\n2. [草稿：未核实的传闻-匿名](https://x.com/x/status/2)\n\n-->\n"
    after = "3. [英伟达发布新芯片-歸藏](https://x.com/op7418/status/3)\n"
    assert headlines(HEAD + hidden + after) == ["OpenAI发布新模型", "英伟达发布新芯片"]


def test_html_comment_text_stays_out_of_summaries_and_line_numbers_hold():
    text = (
        HEAD
        + "2. [谷歌发布Gemini-小互](https://x.com/imxiaohu/status/4)\n\n   正文<!-- 编辑备注：待核实 -->结束\n"
    )
    items = parse_digest(text.encode(), "a.md").items
    assert items[1].summary == "正文结束"
    assert [i.source_line for i in items] == [3, 7]


def test_comment_inside_a_fenced_code_block_is_kept():
    body = "2. [代码示例-作者](https://x.com/a/status/5)\n\n   ```\n   <!-- 示例 -->\n   ```\n<!-- 注 -->"
    assert without_html_comments(body) == body.removesuffix("<!-- 注 -->")


def test_long_upload_name_keeps_its_extension(tmp_path):
    name = "过去4小时全球AI发生了什么" * 12 + ".md"
    assert len(name) > 120
    clean = safe_file_name(name)
    assert clean.endswith(".md") and len(clean) <= 120
    saved = save_upload(tmp_path, name, (DATA / "bullets.md").read_bytes(), max_bytes=10**6)
    assert saved.suffix == ".md" and saved.parent == tmp_path.resolve()


def test_long_name_with_a_wrong_extension_gets_the_extension_reason(tmp_path):
    with pytest.raises(UploadRejected, match="only .markdown, .md, .txt files are accepted"):
        save_upload(tmp_path, "a" * 300 + ".exe", b"x", max_bytes=10**6)


def test_rejected_uploads_are_removed_and_files_that_were_there_are_not(tmp_path, db_path):
    folder = tmp_path / "digests"
    folder.mkdir()
    before = folder / "no_items_before.md"
    shutil.copy(DATA / "no_items.md", before)
    good = save_upload(folder, "bullets.md", (DATA / "bullets.md").read_bytes(), max_bytes=10**6)
    bad = save_upload(folder, "binary.md", (DATA / "binary.md").read_bytes(), max_bytes=10**6)
    summary = ingest_paths([str(folder)], db_path)
    assert discard_rejected([good, bad], summary.failures) == [bad]
    assert not bad.exists() and good.exists() and before.exists()


def test_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    folder = tmp_path / "digests"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(DATA / "bullets.md", folder / "a.md")
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):
        # Root reads every folder, so the permission error is simulated where the walk meets it.
        for root, dirs, names in real_walk(top, onerror=onerror, **kwargs):
            if "locked" in dirs:
                dirs.remove("locked")
                onerror(PermissionError(13, "Permission denied", os.path.join(root, "locked")))
            yield root, dirs, names

    monkeypatch.setattr(pipeline.os, "walk", walk)
    files, problems = discover([str(folder)])
    assert [f.name for f in files] == ["a.md"]
    assert len(problems) == 1
    assert problems[0].source_path.endswith("locked")
    assert "cannot list folder" in problems[0].reason and "Permission denied" in problems[0].reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_unreadable_subfolder_really_unreadable(tmp_path):
    folder = tmp_path / "digests"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    shutil.copy(DATA / "bullets.md", locked / "a.md")
    locked.chmod(0)
    try:
        _, problems = discover([str(folder)])
    finally:
        locked.chmod(0o755)
    assert any("cannot list folder" in p.reason for p in problems)


def test_fifo_named_on_the_command_line(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    _, problems = discover([str(fifo)])
    assert [p.reason for p in problems] == [
        "not a regular file but a FIFO (named pipe); only digest files and folders can be ingested"
    ]


def test_symlink_loop_named_on_the_command_line(tmp_path):
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    _, problems = discover([str(tmp_path / "loop.md")])
    assert len(problems) == 1 and problems[0].reason.startswith("symbolic link loop")


def test_dangling_symlink_and_missing_path(tmp_path):
    (tmp_path / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    _, problems = discover([str(tmp_path / "dangling.md"), str(tmp_path / "absent.md")])
    assert [p.reason for p in problems] == [
        "symbolic link to a file or folder that does not exist",
        "no such file or folder",
    ]


def test_problem_type_is_the_records_one():
    assert Problem("a", None, "b").severity == "error"

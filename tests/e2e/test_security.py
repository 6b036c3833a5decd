"""Hostile text renders as inert text; SQL-looking filters are only ever data; uploads stay in their folder."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, page_url, streamlit_server, wait_for_app
from conftest import DATA

from analysis.enrich.pipeline import enrich_all
from analysis.ingest.pipeline import ingest_paths
from analysis.ingest.uploads import UploadRejected, safe_file_name, save_upload
from analysis.query import entities as entity_queries
from analysis.query import keywords as keyword_queries
from analysis.query import peaks
from analysis.query import series as queries
from analysis.query.filters import Filters

SQL_LIKE = [
    "'; DROP TABLE items; --",
    '" OR 1=1 --',
    "%' OR '1'='1",
    "NVIDIA') UNION SELECT * FROM digests --",
    "_%\\",
    "$1",
    "?",
    "; DELETE FROM digests",
]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "digests").mkdir()
    shutil.copy(DATA / "hostile_items.md", folder / "digests" / "hostile_items.md")
    shutil.copy(DATA / "reference_copy.md", folder / "digests" / "reference_copy.md")
    db = str(folder / "hostile.duckdb")
    ingest_paths([str(folder / "digests")], db)
    enrich_all(db)
    return db


def test_hostile_text_is_stored_verbatim_and_links_are_only_http(hostile_db):
    with duckdb.connect(hostile_db, read_only=True) as con:
        rows = con.execute("""SELECT i.headline, i.author, i.url, i.extra_urls
                              FROM items i JOIN digests d USING (digest_id)
                              WHERE d.source_path LIKE '%hostile_items.md' ORDER BY position""").fetchall()
    assert rows[0][0] == "<script>window.__pwned=1;alert(1)</script>英伟达坏标题"
    assert rows[0][1] == '<img src=x onerror="window.__pwned=2">'
    assert rows[0][2] is None and rows[0][3] == []
    assert rows[1][2] == "https://x.com/someone/status/2026022008000000002"
    assert rows[2][2] is None
    for _, _, url, extra in rows:
        for link in ([url] if url else []) + list(extra):
            assert link.startswith(("http://", "https://"))


@pytest.mark.slow
@pytest.mark.parametrize("text", SQL_LIKE)
def test_sql_looking_filter_values_are_only_data(hostile_db, text):
    with duckdb.connect(hostile_db, read_only=True) as con:
        before = con.execute(
            "SELECT (SELECT count(*) FROM items), (SELECT count(*) FROM digests)"
        ).fetchone()
        for f in (
            Filters(text=text),
            Filters(companies=(text,)),
            Filters(sources=(text,)),
            Filters(categories=(text,)),
            Filters(
                text=text,
                companies=(text,),
                sources=(text,),
                categories=(text,),
                start=date(2026, 1, 1),
                end=date(2026, 3, 1),
            ),
        ):
            assert queries.count_items(con, f) == 0
            assert queries.items_over_time(con, f).empty
            assert queries.list_items(con, f).empty
            assert queries.key_figures(con, f)["items"] == 0
            assert entity_queries.top_companies(con, f).empty
            assert entity_queries.co_mentions(con, f).empty
            assert entity_queries.top_sources(con, f).empty
            assert keyword_queries.top_keywords(con, f).empty
            assert keyword_queries.rising_keywords(con, f).empty
            keyword_queries.keyword_series(con, f, keywords=[text])
            keyword_queries.category_series(con, f)
            entity_queries.company_series(con, f, companies=[text])
            entity_queries.source_series(con, f, source_keys=[text])
            entity_queries.unknown_organization_candidates(con, f)
            peaks.top_item_headlines(con, f, [], key_kind="keyword", key=text)
            queries.items_in_bucket(
                con, f, bucket_start=date(2026, 2, 20), key_kind="company", key=text
            )
        # The text is searched for literally: `%` and `_` are not wildcards.
        assert queries.count_items(con, Filters(text="%_%")) == 0
        assert queries.count_items(con, Filters(text="100%液冷")) == 1
        assert queries.count_items(con, Filters(text="坏标题")) == 1
        after = con.execute(
            "SELECT (SELECT count(*) FROM items), (SELECT count(*) FROM digests)"
        ).fetchone()
    assert after == before


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.md",
        "..\\\\..\\\\evil.md",
        "/abs/path/x.md",
        "....//x.md",
        "C:\\\\Windows\\\\x.md",
        "\x00../x.md",
        "..",
        ".hidden.md",
        "中文 摘要.md",
    ],
)
def test_upload_names_never_leave_the_digest_folder(tmp_path, name):
    folder = tmp_path / "digests"
    try:
        saved = save_upload(folder, name, b"1. [a-b](https://x.com/a/status/1)\n", max_bytes=1000)
    except UploadRejected as exc:
        assert "accepted" in str(exc) or "outside" in str(exc)
        return
    assert saved.parent == folder.resolve()
    assert saved.read_bytes().startswith(b"1. [a-b]")
    assert not saved.name.startswith(".")
    assert "/" not in safe_file_name(name) and "\\" not in safe_file_name(name)


def test_uploads_are_limited_in_type_and_size(tmp_path):
    with pytest.raises(UploadRejected, match="only .markdown, .md, .txt"):
        save_upload(tmp_path, "x.exe", b"MZ", max_bytes=1000)
    with pytest.raises(UploadRejected, match="over the"):
        save_upload(tmp_path, "x.md", b"x" * 2001, max_bytes=2000)
    first = save_upload(tmp_path, "same.md", b"one", max_bytes=100)
    second = save_upload(tmp_path, "same.md", b"two", max_bytes=100)
    assert first != second and first.read_bytes() == b"one"  # never overwrites a different file


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")
def test_hostile_items_render_inert_in_a_real_browser(hostile_db):
    from playwright.sync_api import sync_playwright

    dialogs: list[str] = []
    outside: list[str] = []
    with streamlit_server(hostile_db) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2000})
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on(
            "request",
            lambda request: (
                outside.append(request.url)
                if not request.url.startswith((server, "data:", "blob:", "about:"))
                else None
            ),
        )
        for name, query in (
            ("items", "range=all"),
            ("overview", "range=all&g=day"),
            ("keywords", "range=all"),
            ("companies", "range=all"),
            ("categories", "range=all"),
        ):
            page.goto(page_url(server, name, query))
            wait_for_app(page)
            assert page.locator("[data-testid='stException']").count() == 0
            assert page.evaluate("() => window.__pwned") is None
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                assert href.startswith(("http://", "https://")), href
            assert page.locator("script:text('window.__pwned')").count() == 0
        # The hostile declared category is drawn as literal text (a panel title or a legend
        # entry), tags and all, and no element is made of it.
        page.goto(page_url(server, "categories", "range=all"))
        wait_for_app(page)
        chart_texts = page.eval_on_selector_all(
            ".js-plotly-plot text", "els => els.map(e => e.textContent)"
        )
        assert any("<img src=x onerror=alert('cat')>" in text for text in chart_texts), chart_texts
        assert page.locator("img[src='x']").count() == 0
        browser.close()
    assert dialogs == []
    assert outside == []

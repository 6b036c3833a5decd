"""Who said it: one canonical source per item, from the handle table in data/."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.enrich.reference import SourceTable
from analysis.store.daily import source_key_sql

__all__ = ["source_key_sql"]  # the key is the store's: daily_sources is keyed by it


_PLATFORMS = {
    "x.com": "x.com",
    "twitter.com": "x.com",
    "mobile.twitter.com": "x.com",
    "mobile.x.com": "x.com",
    "weibo.com": "weibo",
    "m.weibo.cn": "weibo",
    "weibo.cn": "weibo",
    "mp.weixin.qq.com": "wechat",
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "github.com": "github",
    "huggingface.co": "huggingface",
    "arxiv.org": "arxiv",
    "linkedin.com": "linkedin",
    "threads.net": "threads",
    "bsky.app": "bluesky",
}


@dataclass(frozen=True)
class ItemSource:
    source: str
    handle: str | None
    platform: str | None
    affiliation: str | None


def platform_of(url_host: str | None) -> str | None:
    if not url_host:
        return None
    return _PLATFORMS.get(url_host, "web")


def resolve_source(
    table: SourceTable, author: str | None, handle: str | None, url_host: str | None
) -> ItemSource | None:
    """The canonical source: the handle table's name when known, else the author, else the site.

    Keyed by handle first, so one person under two display names counts once.
    """
    platform = platform_of(url_host)
    known = table.lookup(handle if platform == "x.com" else None, author)
    if known is not None:
        return ItemSource(known.name, known.handle, known.platform, known.affiliation)
    if handle:
        return ItemSource(author or f"@{handle}", handle, platform, None)
    if author:
        return ItemSource(author, None, platform, None)
    if url_host:
        return ItemSource(url_host, None, platform, None)
    return None

"""`trendboard inspect FILE`: how one digest file is read, as text for a terminal.

What a user with a new digest format runs first: the date and where it came
from, the series, every item (line, section, headline, url, summary length)
and every block that did not reach an item, with its line numbers and why.
"""

from __future__ import annotations

import unicodedata

from analysis.ingest.parse import parse_digest

_DATE_SOURCES = {
    "front_matter": "front matter",
    "title": "title",
    "leading_line": "date line at the top",
    "file_name": "file name",
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str | None, width: int) -> str:
    """Cut to `width` display columns and pad, so CJK columns line up."""
    text = " ".join((text or "").split())
    out, used = [], 0
    for ch in text:
        w = _width(ch)
        if used + w > width - (1 if len(text) > len(out) + 1 else 0):
            out.append("…")
            used += 1
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * max(0, width - used)


def inspect_report(data: bytes, source_path: str, default_tz: str) -> str:
    result = parse_digest(data, source_path, default_tz)
    digest, coverage = result.digest, result.coverage
    lines = [f"file:       {source_path}"]
    if digest is not None:
        lines += [
            f"title:      {digest.title}",
            f"date:       {digest.published_at.isoformat()}  "
            f"(from the {_DATE_SOURCES.get(digest.date_source, digest.date_source)})",
            f"series:     {digest.series or '(none)'}",
            f"categories: {', '.join(digest.categories) or '(none)'}",
            f"tags:       {', '.join(digest.tags) or '(none)'}",
        ]
    else:
        lines.append("date:       (none: the file is not stored, see the problems below)")
    lines.append(
        f"text kept:  {coverage.share:.0%} ({coverage.kept_chars} of {coverage.total_chars} "
        "content characters reached an item)"
    )
    lines.append("")
    lines.append(f"items: {len(result.items)}")
    if result.items:
        lines.append(
            f"  {'line':>5}  {_fit('section', 14)}  {_fit('headline', 44)}  {_fit('url', 40)}  summary"
        )
        for item in result.items:
            label = f"  [{item.source_label}]" if item.source_label else ""
            lines.append(
                f"  {item.source_line:>5}  {_fit(item.section or '-', 14)}  "
                f"{_fit(item.headline, 44)}  {_fit(item.url or '-', 40)}  "
                f"{len(item.summary)} chars{label}"
            )
    lines.append("")
    lines.append(f"not kept: {len(coverage.unkept)} blocks")
    for block in coverage.unkept:
        where = (
            f"{block.line}" if block.end_line <= block.line else f"{block.line}-{block.end_line}"
        )
        lines.append(f"  {where:>7}  {_fit(block.kind, 18)}  {_fit(block.text, 70)}")
    if result.problems:
        lines.append("")
        lines.append(f"problems: {len(result.problems)}")
        for problem in result.problems:
            where = f"line {problem.line}: " if problem.line else ""
            lines.append(f"  {problem.severity}: {where}{problem.reason}")
    return "\n".join(line.rstrip() for line in lines)

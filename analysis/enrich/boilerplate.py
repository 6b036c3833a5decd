"""Boilerplate: lines a series repeats verbatim across many of its digests.

Footers, empty-channel notes (`LM Studio Discord 暂无新消息`), caption templates and
promos recur word for word in digest after digest; news does not. A line (of an item's
headline or summary, stripped) is boilerplate in its series when it appears in at least
`MIN_DIGESTS` digests and in at least `MIN_SHARE` of the series' digests. Such lines
stay stored; enrichment reads the text with them blanked (`blank_lines`), so they yield
no entity mentions and no keywords.

A series is `digests.series` where that column exists; without it the whole corpus is
one series.
"""

from __future__ import annotations

import math

MIN_DIGESTS = 4
MIN_SHARE = 0.02
# Shorter lines (`---`, `图片`) are not worth tracking and name nothing.
MIN_LINE_CHARS = 6
NO_SERIES = ""


def series_expression(con) -> str:
    """SQL for a digest's series over `digests d`: the `series` column, or one series for all."""
    has_series = con.execute(
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'digests' AND column_name = 'series'"
    ).fetchone()[0]
    return "coalesce(d.series, '')" if has_series else f"'{NO_SERIES}'"


def repeated_lines(
    digest_lines: dict[tuple[str, int], set[str]],
    min_digests: int = MIN_DIGESTS,
    min_share: float = MIN_SHARE,
) -> dict[str, frozenset[str]]:
    """series → its boilerplate lines, from {(series, digest_id): lines of that digest}.

    The pure form of `boilerplate_lines`, for tests and callers that hold texts in memory.
    """
    digests: dict[str, int] = {}
    counts: dict[str, dict[str, int]] = {}
    for (series, _), lines in digest_lines.items():
        digests[series] = digests.get(series, 0) + 1
        per_series = counts.setdefault(series, {})
        for line in lines:
            line = line.strip()
            if len(line) >= MIN_LINE_CHARS:
                per_series[line] = per_series.get(line, 0) + 1
    out = {}
    for series, per_series in counts.items():
        needed = max(min_digests, math.ceil(min_share * digests[series]))
        out[series] = frozenset(line for line, n in per_series.items() if n >= needed)
    return out


def boilerplate_lines(
    con, min_digests: int = MIN_DIGESTS, min_share: float = MIN_SHARE
) -> dict[str, frozenset[str]]:
    """series → boilerplate lines, computed over every stored item."""
    series = series_expression(con)
    rows = con.execute(
        f"""
        WITH lines AS (
            SELECT {series} AS series, i.digest_id,
                   trim(unnest(string_split(
                       coalesce(i.headline, '') || chr(10) || coalesce(i.summary, ''), chr(10))),
                       chr(32) || chr(9) || chr(13) || chr(12288)) AS line
            FROM items i JOIN digests d USING (digest_id)),
        counted AS (
            SELECT series, line, count(DISTINCT digest_id) AS n FROM lines
            WHERE length(line) >= ? GROUP BY series, line),
        sizes AS (SELECT {series} AS series, count(*) AS digests FROM digests d GROUP BY 1)
        SELECT series, line FROM counted JOIN sizes USING (series)
        WHERE n >= greatest(?, ceil(? * digests))
        ORDER BY series, line""",
        [MIN_LINE_CHARS, min_digests, min_share],
    ).fetchall()
    out: dict[str, set[str]] = {}
    for name, line in rows:
        out.setdefault(name, set()).add(line)
    return {name: frozenset(lines) for name, lines in out.items()}


def blank_lines(text: str, lines: frozenset[str] | set[str]) -> str:
    """`text` with every boilerplate line replaced by spaces (offsets stay valid)."""
    if not lines or not text:
        return text
    parts = text.split("\n")
    changed = False
    for index, part in enumerate(parts):
        if part.strip() in lines:
            parts[index] = " " * len(part)
            changed = True
    return "\n".join(parts) if changed else text

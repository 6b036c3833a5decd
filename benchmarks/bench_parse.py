"""How well the parser reads a folder of digests it was not written for.

    uv run python benchmarks/bench_parse.py [FOLDER ...]

Default folders: tests/data/real_shapes (one fixture per real-world shape) and
data/digests (the bundled reference-format sample). Per folder and overall:

- files stored: files that parse into a storable digest (a date and items);
- item links found: of the distinct http(s) link targets in a file's body (every
  link markdown-it finds, navigation and footers included, so this is a lower
  bound), the share that became an item's url or one of its extra links;
- text kept: `digests.text_kept` per file, median and minimum;
- generic headlines: headlines that are a generic link text or an @handle;
- date agreement: of the files whose name carries a full date, the share whose
  parsed date is within a day of it;
- parse time per file (median) against a baseline measured in the same run:
  markdown-it tokenizing the same text, which every parse does first.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import timedelta
from pathlib import Path

from analysis.ingest.blocks import MARKDOWN
from analysis.ingest.dates import date_from_file_name
from analysis.ingest.decoding import decode_bytes
from analysis.ingest.parse import parse_digest
from analysis.ingest.pipeline import discover
from analysis.ingest.vocabulary import is_generic_link_text
from analysis.timezones import parse_tz

BENCH_ROOT = Path(__file__).resolve().parent

DEFAULT_FOLDERS = [
    BENCH_ROOT.parent / "tests" / "data" / "real_shapes",
    BENCH_ROOT.parent / "data" / "digests",
]


def body_links(text: str) -> set[str]:
    """Distinct http(s) link targets markdown-it finds in the text (front matter has none)."""
    links = set()
    for token in MARKDOWN.parse(text):
        for child in token.children or []:
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            if href.lower().startswith(("http://", "https://")):
                links.add(href.strip())
    return links


def measure(paths: list[Path], tz: str = "+08:00") -> dict:
    zone = parse_tz(tz)
    stored = links_total = links_found = headlines = generic = dated = agreeing = 0
    kept: list[float] = []
    parse_times: list[float] = []
    tokenize_times: list[float] = []
    for path in paths:
        data = path.read_bytes()
        text, _ = decode_bytes(data)
        start = time.perf_counter()
        result = parse_digest(data, str(path), tz)
        parse_times.append(time.perf_counter() - start)
        if text is not None:
            start = time.perf_counter()
            links = body_links(text)
            tokenize_times.append(time.perf_counter() - start)
        else:
            links = set()
        in_items = {u for it in result.items for u in [it.url, *it.extra_urls] if u}
        links_total += len(links)
        links_found += len(links & in_items)
        for item in result.items:
            headlines += 1
            if is_generic_link_text(item.headline, item.handle) or item.headline.startswith("@"):
                generic += 1
        if not result.ok:
            continue
        stored += 1
        kept.append(result.digest.text_kept)
        named = date_from_file_name(path.name, zone)
        if named is not None:
            dated += 1
            if abs(result.digest.published_at - named) <= timedelta(days=1):
                agreeing += 1
    return {
        "files": len(paths),
        "stored": stored,
        "links_total": links_total,
        "links_found": links_found,
        "headlines": headlines,
        "generic": generic,
        "kept": kept,
        "dated": dated,
        "agreeing": agreeing,
        "parse_median": statistics.median(parse_times) if parse_times else 0.0,
        "tokenize_median": statistics.median(tokenize_times) if tokenize_times else 0.0,
    }


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "n/a"


def row(name: str, m: dict) -> str:
    kept = m["kept"]
    ratio = m["parse_median"] / m["tokenize_median"] if m["tokenize_median"] else float("nan")
    return (
        f"| {name} | {m['files']} | {_share(m['stored'], m['files'])} "
        f"| {_share(m['links_found'], m['links_total'])} ({m['links_found']}/{m['links_total']}) "
        f"| {statistics.median(kept):.1%} / {min(kept):.1%} "
        if kept
        else f"| {name} | {m['files']} | {_share(m['stored'], m['files'])} | n/a | n/a "
    ) + (
        f"| {_share(m['generic'], m['headlines'])} ({m['generic']}/{m['headlines']}) "
        f"| {_share(m['agreeing'], m['dated'])} ({m['agreeing']}/{m['dated']}) "
        f"| {m['parse_median'] * 1000:.2f} ms ({ratio:.1f}× tokenizing) |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT_FOLDERS)
    parser.add_argument("--tz", default="+08:00")
    args = parser.parse_args()
    print(
        "| folder | files | files stored | item links found | text kept (median / min) "
        "| generic headlines | date agrees with file name | parse time per file (median) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    everything: list[Path] = []
    for folder in args.folders:
        paths, _ = discover([str(folder)])
        everything += paths
        print(row(folder.name, measure(paths, args.tz)))
    if len(args.folders) > 1:
        print(row("all", measure(everything, args.tz)))


if __name__ == "__main__":
    main()

"""Company-tagging throughput: `uv run python benchmarks/bench_entities.py [--items 100000]`.

Parses a generated corpus once, then times `MentionTagger.mentions` over every
item (median of several runs), beside a floor measured in the same run: the
NFKC normalisation pass that tagging must do anyway.
"""

from __future__ import annotations

import argparse

from analysis.enrich.entities import default_tagger, item_text
from analysis.enrich.reference import normalize_text
from analysis.ingest.parse import parse_digest
from benchmarks.common import corpus, median_seconds, print_table


def load_texts(items: int) -> list[str]:
    texts = []
    for path in sorted(corpus(items).rglob("*.md")):
        result = parse_digest(path.read_bytes(), str(path))
        texts.extend(item_text(it.headline, it.summary) for it in result.items)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    texts = load_texts(args.items)
    tagger = default_tagger()
    mentions = sum(len(tagger.mentions(t)) for t in texts)
    tag_median, tag_runs = median_seconds(lambda: [tagger.mentions(t) for t in texts], args.repeats)
    floor_median, _ = median_seconds(lambda: [normalize_text(t) for t in texts], args.repeats)
    print(
        f"{len(texts)} items, {mentions} mentions, {len(tagger.automaton)} alias/product patterns"
    )
    print_table(
        ["step", "median s", "items/s", "runs (s)"],
        [
            [
                "tag companies",
                f"{tag_median:.3f}",
                f"{len(texts) / tag_median:,.0f}",
                " ".join(f"{t:.3f}" for t in tag_runs),
            ],
            ["floor: NFKC only", f"{floor_median:.3f}", f"{len(texts) / floor_median:,.0f}", ""],
        ],
    )
    print(
        f"tagging / floor = {tag_median / floor_median:.1f}x; target >= 20,000 items/s: "
        f"{'met' if len(texts) / tag_median >= 20_000 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()

"""Company and model tagging: quality on the real-shaped gold set, and throughput.

Quality (`tests/data/gold_real/`, see tests/data/GOLD.md; written before any tagger output
was looked at). Each gold item's stored text (headline and summary, as the parser keeps
them) is read as the pipeline reads it: boilerplate sentences blanked with the seed
patterns of data/boilerplate_sentences.txt (a series' own repeated templates need many digests,
which a gold item does not come with), then tagged.

* companies: the item's predicted set is every company mentioned, directly or through a
  product or model (the gold lists the maker of a named product). A gold name is compared
  through the alias table (`Anysphere` and `Cursor` are one organisation); a name the
  table lacks is compared as written. Precision and recall are micro-averaged over items.
* models: a gold model is found when the item has a product whose comparison key equals
  the gold name's: the gold name normalised by the same family patterns when they
  recognise it (`Qwen3-Coder-480B-A35B-Instruct` is the model `Qwen3-Coder`), then case,
  spaces, hyphens and dots folded; a gold name starting with its maker's name is also found
  without it (`Google Chrome` is `Chrome`). Recall over all gold models; precision over all
  predicted products.

Throughput: `MentionTagger.tag` (companies and products) over a generated corpus, median
of several runs, beside a floor measured in the same run (the NFKC pass tagging does anyway).

Usage::

    uv run python benchmarks/bench_entities.py [--items 100000] [--repeats 5] [--show] [--no-throughput]
"""

from __future__ import annotations

import argparse
import re

from analysis.enrich.boilerplate import blank_boilerplate
from analysis.enrich.entities import default_tagger, item_text
from analysis.enrich.products import normalise_product
from analysis.enrich.reference import load_alias_table, normalize_text
from analysis.ingest.parse import parse_digest
from benchmarks.common import corpus, median_seconds, print_table
from benchmarks.gold_real import load_gold_real

COMPANY_RECALL_TARGET, COMPANY_PRECISION_TARGET, MODEL_RECALL_TARGET = 0.90, 0.95, 0.85


def model_key(name: str) -> str:
    return re.sub(r"[\s\-_.]", "", (normalise_product(name) or name)).casefold()


def gold_model_keys(name: str, company: str, table) -> set[str]:
    """Keys a gold model may be found under: its own, and without its maker's name in front
    (`Google Chrome` is the product `Chrome`, `Amazon Nova 2 Omni` is `Nova 2 Omni`)."""
    keys = {model_key(name)}
    org = table.organizations.get(table.canonical(company) or company)
    for prefix in (org.name, *org.aliases) if org else ():
        if name.startswith(prefix + " ") and len(name) > len(prefix) + 1:
            keys.add(model_key(name[len(prefix) + 1 :]))
    return keys


def score_gold(show: bool = False) -> dict[str, float]:
    table, tagger = load_alias_table(), default_tagger()
    tp = fp = fn = 0
    model_hits = model_gold = model_predicted = model_right = 0
    misses: list[str] = []
    for item in load_gold_real():
        text = blank_boilerplate(item_text(item.headline, item.summary))
        mentions, products = tagger.tag(text)
        predicted = {m.company for m in mentions}
        gold = {table.canonical(name) or name for name in item.companies}
        tp += len(predicted & gold)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
        found_keys = {model_key(p.product) for p in products}
        gold_sets = {
            model_key(m.name): gold_model_keys(m.name, m.company, table) for m in item.models
        }
        found_gold = {g for g, keys in gold_sets.items() if keys & found_keys}
        all_gold_keys = set().union(*gold_sets.values()) if gold_sets else set()
        model_gold += len(gold_sets)
        model_hits += len(found_gold)
        model_predicted += len(found_keys)
        model_right += len(found_keys & all_gold_keys)
        gold_keys = set(gold_sets)
        if show and (predicted != gold or gold_keys - found_gold):
            misses.append(
                f"{item.label}: missed {sorted(gold - predicted)} extra {sorted(predicted - gold)}"
                f" models missed {sorted(gold_keys - found_gold)}"
                f" extra {sorted(found_keys - all_gold_keys)}"
            )
    for line in misses:
        print(normalize_text(line))
    return {
        "company precision": tp / max(tp + fp, 1),
        "company recall": tp / max(tp + fn, 1),
        "model precision": model_right / max(model_predicted, 1),
        "model recall": model_hits / max(model_gold, 1),
        "gold companies": tp + fn,
        "gold models": model_gold,
    }


def load_texts(items: int) -> list[str]:
    texts = []
    for path in sorted(corpus(items).rglob("*.md")):
        result = parse_digest(path.read_bytes(), str(path))
        texts.extend(item_text(it.headline, it.summary) for it in result.items)
    return texts


def throughput(items: int, repeats: int) -> None:
    texts = load_texts(items)
    tagger = default_tagger()
    mentions = sum(len(tagger.mentions(t)) for t in texts)
    tag_median, tag_runs = median_seconds(lambda: [tagger.tag(t) for t in texts], repeats)
    floor_median, _ = median_seconds(lambda: [normalize_text(t) for t in texts], repeats)
    print(f"{len(texts)} items, {mentions} mentions, {len(tagger)} alias/handle patterns")
    print_table(
        ["step", "median s", "items/s", "runs (s)"],
        [
            [
                "tag companies + products",
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--show", action="store_true", help="print every item with a miss")
    parser.add_argument("--no-throughput", action="store_true")
    args = parser.parse_args()
    scores = score_gold(show=args.show)
    print(
        f"gold set: {scores['gold companies']} gold company mentions, "
        f"{scores['gold models']} gold models"
    )
    targets = {
        "company precision": COMPANY_PRECISION_TARGET,
        "company recall": COMPANY_RECALL_TARGET,
        "model recall": MODEL_RECALL_TARGET,
    }
    print_table(
        ["measure", "value", "target"],
        [
            [
                name,
                f"{scores[name]:.3f}",
                (
                    f">= {targets[name]:.2f} "
                    + ("met" if scores[name] >= targets[name] else "MISSED")
                )
                if name in targets
                else "",
            ]
            for name in ("company precision", "company recall", "model precision", "model recall")
        ],
    )
    if not args.no_throughput:
        throughput(args.items, args.repeats)


if __name__ == "__main__":
    main()

"""Keyword extraction benchmark: quality against a hand-written gold set, and throughput.

Quality
    `tests/data/gold_keywords.toml` holds items (fixture items by file and
    position, and items written in the TOML) with gold keywords written by hand
    before any extractor output was seen. For every item the extractor's
    KeyBERT keywords (origin "keybert", best first) are compared with the gold
    keywords:

    * a predicted keyword MATCHES a gold keyword when their `normalize_keyword`
      forms are equal, or when one contains the other and the shorter of the two
      is long enough to mean something: at least 2 characters if it contains a
      CJK character, at least 3 otherwise (so `rubin` matches `rubin gpu` and
      `人形机器人` matches `atlas全电动人形机器人`, but `ai` does not match `ai应用`);
    * precision@5 of an item = matching keywords among its first 5 predictions
      / min(5, number of predictions) (an item with 3 candidates is not
      punished for having 3); items without predictions are skipped;
    * recall of an item = gold keywords matched by any of its predictions
      / number of gold keywords;
    * both are averaged over items (macro). Recall is also reported for
      keybert + bold keywords, the full set of rows an item gets.

Throughput
    items/s of `extract_keywords` as the median of 3 runs, each with cold caches
    (embedding LRUs and the tokenizer's memo cleared; the model and jieba are
    loaded before timing), on the gold items and on a synthetic corpus of
    `--corpus-items` items (default 500, from `benchmarks/generate_corpus.py`)
    in batches of `TRENDBOARD_BATCH_ITEMS` (256); and of `assign_categories` on
    the same corpus with cold document caches (in the ingest pipeline the
    document embeddings are shared with keyword extraction, so categories cost
    less there).

Usage::

    HF_HUB_OFFLINE=1 uv run python benchmarks/bench_keywords.py [--show] [--corpus-items 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from analysis.enrich.keywords import ItemText, normalize_keyword

PROJECT = Path(__file__).resolve().parent.parent

GOLD_FILE = PROJECT / "tests" / "data" / "gold_keywords.toml"
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)  # the parser's pattern


# ------------------------------------------------------------------ scoring (pure)


def _long_enough(text: str) -> bool:
    return len(text) >= (2 if _CJK.search(text) else 3)


def keyword_matches(predicted_norm: str, gold_norm: str) -> bool:
    """The matching rule on normalised forms: equal, or one contains the other and the shorter is long enough."""
    if not predicted_norm or not gold_norm:
        return False
    if predicted_norm == gold_norm:
        return True
    shorter, longer = sorted((predicted_norm, gold_norm), key=len)
    return shorter in longer and _long_enough(shorter)


@dataclass
class ItemScore:
    hits_at_k: int  # matching predictions among the first k
    considered_at_k: int  # min(k, number of predictions)
    gold_found: int  # gold keywords matched by any prediction
    gold_total: int

    @property
    def precision(self) -> float | None:
        return self.hits_at_k / self.considered_at_k if self.considered_at_k else None

    @property
    def recall(self) -> float | None:
        return self.gold_found / self.gold_total if self.gold_total else None


def score_item(
    predicted: list[str], gold: list[str], k: int = 5, normalize=normalize_keyword
) -> ItemScore:
    """Score one item's ranked predictions (surface forms, best first) against its gold keywords."""
    pred = [normalize(p) for p in predicted]
    gold_norm = list(dict.fromkeys(normalize(g) for g in gold))
    top = pred[:k]
    hits = sum(1 for p in top if any(keyword_matches(p, g) for g in gold_norm))
    found = sum(1 for g in gold_norm if any(keyword_matches(p, g) for p in pred))
    return ItemScore(hits, len(top), found, len(gold_norm))


def aggregate(scores: list[ItemScore]) -> dict[str, float]:
    """Macro averages over items (items without predictions or gold are skipped for that measure)."""
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    return {
        "precision_at_k": statistics.fmean(precisions) if precisions else 0.0,
        "recall": statistics.fmean(recalls) if recalls else 0.0,
        "items": float(len(scores)),
    }


# ------------------------------------------------------------------ gold set


@dataclass
class GoldItem:
    label: str
    doc: ItemText
    declared: list[str]
    gold: list[str]


def load_gold(path: Path = GOLD_FILE) -> list[GoldItem]:
    from analysis.ingest.parse import parse_digest

    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    parsed: dict[str, object] = {}
    items: list[GoldItem] = []
    for entry in raw["item"]:
        if "source" in entry:
            source = entry["source"]
            if source not in parsed:
                file = path.parent / source
                parsed[source] = parse_digest(file.read_bytes(), str(file))
            result = parsed[source]
            item = result.items[int(entry["position"]) - 1]
            declared = list(result.digest.categories) if result.digest else []
            items.append(
                GoldItem(
                    f"{source}#{entry['position']}",
                    ItemText.from_item(item),
                    declared,
                    list(entry["gold"]),
                )
            )
        else:
            summary = entry["summary"]
            bold = list(dict.fromkeys(m.group(1).strip() for m in _BOLD.finditer(summary)))
            doc = ItemText(entry["headline"], summary.replace("**", ""), bold)
            items.append(
                GoldItem(
                    entry["headline"][:24],
                    doc,
                    list(entry.get("categories", [])),
                    list(entry["gold"]),
                )
            )
    return items


def load_gold_real_items() -> list[GoldItem]:
    """The real-shaped gold set (tests/data/gold_real), boilerplate items included (gold empty).

    Each item's text goes through `strip_item_boilerplate` as in the ingest pipeline; the
    set holds one copy of each boilerplate sentence, so only the seed patterns of
    data/boilerplate_sentences.txt can apply (a series' repeated sentences are learnt from many
    digests, tests/unit/test_boilerplate.py).
    """
    from analysis.enrich.keywords import strip_item_boilerplate
    from benchmarks.gold_real import load_gold_real

    return [
        GoldItem(
            g.label,
            strip_item_boilerplate(ItemText(g.headline, g.summary, list(g.bold_terms), g.tags)),
            [],
            list(g.keywords),
        )
        for g in load_gold_real()
    ]


def score_real(
    gold_items: list[GoldItem], results: list[list], k: int
) -> tuple[dict[str, float], dict[str, float], int]:
    """Scores on the real-shaped set, over each item's keyword rows in the extractor's order.

    Every row an item gets counts (they all reach the top-keyword lists), so the
    ranked list is all of them, once per normalised keyword, at its first position.
    Returns (precision@k and recall, precision over all rows, number of boilerplate
    items that got any keyword). A boilerplate item
    (gold empty) that gets keywords scores precision 0; one that gets none is skipped.
    """
    at_k, overall, noisy_boilerplate = [], [], 0
    for g, rows in zip(gold_items, results, strict=True):
        # One prediction per normalised keyword: a bold row repeating a keybert row is not a
        # second hit.
        first: dict[str, str] = {}
        for row in rows:
            first.setdefault(row.keyword_norm, row.keyword)
        ranked = list(first.values())
        if not g.gold:
            noisy_boilerplate += bool(ranked)
        at_k.append(score_item(ranked, g.gold, k))
        overall.append(score_item(ranked, g.gold, max(len(ranked), 1)))
    return aggregate(at_k), aggregate(overall), noisy_boilerplate


# ------------------------------------------------------------------ runs


def _cold() -> None:
    from analysis.enrich.embeddings import clear_caches
    from analysis.enrich.segmentation import _candidate_terms_cached

    clear_caches()
    _candidate_terms_cached.cache_clear()


def _batches(seq: list, size: int):
    for start in range(0, len(seq), size):
        yield seq[start : start + size]


def time_runs(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        _cold()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def synthetic_items(n: int) -> tuple[list[ItemText], list[list[str]]]:
    from analysis.ingest.parse import parse_digest
    from benchmarks.generate_corpus import generate

    docs: list[ItemText] = []
    declared: list[list[str]] = []
    with tempfile.TemporaryDirectory() as folder:
        generate(folder, items=n)
        for file in sorted(Path(folder).rglob("*.md")):
            result = parse_digest(file.read_bytes(), str(file))
            for item in result.items:
                docs.append(ItemText.from_item(item))
                declared.append(list(result.digest.categories) if result.digest else [])
    return docs, declared


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD_FILE)
    parser.add_argument("--model", default=None, help="backend name (default: TRENDBOARD_MODEL)")
    parser.add_argument("--top-n", type=int, default=8)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--corpus-items", type=int, default=500, help="synthetic items for throughput (0: skip)"
    )
    parser.add_argument("--show", action="store_true", help="print every item's predictions")
    args = parser.parse_args(argv)

    from analysis import settings
    from analysis.enrich.categorize import assign_categories
    from analysis.enrich.embeddings import get_backend
    from analysis.enrich.keywords import extract_keywords

    backend = get_backend(args.model)
    real_items = load_gold_real_items()
    start = time.perf_counter()
    extract_keywords([real_items[0].doc], backend, top_n=args.top_n)  # loads the model and jieba
    print(f"model {backend.name}: loaded in {time.perf_counter() - start:.2f} s")
    real_results = extract_keywords([g.doc for g in real_items], backend, top_n=args.top_n)
    real_at_k, real_all, noisy = score_real(real_items, real_results, args.k)
    if args.show:
        for g, rows in zip(real_items, real_results, strict=True):
            print(f"- {g.label}: {[r.keyword for r in rows]}\n    gold: {g.gold}")
    boilerplate = sum(1 for g in real_items if not g.gold)
    print(
        f"real-shaped gold set (tests/data/gold_real): {len(real_items)} items, "
        f"{sum(len(g.gold) for g in real_items)} gold keywords, {boilerplate} boilerplate items"
    )
    print(f"  precision@{args.k}:                {real_at_k['precision_at_k']:.3f}")
    print(f"  precision (all rows):        {real_all['precision_at_k']:.3f}")
    print(f"  recall (all rows):           {real_all['recall']:.3f}")
    print(f"  boilerplate items with keywords: {noisy} of {boilerplate}")
    content = [(g, r) for g, r in zip(real_items, real_results, strict=True) if g.gold]
    content_at_k, _, _ = score_real([g for g, _ in content], [r for _, r in content], args.k)
    print(f"  precision@{args.k}, items with gold only: {content_at_k['precision_at_k']:.3f}")

    gold_items = load_gold(args.gold)
    docs = [g.doc for g in gold_items]
    results = extract_keywords(docs, backend, top_n=args.top_n)
    keybert_scores, all_scores = [], []
    for g, rows in zip(gold_items, results, strict=False):
        ranked = [r.keyword for r in rows if r.origin == "keybert"]
        everything = ranked + [r.keyword for r in rows if r.origin == "bold"]
        keybert_scores.append(score_item(ranked, g.gold, args.k))
        all_scores.append(score_item(everything, g.gold, args.k))
        if args.show:
            s = keybert_scores[-1]
            print(
                f"- {g.label}  P@{args.k}={s.hits_at_k}/{s.considered_at_k}  R={s.gold_found}/{s.gold_total}"
            )
            print(f"    keybert: {ranked}")
            print(f"    bold:    {[r.keyword for r in rows if r.origin == 'bold']}")
            print(f"    gold:    {g.gold}")
    quality = aggregate(keybert_scores)
    with_bold = aggregate(all_scores)
    print(
        f"reference gold set (tests/data/gold_keywords.toml): {len(gold_items)} items, "
        f"{sum(len(g.gold) for g in gold_items)} gold keywords"
    )
    print(f"  precision@{args.k} (keybert):     {quality['precision_at_k']:.3f}")
    print(f"  recall (keybert, top {args.top_n}):    {quality['recall']:.3f}")
    print(f"  recall (keybert + bold):     {with_bold['recall']:.3f}")

    times = time_runs(lambda: extract_keywords(docs, backend, top_n=args.top_n), args.runs)
    median = statistics.median(times)
    print(
        f"extract_keywords on the gold items: {len(docs)} items, median {median:.2f} s of {args.runs} "
        f"cold runs = {len(docs) / median:.1f} items/s"
    )

    if args.corpus_items > 0:
        corpus, declared = synthetic_items(args.corpus_items)
        batch = settings.get_int("batch_items")

        def keywords_run():
            for chunk in _batches(corpus, batch):
                extract_keywords(chunk, backend, top_n=args.top_n)

        def categories_run():
            for lo in range(0, len(corpus), batch):
                assign_categories(corpus[lo : lo + batch], declared[lo : lo + batch], backend)

        calls_before = backend.calls
        times = time_runs(keywords_run, args.runs)
        median = statistics.median(times)
        print(
            f"extract_keywords on a synthetic corpus: {len(corpus)} items in batches of {batch}, "
            f"median {median:.2f} s of {args.runs} cold runs = {len(corpus) / median:.1f} items/s "
            f"({(backend.calls - calls_before) // args.runs} embed calls per run)"
        )
        assign_categories(
            corpus[:1], declared[:1], backend
        )  # category embeddings, once per process
        times = time_runs(categories_run, args.runs)
        median = statistics.median(times)
        print(
            f"assign_categories on the same corpus: median {median:.2f} s of {args.runs} cold runs "
            f"= {len(corpus) / median:.1f} items/s"
        )
        _cold()
        start = time.perf_counter()
        keywords_run()
        categories_run_shared = time.perf_counter()
        for lo in range(0, len(corpus), batch):
            assign_categories(corpus[lo : lo + batch], declared[lo : lo + batch], backend)
        end = time.perf_counter()
        print(
            f"  after extract_keywords on the same batches (shared document embeddings): "
            f"{len(corpus) / (end - categories_run_shared):.0f} items/s; keywords + categories "
            f"{len(corpus) / (end - start):.1f} items/s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

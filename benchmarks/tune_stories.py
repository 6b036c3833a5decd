"""Choose the story thresholds on the TUNING part of the gold set only.

    uv run python benchmarks/tune_stories.py [--min-recall 0.85] [--show 15]

The gold set (tests/data/stories_gold.toml) is ingested, tagged and embedded once, as in
`bench_stories.py`; then every combination of the grid below clusters the tuning part
(stories first told before `stories_gold.SPLIT_AT`) and is scored by pairwise precision and
recall. The held-out part is never clustered here: `bench_stories.py` reports it, once, for
the configuration chosen.

The rule, fixed before any run: of the combinations whose tuning recall is at least
`--min-recall` (a margin above the 0.80 target, since figures drop on unseen days), take the
one with the highest tuning precision, then the highest F1. It prints the choice, the best
by F1 for comparison, and the `TRENDBOARD_STORY_*` settings that select it. A choice must
then also keep the bundled sample's planted launches one story each
(tests/integration/test_stories.py, an issue requirement the grid cannot run);
`--max-span-hours 48` holds the span that requirement needs.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path

import duckdb

from benchmarks.bench_stories import gold_database
from benchmarks.common import print_table
from benchmarks.stories_gold import gold_labels, pairwise

# The second round's grid: its first run (2026-12-02) chose values on the edges of a smaller
# grid (similarity 0.55, span 36 h, headline weight 0.4), so the edges moved out, and values
# never near the top (term_max_stories 1, model penalty 0.2, merge 0.6) were dropped.
GRID = {
    "similarity": (0.40, 0.45, 0.50, 0.55, 0.60, 0.65),
    "term_similarity": (0.30, 0.35, 0.40, 0.45, 0.50),
    "company_penalty": (0.10, 0.20, 0.30),
    "model_penalty": (0.0, 0.10),
    "merge_similarity": (0.52, 2.0),  # 2.0: never merge
    "max_span_hours": (24.0, 30.0, 36.0, 48.0),
    "term_max_stories": (2,),
    "event_penalty": (0.0, 0.1, 0.2, 0.3),
    "event_similarity": (0.2, 0.25, 0.3),
}
HEADLINE_WEIGHTS = (0.2, 0.4, 0.6, 0.8)
SETTING_NAMES = {
    "similarity": "STORY_SIMILARITY",
    "term_similarity": "STORY_TERM_SIMILARITY",
    "company_penalty": "STORY_COMPANY_PENALTY",
    "model_penalty": "STORY_MODEL_PENALTY",
    "event_penalty": "STORY_EVENT_PENALTY",
    "event_similarity": "STORY_EVENT_SIMILARITY",
    "merge_similarity": "STORY_MERGE_SIMILARITY",
    "max_span_hours": "STORY_MAX_SPAN_HOURS",
    "term_max_stories": "STORY_TERM_MAX_STORIES",
    "headline_weight": "STORY_HEADLINE_WEIGHT",
}


def main() -> None:
    from analysis.enrich.stories import StoryParams, cluster, load_signals

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-recall", type=float, default=0.85)
    parser.add_argument("--show", type=int, default=15)
    parser.add_argument(
        "--max-span-hours",
        type=float,
        nargs="*",
        default=None,
        help="only these spans (the bundled sample's planted launches, one story each over "
        "their first 48 hours, need 48)",
    )
    args = parser.parse_args()
    grid = dict(GRID)
    if args.max_span_hours:
        grid["max_span_hours"] = tuple(args.max_span_hours)

    root = Path(tempfile.mkdtemp(prefix="tune-stories-"))
    db, split, labels = gold_database(root)
    defaults = StoryParams.from_settings()
    results = []
    started = time.perf_counter()
    with duckdb.connect(db, read_only=True) as con:
        gold = gold_labels(con, labels)
        for weight in HEADLINE_WEIGHTS:
            ids, vectors, signals = load_signals(con, "use-multilingual", "TRUE", [], weight)
            index = [k for k, i in enumerate(ids) if split[gold[i]] == "tune"]
            tune_ids = [ids[k] for k in index]
            tune_vectors, tune_signals = vectors[index], [signals[k] for k in index]
            for values in itertools.product(*grid.values()):
                choice = dict(zip(grid, values, strict=True))
                if choice["term_similarity"] > choice["similarity"]:
                    continue
                params = replace(defaults, headline_weight=weight, **choice)
                assigned, _ = cluster(tune_vectors, tune_signals, params)
                score = pairwise(
                    dict(zip(tune_ids, assigned.tolist(), strict=True)), gold, tune_ids
                )
                results.append((score, params))
    elapsed = time.perf_counter() - started
    shutil.rmtree(root, ignore_errors=True)
    n_stories = len({gold[i] for i in tune_ids})
    print(
        f"tuning part: {len(tune_ids)} items / {n_stories} stories; "
        f"{len(results)} combinations in {elapsed:.0f} s"
    )
    eligible = [r for r in results if r[0]["recall"] >= args.min_recall]
    by_precision = sorted(eligible, key=lambda r: (-r[0]["precision"], -r[0]["f1"]))
    by_f1 = sorted(results, key=lambda r: -r[0]["f1"])
    default_score = next(
        (s for s, p in results if p == defaults),
        None,
    )
    columns = ["precision", "recall", "F1", *SETTING_NAMES]
    rows = [_row(score, params) for score, params in by_precision[: args.show]]
    print(f"\nhighest precision with recall >= {args.min_recall} ({len(eligible)} eligible):")
    print_table(columns, rows)
    print("\nhighest F1:")
    print_table(columns, [_row(score, params) for score, params in by_f1[: args.show]])
    if default_score:
        print("\ncurrent defaults:")
        print_table(columns, [_row(default_score, defaults)])
    if by_precision:
        _, chosen = by_precision[0]
        print(
            "\nchosen:",
            " ".join(f"TRENDBOARD_{SETTING_NAMES[k]}={asdict(chosen)[k]}" for k in SETTING_NAMES),
        )


def _row(score: dict, params) -> list[str]:
    values = asdict(params)
    return [
        f"{score['precision']:.3f}",
        f"{score['recall']:.3f}",
        f"{score['f1']:.3f}",
        *(f"{values[name]:g}" for name in SETTING_NAMES),
    ]


if __name__ == "__main__":
    main()

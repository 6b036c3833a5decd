"""The `trendboard` console script: a thin layer over `analysis`."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from analysis import settings
from analysis.db import DatabaseBusy, read_connection, resolve_db_path
from analysis.ingest import IngestSummary, ingest_paths

PROGRESS_MIN_FILES = 50


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None, help=f"database file (default: $TRENDBOARD_DB or {settings.SETTINGS['db'].default})")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="trendboard", description="Trend analytics over AI-news digests.")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="parse digest files into the database")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (recursive: *.md, *.markdown, *.txt) or globs")
    ingest.add_argument("--watch", action="store_true", help="keep running and ingest files as they appear or change")
    ingest.add_argument("--workers", type=int, default=None, help="parser processes (default: up to 2)")
    ingest.add_argument("--no-enrich", action="store_true",
                        help="store parsed digests only; run `trendboard enrich` later")
    _add_db(ingest)

    enrich = commands.add_parser("enrich", help="(re)compute companies, sources, keywords and categories")
    enrich.add_argument("--entities", action="store_true",
                        help="only re-tag companies and sources from the tables in data/ (fast, no model)")
    enrich.add_argument("--model", default=None,
                        help="embedding backend for keywords and categories (default: $TRENDBOARD_MODEL or "
                             f"{settings.SETTINGS['model'].default}); another sentence-transformers name or path")
    _add_db(enrich)

    stats = commands.add_parser("stats", help="print counts and the date range")
    _add_db(stats)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "ingest":
            return _ingest(args)
        if args.command == "stats":
            return _stats(args)
        if args.command == "enrich":
            return _enrich(args)
    except DatabaseBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 2


def _ingest(args: argparse.Namespace) -> int:
    summary = _ingest_once(args.paths, args.db, args.workers, enrich=not args.no_enrich)
    if not args.watch:
        return 0 if summary.failed == 0 else 1
    from analysis.watch import watch_folders

    return watch_folders(args.paths, lambda changed: _ingest_once(
        changed, args.db, args.workers, enrich=not args.no_enrich, quiet_if_idle=True))


class _ProgressBars:
    """One tqdm bar per step, shown only for long runs."""

    def __init__(self) -> None:
        self.bars: dict[str, object] = {}

    def __call__(self, step: str, done: int, total: int) -> None:
        from tqdm import tqdm

        bar = self.bars.get(step)
        if bar is None and total >= PROGRESS_MIN_FILES:
            bar = self.bars[step] = tqdm(total=total, desc=step, file=sys.stderr, mininterval=0.5)
        if bar is not None:
            bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def _ingest_once(paths: Sequence[str], db: str | None, workers: int | None, *, enrich: bool,
                 quiet_if_idle: bool = False) -> IngestSummary:
    bars = _ProgressBars()
    summary = ingest_paths(paths, db, progress=lambda done, total: bars("ingest files", done, total),
                           workers=workers)
    if enrich and summary.items_added:
        _run_enrichment(db, bars, entities_only=False, force_entities=False)
    bars.close()
    if quiet_if_idle and summary.files == summary.unchanged:
        return summary
    print(summary.line())
    for skipped, stored in summary.duplicates:
        print(f"  same content as {stored}, skipped: {skipped}")
    for warning in summary.warnings:
        print(f"  {warning}")
    if summary.failures:
        print(f"{len(summary.failures)} problem(s) stopped files from being ingested:", file=sys.stderr)
        for failure in summary.failures:
            print(f"  {failure}", file=sys.stderr)
    return summary


def _run_enrichment(db: str | None, bars: _ProgressBars, *, entities_only: bool, force_entities: bool,
                    model: str | None = None) -> None:
    from analysis.enrich import enrich_entities, enrich_keywords

    tagged = enrich_entities(db, force=force_entities, progress=bars)
    print(f"companies & sources tagged for {tagged} items")
    if entities_only:
        return
    summary = enrich_keywords(db, model=model, progress=bars)
    print(f"keywords & categories for {summary.keyword_items} items "
          f"({summary.keyword_items_from_cache} from the cache, {summary.keyword_items - summary.keyword_items_from_cache} computed)")


def _enrich(args: argparse.Namespace) -> int:
    from analysis.embeddings import BackendUnavailable

    bars = _ProgressBars()
    try:
        _run_enrichment(args.db, bars, entities_only=args.entities, force_entities=args.entities, model=args.model)
    except BackendUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        bars.close()
    return 0


def _stats(args: argparse.Namespace) -> int:
    path = resolve_db_path(args.db)
    with read_connection(path) as con:
        digests, first, last = con.execute(
            "SELECT count(*), min(published_at), max(published_at) FROM digests").fetchone()
        items = con.execute("SELECT count(*) FROM items").fetchone()[0]
        errors = con.execute(
            "SELECT count(DISTINCT source_path) FROM ingest_errors WHERE severity = 'error'").fetchone()[0]
        enriched = {table: con.execute(f"SELECT count(DISTINCT item_id) FROM {table}").fetchone()[0]
                    for table in ("item_keywords", "item_companies", "item_categories")}
    print(f"database:   {path}")
    print(f"digests:    {digests}")
    print(f"items:      {items}")
    print(f"date range: {first} .. {last}" if first else "date range: (empty)")
    print(f"failed files on record: {errors}")
    for table, count in enriched.items():
        print(f"items with {table.removeprefix('item_')}: {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

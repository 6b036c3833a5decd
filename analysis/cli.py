"""The `trendboard` console script: a thin layer over `analysis`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from analysis import settings
from analysis.ingest.pipeline import IngestSummary, ingest_paths
from analysis.present.export import (
    TABLE_FORMATS,
    ExportUnavailable,
    csv_bytes,
    figure_html_bytes,
    figure_image_bytes,
)
from analysis.present.views import CHART_NAMES, TABLE_NAMES
from analysis.query import catalog
from analysis.query.filters import Filters
from analysis.query.granularity import GRANULARITIES
from analysis.store.db import DatabaseBusy, read_connection, resolve_db_path

PROGRESS_MIN_FILES = 50


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=None,
        help=f"database file (default: $TRENDBOARD_DB or {settings.SETTINGS['db'].default})",
    )


def _add_view_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--start",
        type=date.fromisoformat,
        default=None,
        help="first day, YYYY-MM-DD (display zone)",
    )
    parser.add_argument(
        "--end", type=date.fromisoformat, default=None, help="last day, YYYY-MM-DD (inclusive)"
    )
    parser.add_argument("--granularity", choices=list(GRANULARITIES), default="day")
    parser.add_argument(
        "--category", action="append", default=[], help="only items in this category (repeatable)"
    )
    parser.add_argument(
        "--company", action="append", default=[], help="only items naming this company (repeatable)"
    )
    parser.add_argument(
        "--source", action="append", default=[], help="only items from this source (repeatable)"
    )
    parser.add_argument(
        "--search", default="", help="only items whose headline or summary contains this text"
    )
    parser.add_argument(
        "--top", type=int, default=10, help="how many keywords/companies/sources per series"
    )


def _view_filters(args: argparse.Namespace) -> Filters:
    return Filters(
        start=args.start,
        end=args.end,
        granularity=args.granularity,
        categories=tuple(args.category),
        companies=tuple(args.company),
        sources=tuple(args.source),
        text=args.search,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trendboard", description="Trend analytics over AI-news digests."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="parse digest files into the database")
    ingest.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files, folders (recursive: *.md, *.markdown, *.txt) or globs",
    )
    ingest.add_argument(
        "--watch",
        action="store_true",
        help="keep running and ingest files as they appear or change",
    )
    ingest.add_argument(
        "--workers", type=int, default=None, help="parser processes (default: up to 2)"
    )
    ingest.add_argument(
        "--no-enrich",
        action="store_true",
        help="store parsed digests only; run `trendboard enrich` later",
    )
    _add_db(ingest)

    enrich = commands.add_parser(
        "enrich", help="(re)compute companies, sources, keywords and categories"
    )
    enrich.add_argument(
        "--entities",
        action="store_true",
        help="only re-tag companies and sources from the tables in data/ (fast, no model)",
    )
    enrich.add_argument(
        "--model",
        default=None,
        help="embedding backend for keywords and categories (default: $TRENDBOARD_MODEL or "
        f"{settings.SETTINGS['model'].default}); another sentence-transformers name or path",
    )
    _add_db(enrich)

    export = commands.add_parser(
        "export", help="write a table (the rows behind a dashboard view) to a file"
    )
    export.add_argument("table", choices=TABLE_NAMES)
    _add_view_filters(export)
    export.add_argument(
        "--format",
        choices=sorted(TABLE_FORMATS),
        default=None,
        help="file format (default: from the --out suffix, else csv)",
    )
    export.add_argument(
        "--no-bom", action="store_true", help="CSV without the UTF-8 byte-order mark Excel needs"
    )
    export.add_argument("--out", required=True, help="output file ('-' for standard output)")
    _add_db(export)

    chart = commands.add_parser("chart", help="write a chart as HTML, PNG or SVG")
    chart.add_argument("name", choices=CHART_NAMES)
    _add_view_filters(chart)
    chart.add_argument("--measure", choices=["share", "count"], default="share")
    chart.add_argument(
        "--format",
        choices=["html", "png", "svg"],
        default=None,
        help="default: from the --out suffix",
    )
    chart.add_argument("--width", type=int, default=1200)
    chart.add_argument("--height", type=int, default=650)
    chart.add_argument("--out", required=True)
    _add_db(chart)

    aliases = commands.add_parser(
        "aliases", help="edit the organisation alias table (data/companies.toml)"
    )
    alias_commands = aliases.add_subparsers(dest="alias_command", required=True)
    alias_add = alias_commands.add_parser(
        "add",
        help="add a name to an organisation (created if new), keeping the file's comments, "
        "then re-tag every item",
    )
    alias_add.add_argument("name", help="the spelling to recognise, e.g. 'Prime Intellect'")
    alias_add.add_argument(
        "--as", dest="org", required=True, help="canonical organisation name, existing or new"
    )
    alias_add.add_argument(
        "--kind",
        default="company",
        choices=[
            "company",
            "lab",
            "university",
            "investor",
            "government",
            "nonprofit",
            "community",
        ],
        help="kind of a new organisation (default: company)",
    )
    _add_db(alias_add)

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
        if args.command == "export":
            return _export(args)
        if args.command == "chart":
            return _chart(args)
        if args.command == "aliases":
            return _aliases(args)
    except DatabaseBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 2


def _ingest(args: argparse.Namespace) -> int:
    summary = _ingest_once(args.paths, args.db, args.workers, enrich=not args.no_enrich)
    if not args.watch:
        return 0 if summary.failed == 0 else 1
    from analysis.ingest.watch import watch_folders

    return watch_folders(
        args.paths,
        lambda changed: _ingest_once(
            changed, args.db, args.workers, enrich=not args.no_enrich, quiet_if_idle=True
        ),
    )


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
            if done >= total:
                bar.close()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def _ingest_once(
    paths: Sequence[str],
    db: str | None,
    workers: int | None,
    *,
    enrich: bool,
    quiet_if_idle: bool = False,
) -> IngestSummary:
    bars = _ProgressBars()
    summary = ingest_paths(
        paths, db, progress=lambda done, total: bars("ingest files", done, total), workers=workers
    )
    if enrich:
        # Also after a run that added nothing: it finishes enrichment an interrupted run left behind
        # (watermarks make it free when there is nothing to do).
        _run_enrichment(db, bars, entities_only=False, force_entities=False, quiet_if_idle=True)
    bars.close()
    if quiet_if_idle and summary.files == summary.unchanged:
        return summary
    print(summary.line())
    for skipped, stored in summary.duplicates:
        print(f"  same content as {stored}, skipped: {skipped}")
    for warning in summary.warnings:
        print(f"  {warning}")
    if summary.failures:
        print(
            f"{len(summary.failures)} problem(s) stopped files from being ingested:",
            file=sys.stderr,
        )
        for failure in summary.failures:
            print(f"  {failure}", file=sys.stderr)
    return summary


def _run_enrichment(
    db: str | None,
    bars: _ProgressBars,
    *,
    entities_only: bool,
    force_entities: bool,
    model: str | None = None,
    quiet_if_idle: bool = False,
) -> None:
    from analysis.enrich.pipeline import enrich_entities, enrich_keywords

    tagged = enrich_entities(db, force=force_entities, progress=bars)
    if tagged or not quiet_if_idle:
        print(f"companies & sources tagged for {tagged} items")
    if entities_only:
        return
    summary = enrich_keywords(db, model=model, progress=bars)
    if quiet_if_idle and not summary.keyword_items:
        return
    cached = summary.keyword_items_from_cache
    print(
        f"keywords & categories for {summary.keyword_items} items "
        f"({cached} from the cache, {summary.keyword_items - cached} computed)"
    )


def _enrich(args: argparse.Namespace) -> int:
    from analysis.enrich.embeddings import BackendUnavailable

    bars = _ProgressBars()
    try:
        _run_enrichment(
            args.db,
            bars,
            entities_only=args.entities,
            force_entities=args.entities,
            model=args.model,
        )
    except BackendUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        bars.close()
    return 0


def _export(args: argparse.Namespace) -> int:
    from analysis.present import views

    fmt = args.format or _suffix_format(args.out, TABLE_FORMATS, "csv")
    with read_connection(resolve_db_path(args.db)) as con:
        frame = views.table(con, args.table, _view_filters(args), top=args.top)
    data = (
        csv_bytes(frame, excel_bom=not args.no_bom) if fmt == "csv" else TABLE_FORMATS[fmt](frame)
    )
    _write_output(args.out, data)
    if args.out != "-":
        print(f"{len(frame)} rows of {args.table} written to {args.out} ({fmt})")
    return 0


def _chart(args: argparse.Namespace) -> int:
    from analysis.present import views

    fmt = args.format or _suffix_format(args.out, {"html": 1, "png": 1, "svg": 1}, "html")
    with read_connection(resolve_db_path(args.db)) as con:
        fig = views.chart(con, args.name, _view_filters(args), value=args.measure, top=args.top)
    try:
        data = (
            figure_html_bytes(fig)
            if fmt == "html"
            else figure_image_bytes(fig, fmt, width=args.width, height=args.height)
        )
    except ExportUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _write_output(args.out, data)
    print(f"{args.name} chart written to {args.out} ({fmt})")
    return 0


def _aliases(args: argparse.Namespace) -> int:
    from analysis.enrich.pipeline import add_alias_and_retag
    from analysis.enrich.reference import AliasEditError

    try:
        outcome, retagged = add_alias_and_retag(
            resolve_db_path(args.db), args.name, args.org, kind=args.kind
        )
    except AliasEditError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    what = {
        "added": f"{args.name!r} added to {args.org!r}",
        "created": f"new organisation {args.org!r} with {args.name!r}",
        "present": f"{args.name!r} already names {args.org!r}",
    }[outcome]
    print(f"{what}; companies re-tagged for {retagged} items")
    return 0


def _suffix_format(path: str, known, default: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in known else default


def _write_output(path: str, data: bytes) -> None:
    if path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(path).write_bytes(data)


def _stats(args: argparse.Namespace) -> int:
    path = resolve_db_path(args.db)
    with read_connection(path) as con:
        stats = catalog.run(con, "database_stats")
    print(f"database:   {path}")
    print(f"digests:    {stats.digests}")
    print(f"items:      {stats.items}")
    if stats.first_digest:
        print(f"date range: {stats.first_digest} .. {stats.last_digest}")
    else:
        print("date range: (empty)")
    print(f"failed files on record: {stats.failed_files}")
    for table, count in stats.enriched_items.items():
        print(f"items with {table.removeprefix('item_')}: {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

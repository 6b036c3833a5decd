"""The `trendboard` console script: a thin layer over `analysis`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import date
from pathlib import Path

from analysis import settings
from analysis.enrich import jobs
from analysis.enrich.reference import ORG_KINDS
from analysis.ingest.pipeline import IngestSummary, ingest_paths
from analysis.present.export import (
    TABLE_FORMATS,
    ExportContext,
    ExportUnavailable,
    csv_bytes,
    describe_filters,
    describe_range,
    figure_html_bytes,
    figure_image_bytes,
    note_lines,
    parquet_bytes,
)
from analysis.present.views import CHART_NAMES, TABLE_NAMES
from analysis.query import catalog
from analysis.query.filters import COUNT_BY, Filters
from analysis.query.granularity import GRANULARITIES
from analysis.store.db import DatabaseFault, classify_fault, read_connection, resolve_db_path

PROGRESS_MIN_FILES = 50


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        default=None,
        help=f"database file (default: $TRENDBOARD_DB or {settings.SETTINGS['db'].default})",
    )


def _add_if_idle(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--if-idle",
        action="store_true",
        help="do nothing when another process is already building or enriching this database "
        "(default: wait for it, then go on)",
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
        "--series",
        action="append",
        default=[],
        help="only items of digests in this series (repeatable; see `trendboard stats`)",
    )
    parser.add_argument(
        "--search", default="", help="only items whose headline or summary contains this text"
    )
    parser.add_argument(
        "--top", type=int, default=10, help="how many keywords/companies/sources per series"
    )
    parser.add_argument(
        "--count-by",
        choices=list(COUNT_BY),
        default="items",
        help="count items, or stories (the items of one story count once per bucket)",
    )


def _view_filters(args: argparse.Namespace) -> Filters:
    return Filters(
        start=args.start,
        end=args.end,
        granularity=args.granularity,
        categories=tuple(args.category),
        companies=tuple(args.company),
        sources=tuple(args.source),
        series=tuple(args.series),
        text=args.search,
        count_by=args.count_by,
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
        "--prune",
        action="store_true",
        help="remove digests whose file under a folder given here no longer exists "
        "(--watch always does)",
    )
    ingest.add_argument(
        "--workers", type=int, default=None, help="parser processes (default: up to 2)"
    )
    ingest.add_argument(
        "--no-enrich",
        action="store_true",
        help="store parsed digests only; run `trendboard enrich` later",
    )
    _add_if_idle(ingest)
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
    enrich.add_argument(
        "--workers",
        type=int,
        default=None,
        help="keyword processes (default: $TRENDBOARD_ENRICH_WORKERS or the number of CPU cores)",
    )
    _add_if_idle(enrich)
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
        "--no-bom",
        action="store_true",
        help="CSV without the UTF-8 byte-order mark Excel needs (standard output never has one)",
    )
    export.add_argument(
        "--no-meta",
        action="store_true",
        help="CSV without the '#' lines saying what it shows (standard output never has them)",
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
    chart.add_argument("--height", type=int, default=None, help="default: fits the chart")
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
        choices=ORG_KINDS,
        help="kind of a new organisation (default: company)",
    )
    _add_db(alias_add)

    stories = commands.add_parser(
        "stories", help="print the top stories of a range, ranked by spread"
    )
    _add_view_filters(stories)
    stories.add_argument(
        "--order",
        choices=["spread", "items", "digests", "sources", "duration", "newest"],
        default="spread",
        help="ranking (spread: items + digests + sources, then duration)",
    )
    stories.add_argument(
        "--recluster",
        action="store_true",
        help="assign every item again from the stored embeddings first (after changing thresholds)",
    )
    _add_db(stories)

    stats = commands.add_parser(
        "stats", help="print counts, the date range and how much text each series kept"
    )
    _add_db(stats)

    inspect = commands.add_parser(
        "inspect",
        help="show how a digest file is read: its date, series, items and every block not kept",
    )
    inspect.add_argument("file", metavar="FILE")
    inspect.add_argument(
        "--tz",
        default=None,
        help="zone for dates written without an offset (default: $TRENDBOARD_DISPLAY_TZ or "
        f"{settings.SETTINGS['display_tz'].default})",
    )
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
        if args.command == "inspect":
            return _inspect(args)
        if args.command == "stories":
            return _stories(args)
    except DatabaseFault as fault:
        print(f"error: {fault.message}", file=sys.stderr)
        return fault.exit_code
    except OSError as exc:  # e.g. the build lock next to a database on a read-only file system
        fault = classify_fault(exc, resolve_db_path(getattr(args, "db", None)))
        if fault is None:
            raise
        print(f"error: {fault.message}", file=sys.stderr)
        return fault.exit_code
    except jobs.BuildRunning as exc:
        print(f"{exc}; nothing to do")
        return 0
    return 2


def _ingest(args: argparse.Namespace) -> int:
    def first() -> int | None:
        summary = _ingest_once(
            args.paths,
            args.db,
            args.workers,
            enrich=not args.no_enrich,
            if_idle=args.if_idle,
            prune=args.prune or args.watch,
        )
        if summary.fault is not None:
            return summary.fault.exit_code
        return None if args.watch else (0 if summary.failed == 0 else 1)

    if not args.watch:
        return first()
    from analysis.ingest.watch import watch_folders

    return watch_folders(
        args.paths,
        lambda changed, folders: _ingest_once(
            changed,
            args.db,
            args.workers,
            enrich=not args.no_enrich,
            quiet_if_idle=True,
            prune_folders=folders,
        ),
        first=first,
    )


class _ProgressBars:
    """One tqdm bar per step, shown only for long runs; also fed to the build's progress file."""

    def __init__(self, writer: jobs.ProgressWriter | None = None) -> None:
        self.bars: dict[str, object] = {}
        self.writer = writer

    def __call__(self, step: str, done: int, total: int) -> None:
        from tqdm import tqdm

        if self.writer is not None:
            self.writer(step, done, total)
        bar = self.bars.get(step)
        if bar is None and total >= PROGRESS_MIN_FILES:
            bar = self.bars[step] = tqdm(total=total, desc=step, file=sys.stderr, mininterval=0.5)
        if bar is not None:
            bar.update(done - bar.n)
            if done >= total:
                bar.close()

    def step_finished(self, step: str) -> None:
        if self.writer is not None:
            self.writer.step_finished(step)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


@contextmanager
def _build(db: str | None, command: str, *, if_idle: bool) -> Iterator[_ProgressBars]:
    """The database's build lock and progress file around one ingest or enrichment run."""

    def waiting(pid: int | None) -> None:
        print(f"waiting for process {pid}, which is building this database", file=sys.stderr)

    with jobs.build_lock(db, wait=not if_idle, on_wait=waiting):
        bars = _ProgressBars(jobs.ProgressWriter(db, command))
        try:
            yield bars
        except BaseException as exc:
            bars.writer.finish(error=f"{type(exc).__name__}: {exc}")
            raise
        finally:
            bars.close()
        bars.writer.finish()


def _ingest_once(
    paths: Sequence[str],
    db: str | None,
    workers: int | None,
    *,
    enrich: bool,
    quiet_if_idle: bool = False,
    if_idle: bool = False,
    prune: bool = False,
    prune_folders: Sequence[str] = (),
) -> IngestSummary:
    with _build(db, "ingest", if_idle=if_idle) if enrich else nullcontext(_ProgressBars()) as bars:
        summary = ingest_paths(
            paths,
            db,
            progress=lambda done, total: bars(jobs.STEP_INGEST, done, total),
            workers=workers,
            prune=prune,
            prune_folders=prune_folders,
        )
        bars.step_finished(jobs.STEP_INGEST)
        if enrich and summary.fault is None:
            # Also after a run that added nothing: it finishes enrichment an interrupted run left
            # behind (watermarks make it free when there is nothing to do).
            _run_enrichment(db, bars, entities_only=False, force_entities=False, quiet_if_idle=True)
    if (
        quiet_if_idle
        and summary.files == summary.unchanged
        and not summary.removed
        and not summary.fault
    ):
        return summary
    print(summary.line())
    for old, new in summary.moved:
        print(f"  moved: {old} -> {new}")
    for path in summary.removed:
        print(f"  removed: {path} (the file is gone)")
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
    if summary.fault is not None:
        print(f"error: {summary.fault.message}", file=sys.stderr)
    return summary


def _run_enrichment(
    db: str | None,
    bars: _ProgressBars,
    *,
    entities_only: bool,
    force_entities: bool,
    model: str | None = None,
    workers: int | None = None,
    quiet_if_idle: bool = False,
) -> None:
    from analysis.enrich.pipeline import enrich_entities, enrich_keywords

    tagged = enrich_entities(db, force=force_entities, progress=bars)
    bars.step_finished(jobs.STEP_ENTITIES)
    if tagged or not quiet_if_idle:
        print(f"companies & sources tagged for {tagged} items")
    if entities_only:
        return
    summary = enrich_keywords(db, model=model, workers=workers, progress=bars)
    bars.step_finished(jobs.STEP_KEYWORDS)
    from analysis.enrich.stories import enrich_stories

    embedded, placed = enrich_stories(db, model=model, progress=bars)
    if quiet_if_idle and not summary.keyword_items and not placed:
        return
    cached = summary.keyword_items_from_cache
    print(
        f"keywords & categories for {summary.keyword_items} items "
        f"({cached} from the cache, {summary.keyword_items - cached} computed)"
    )
    print(f"stories: {embedded} items embedded, {placed} items placed")


def _enrich(args: argparse.Namespace) -> int:
    from analysis.enrich.embeddings import BackendUnavailable

    try:
        with _build(args.db, "enrich", if_idle=args.if_idle) as bars:
            _run_enrichment(
                args.db,
                bars,
                entities_only=args.entities,
                force_entities=args.entities,
                model=args.model,
                workers=args.workers,
            )
    except BackendUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _export(args: argparse.Namespace) -> int:
    from analysis.present import views

    fmt = args.format or _suffix_format(args.out, TABLE_FORMATS, "csv")
    filters = _view_filters(args)
    with read_connection(resolve_db_path(args.db)) as con:
        frame = views.table(con, args.table, filters, top=args.top)
        context = _export_context(con, f"trendboard {args.table}", filters)
    # Standard output is for pipes: a byte-order mark or comment lines would corrupt the first field.
    to_stdout = args.out == "-"
    if fmt == "csv":
        data = csv_bytes(
            frame,
            excel_bom=not (args.no_bom or to_stdout),
            context=None if (args.no_meta or to_stdout) else context,
        )
    elif fmt == "parquet":
        data = parquet_bytes(frame, context=context)
    else:
        data = TABLE_FORMATS[fmt](frame)
    _write_output(args.out, data)
    if args.out != "-":
        print(f"{len(frame)} rows of {args.table} written to {args.out} ({fmt})")
    return 0


def _export_context(con, title: str, f: Filters, measure: str = "") -> ExportContext:
    from analysis.present import views

    return ExportContext(
        title=title,
        range_text=describe_range(f.start, f.end),
        filters_text=describe_filters(f, measure),
        notes=note_lines(views.notes(con, f)),
    )


def _chart(args: argparse.Namespace) -> int:
    from analysis.present import views

    fmt = args.format or _suffix_format(args.out, {"html": 1, "png": 1, "svg": 1}, "html")
    filters = _view_filters(args)
    with read_connection(resolve_db_path(args.db)) as con:
        fig = views.chart(con, args.name, filters, value=args.measure, top=args.top)
        context = _export_context(con, fig.layout.title.text or args.name, filters, args.measure)
    try:
        data = (
            figure_html_bytes(fig, context)
            if fmt == "html"
            else figure_image_bytes(fig, fmt, width=args.width, height=args.height, context=context)
        )
    except ExportUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _write_output(args.out, data)
    if args.out != "-":
        print(f"{args.name} chart written to {args.out} ({fmt})")
    return 0


def _stories(args: argparse.Namespace) -> int:
    path = resolve_db_path(args.db)
    if args.recluster:
        from analysis.enrich.stories import assign_stories, reset_stories

        reset_stories(path)
        print(f"stories: {assign_stories(path)} items placed")
    f = _view_filters(args)
    with read_connection(path) as con:
        frame = catalog.run(con, "top_stories", f, limit=args.top, order=args.order)
    if frame.empty:
        print("no stories in this range (run `trendboard enrich` after ingesting)")
        return 0
    for rank, row in enumerate(frame.itertuples(index=False), start=1):
        print(
            f"{rank:>3}. {row.title}\n"
            f"     {row.items} items, {row.digests} digests, {row.sources} sources, "
            f"{row.duration_hours:.0f} h  ({row.first_seen:%Y-%m-%d %H:%M} .. "
            f"{row.last_seen:%Y-%m-%d %H:%M})  story {row.story_id}"
        )
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
        kept = catalog.run(con, "text_kept_by_series")
    print(f"database:   {path}")
    print(f"digests:    {stats.digests}")
    print(f"items:      {stats.items}")
    zone = settings.get("display_tz")
    if stats.first_digest:
        print(
            f"date range: {_in_zone(stats.first_digest, zone)} .. "
            f"{_in_zone(stats.last_digest, zone)} ({zone})"
        )
    else:
        print("date range: (empty)")
    print(f"failed files on record: {stats.failed_files}")
    for table, count in stats.enriched_items.items():
        print(f"items with {table.removeprefix('item_')}: {count}")
    if not kept.empty:
        print("text kept per series (share of each file's text that reached an item):")
        for row in kept.itertuples():
            print(
                f"  {row.series or '(none)'}: {row.files} files, median {row.median_kept:.0%}, "
                f"lowest {row.min_kept:.0%}, {row.files_under_70} under 70%"
            )
        if int(kept["files_under_70"].sum()):
            print("  run `trendboard inspect FILE` on a low one to see what was not kept")
    return 0


def _inspect(args: argparse.Namespace) -> int:
    from analysis.present.inspect import inspect_report

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(inspect_report(data, str(path), args.tz or settings.get("display_tz")))
    return 0


def _in_zone(moment, zone: str) -> str:
    from analysis.timezones import parse_tz

    try:
        return moment.astimezone(parse_tz(zone)).isoformat(sep=" ")
    except OverflowError:  # year 1 or 9999 has no equivalent in every zone
        return moment.isoformat(sep=" ")


if __name__ == "__main__":
    raise SystemExit(main())

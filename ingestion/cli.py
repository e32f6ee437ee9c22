"""Command line: route and ingest the landing zone.

    python -m ingestion ingest [--source NAME ...]

Exits 1 when any file was rejected whole in this run or left in place as unsafe, 0
otherwise. A file rejected in an earlier run and still in landing/ prints a warning.
"""

import argparse
import logging
import sys

from tqdm import tqdm

from ingestion.landing import ingest_source, landed_files, route_landing_root
from ingestion.paths import DataPaths
from ingestion.report import ALREADY_REJECTED, LEFT_IN_PLACE, QUARANTINED, ROUTED, RouteOutcome
from ingestion.sources import SOURCES


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the `ingestion` command."""
    parser = argparse.ArgumentParser(prog="python -m ingestion", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="route files dropped into landing/, then load every source")
    ingest.add_argument(
        "--source",
        action="append",
        choices=sorted(SOURCES),
        help="load only this source (repeatable); default: all sources",
    )
    ingest.add_argument("--verbose", action="store_true", help="log every file at INFO level")
    return parser


def run_ingest(sources: list[str]) -> int:
    """Route and ingest, print per-source counts, and return the exit status."""
    paths = DataPaths.from_env()
    paths.ensure()
    routes = route_landing_root(paths)
    for routed in routes:
        print(_describe_route(routed))

    total_files = sum(len(landed_files(paths, source)) for source in sources)
    reports = []
    with tqdm(total=total_files, unit="file", desc="ingest") as bar:
        for source in sources:
            bar.set_postfix_str(source)
            reports.append(ingest_source(paths, source, progress=lambda _outcome: bar.update(1)))

    print(
        f"{'source':<24}{'files':>6}{'new':>6}{'skip':>6}{'rej':>6}{'wait':>6}"
        f"{'read':>10}{'loaded':>10}{'quarant.':>10}"
    )
    for report in reports:
        totals = report.totals()
        print(
            f"{report.source:<24}{totals['files']:>6}{totals['files_loaded']:>6}{totals['files_already_loaded']:>6}"
            f"{totals['files_rejected']:>6}{totals['files_not_settled']:>6}{totals['rows_read']:>10}"
            f"{totals['rows_loaded']:>10}{totals['rows_quarantined']:>10}"
        )
    for report in reports:
        for outcome in report.files:
            if outcome.status == ALREADY_REJECTED:
                print(f"warning: {report.source}/{outcome.file_name} was rejected in an earlier run: {outcome.reason}")
    print(f"data root: {paths.root}")

    # A file rejected at the top of landing/ fails the run like one rejected in a source folder.
    rejected_at_top = any(routed.status in (QUARANTINED, LEFT_IN_PLACE) for routed in routes)
    rejected_in_source = any(report.totals()["files_rejected"] for report in reports)
    return 1 if rejected_at_top or rejected_in_source else 0


def _describe_route(routed: RouteOutcome) -> str:
    """Render one outcome of routing `landing/` as a line for the terminal."""
    if routed.status == ROUTED:
        return f"routed {routed.file_name} -> {routed.source}"
    if routed.status == QUARANTINED:
        return f"quarantined {routed.file_name}: {routed.reason}"
    if routed.status == LEFT_IN_PLACE:
        return f"rejected {routed.file_name}: {routed.reason}"
    return f"warning: {routed.status.replace('_', ' ')}: {routed.file_name}: {routed.reason}"


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    arguments = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if arguments.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    return run_ingest(arguments.source or list(SOURCES))


if __name__ == "__main__":
    sys.exit(main())

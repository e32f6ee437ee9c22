"""One benchmark stage, run in its own process: `python -m benchmarks.stage NAME ROOT DETAILS [ARGS]`.

Each stage does its work on the data root ROOT and writes the figures it measured
about itself (per-source times, row counts, latencies) as JSON to DETAILS.
"""

import importlib
import json
import logging
import shutil
import sys
import time
from pathlib import Path

log = logging.getLogger("benchmarks.stage")


def stage_generate(root: Path, skus: str, days: str, orders: str) -> dict:
    """Write the demo dataset into the landing zone."""
    from ingestion.demo.config import DemoConfig
    from ingestion.demo.generate import generate

    config = DemoConfig(skus=int(skus), days=int(days), orders=int(orders))
    manifest = generate(config, root / "landing", show_progress=False)
    return {"files": len(manifest["files"]), "rows": sum(manifest["files"].values()),
            "order_lines": sum(manifest["order_lines_per_channel"].values()),
            "end_date": manifest["arguments"]["end_date"]}


def stage_hold_back(root: Path, day: str) -> dict:
    """Move the last day's files and order rows out of the landing zone, as tomorrow's delivery."""
    from benchmarks import increment

    return increment.hold_back(root / "landing", root.parent / "increment", day)


def stage_land_increment(root: Path) -> dict:
    """Move the held-back day into the landing zone."""
    from benchmarks import increment

    return increment.land(root.parent / "increment", root / "landing")


def stage_ingest(root: Path) -> dict:
    """Route and ingest every source, timing each one."""
    from ingestion.landing import ingest_source, route_landing_root
    from ingestion.paths import DataPaths
    from ingestion.sources import SOURCES

    paths = DataPaths(root)
    paths.ensure()
    route_landing_root(paths)
    sources = {}
    for source in sorted(SOURCES):
        started = time.monotonic()
        report = ingest_source(paths, source)
        loaded = [outcome for outcome in report.files if outcome.status == "loaded"]
        sources[source] = {
            "seconds": time.monotonic() - started,
            "files_loaded": len(loaded),
            "files_seen": len(report.files),
            "rows_loaded": sum(outcome.rows_loaded for outcome in loaded),
            "bytes_loaded": sum((paths.landing_dir(source) / outcome.file_name).stat().st_size for outcome in loaded),
            "loaded_files": [outcome.file_name for outcome in loaded],
        }
    return {"sources": sources}


def stage_checks(root: Path) -> dict:
    """Run every Great Expectations raw suite on the raw files not validated yet."""
    from orchestration.lib.raw_checks import validate_new_raw_files
    from ingestion.paths import DataPaths

    return validate_new_raw_files(DataPaths(root))


def stage_dbt(root: Path, *dbt_args: str) -> dict:
    """Run `dbt build` and return the per-model and per-test execution times."""
    from dbt.cli.main import dbtRunner

    from benchmarks.rss import RssSampler, peak_by_node
    from ingestion.paths import REPO_ROOT

    project = REPO_ROOT / "dbt_project"
    target = root / "dbt_target"
    with RssSampler() as sampler:
        result = dbtRunner().invoke([
            "build", "--project-dir", str(project), "--profiles-dir", str(project),
            "--target-path", str(target), "--log-path", str(root / "dbt_logs"), *dbt_args,
        ])
    if not result.success:
        failed = [node.node.name for node in (result.result.results if result.result else [])
                  if node.status in ("error", "fail")]
        raise SystemExit(f"dbt build failed: {result.exception or 'failed nodes: ' + ', '.join(failed)}")
    timings = {"model": 0.0, "test": 0.0, "seed": 0.0, "unit_test": 0.0}
    python_seconds = 0.0
    for node in result.result.results:
        kind = node.node.resource_type.value
        timings[kind] = timings.get(kind, 0.0) + node.execution_time
        if getattr(node.node, "language", "sql") == "python":
            python_seconds += node.execution_time
    return {"execution_seconds_by_type": timings, "python_model_seconds": python_seconds,
            "nodes": len(result.result.results),
            "memory": peak_by_node(sampler, dict(_execute_windows(result.result.results)))}


def _execute_windows(node_results):
    """Yield (node name, (start, end)) of each node's execute step, in UTC.

    dbt stamps its timings in UTC without a zone; read as local time they would
    shift on a machine whose zone is not UTC.
    """
    for node in node_results:
        # A unit test is named per model, so the label names its resource type.
        kind = node.node.resource_type.value
        label = node.node.name if kind == "model" else f"{kind} {node.node.name}"
        for timing in node.timing:
            if timing.name == "execute" and timing.started_at and timing.completed_at:
                yield label, (_as_utc(timing.started_at), _as_utc(timing.completed_at))


def _as_utc(instant):
    """Return `instant` with its zone, reading a naive one as UTC."""
    from datetime import UTC

    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def remove_database(path: Path) -> None:
    """Delete a DuckDB database file with its write-ahead log and temporary folder."""
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".tmp"), ignore_errors=True)


def stage_dbt_full(root: Path) -> dict:
    """Run `dbt build` on no warehouse, as a first build from the landed files does."""
    import os

    from ingestion.paths import DataPaths
    from orchestration.lib.dbt_build_args import EXCLUDE_RESOURCE_TYPES_ENV, build_environment

    # A first build tests every row and runs the unit tests, whatever the caller's shell sets.
    os.environ.pop(EXCLUDE_RESOURCE_TYPES_ENV, None)
    os.environ.update(build_environment(daily=False))
    remove_database(DataPaths(root).warehouse)
    return stage_dbt(root)


def stage_dbt_daily(root: Path) -> dict:
    """Run `dbt build` as a daily run does: the incremental models' tests check only rewritten days, and no unit test runs."""
    import os

    from orchestration.lib.dbt_build_args import build_environment

    os.environ.update(build_environment(daily=True))
    return stage_dbt(root)


def stage_publish(root: Path) -> dict:
    """Publish the marts to serving.duckdb."""
    from ingestion.paths import DataPaths
    from orchestration.lib.marts import MART_DAY_COLUMNS, MART_TABLES
    from orchestration.lib.serving import publish_serving

    paths = DataPaths(root)
    return {"rows": publish_serving(paths.warehouse, paths.serving, MART_TABLES, MART_DAY_COLUMNS)}


def stage_publish_full(root: Path) -> dict:
    """Publish every mart to a new serving.duckdb, with no earlier one to update."""
    from ingestion.paths import DataPaths

    DataPaths(root).serving.unlink(missing_ok=True)
    return stage_publish(root)


# Stage name to function, as "module:function" so a stage imports only what it uses:
# each stage is a new process, and importing dbt, GX or Streamlit takes seconds.
STAGES = {
    "generate": "benchmarks.stage:stage_generate",
    "hold_back": "benchmarks.stage:stage_hold_back",
    "land_increment": "benchmarks.stage:stage_land_increment",
    "ingest": "benchmarks.stage:stage_ingest",
    "checks": "benchmarks.stage:stage_checks",
    "dbt": "benchmarks.stage:stage_dbt",
    "dbt_full": "benchmarks.stage:stage_dbt_full",
    "dbt_daily": "benchmarks.stage:stage_dbt_daily",
    "publish_full": "benchmarks.stage:stage_publish_full",
    "publish": "benchmarks.stage:stage_publish",
    "read_csv": "benchmarks.baselines:read_csv_baseline",
    "sql_script": "benchmarks.baselines:sql_script_baseline",
    "headline_duckdb": "benchmarks.baselines:headline_duckdb",
    "headline_pandas": "benchmarks.baselines:headline_pandas",
    "queries": "benchmarks.queries:time_dashboard_queries",
}


def main(argv: list[str]) -> None:
    name, root, details_path, *args = argv
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("benchmarks").setLevel(logging.INFO)
    module_name, function_name = STAGES[name].split(":")
    stage = getattr(importlib.import_module(module_name), function_name)
    details = stage(Path(root), *args)
    Path(details_path).write_text(json.dumps(details, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])

"""Four dashboard sessions query serving.duckdb in a loop while the pipeline runs again and again.

    python -m benchmarks.faults.readers_drill [--runs 10] [--sessions 4] [--publish-only] [--work-dir DIR] [--json FILE]

The data root contains the small demo of the kill drill. One run builds serving.duckdb
first, and then the sessions start. The pipeline then runs `--runs` more times, each
a full run in its own process that publishes a new serving.duckdb at its end. With
`--publish-only`, only the publish step runs, in this process, 2 s apart. The
figures are the queries the sessions ran, their errors, lock failures among those
errors, and the 95th percentile and max query latency.
"""

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.faults.dashboard_readers import start_sessions, stop_sessions, totals
from benchmarks.faults.pipeline_process import run_to_end
from benchmarks.faults.roots import copy_root, deliver, write_demo
from ingestion.paths import DATA_DIR_ENV, DataPaths
from orchestration.lib.marts import MART_TABLES
from orchestration.lib.serving import publish_serving

log = logging.getLogger("benchmarks.faults.readers_drill")

PUBLISH_PAUSE_SECONDS = 2.0


def prepare_root(work_dir: Path) -> Path:
    """Write the demo into a new data root and run the pipeline once, so serving.duckdb exists.

    A root where an earlier drill published serving.duckdb is reused as it is.
    """
    root = work_dir / "root"
    if (root / "serving.duckdb").exists():
        log.info("Reusing the data root %s", root)
        return root
    landing, next_day = write_demo(work_dir)
    copy_root(landing, root / "landing")
    deliver(next_day, root)
    run_to_end(root)
    return root


def publish_once(root: Path) -> None:
    """Publish the root's warehouse to serving.duckdb, as the pipeline's publish step does."""
    paths = DataPaths(root)
    publish_serving(paths.warehouse, paths.serving, MART_TABLES)


def run_drill(runs: int, sessions: int, work_dir: Path, publish_only: bool = False) -> dict:
    """Run the pipeline (or only its publish step) `runs` times while `sessions` sessions query; return the figures."""
    root = prepare_root(work_dir)
    # The dashboard modules find the data root in the environment, as the Streamlit app does.
    os.environ[DATA_DIR_ENV] = str(root)
    threads, stats, stop = start_sessions(sessions)

    run_seconds = []
    try:
        for number in range(1, runs + 1):
            started = time.monotonic()
            if publish_only:
                publish_once(root)
                # Queries continue between publishes as they would between pipeline runs.
                time.sleep(PUBLISH_PAUSE_SECONDS)
            else:
                run_to_end(root)
            run_seconds.append(time.monotonic() - started)
            log.info("Pipeline run %d of %d finished in %.0f s", number, runs, run_seconds[-1])
    finally:
        stop_sessions(threads, stop)

    mode = "publish step" if publish_only else "full pipeline"
    return {"runs": runs, "mode": mode, "run_seconds_max": round(max(run_seconds), 1), **totals(stats)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.faults.readers_drill", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="pipeline runs while the sessions query (default 10)")
    parser.add_argument("--sessions", type=int, default=4, help="dashboard sessions, one thread each (default 4)")
    parser.add_argument("--publish-only", action="store_true",
                        help="run only the publish step in this process, 2 s apart, instead of full pipeline runs")
    parser.add_argument("--work-dir", type=Path, default=None, help="folder for the data root (default a new temp folder)")
    parser.add_argument("--json", type=Path, default=None, help="file to write the figures to as JSON")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    work_dir = arguments.work_dir or Path(tempfile.mkdtemp(prefix="readers_drill_"))
    work_dir.mkdir(parents=True, exist_ok=True)
    figures = run_drill(arguments.runs, arguments.sessions, work_dir, arguments.publish_only)
    text = json.dumps(figures, indent=2)
    if arguments.json:
        arguments.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 1 if figures["errors"] or figures["lock_failures"] else 0


if __name__ == "__main__":
    sys.exit(main())

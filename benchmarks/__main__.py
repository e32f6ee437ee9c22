"""Command line: `python -m benchmarks --size XS|S|M|L [--work-dir DIR] [--record FILE] [--resume]`.

Generates a dataset with the demo generator, holds its last day back, rebuilds
everything from the landed files stage by stage (ingestion, checks, dbt build,
publish), runs the baselines on the same files, times the dashboard queries, then
lands the held-back day and runs the increment. Each stage runs in its own process,
so its wall time and peak memory are its own.
"""

import argparse
import json
import logging
import os
import platform
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from benchmarks.measure import StageResult, run_stage
from benchmarks.report import render_markdown, summarize, write_record
from benchmarks.sizes import SIZES

log = logging.getLogger("benchmarks")

# The stages of a rebuild from landed files, run in full and again for the increment.
FULL_REBUILD = ("ingest", "checks", "dbt", "publish")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S", help="dataset size (default S)")
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="folder for the dataset and results, emptied first (default data/bench/<size>)")
    parser.add_argument("--record", type=Path, default=None,
                        help="Markdown file whose section for this size is replaced with the results")
    parser.add_argument("--resume", action="store_true",
                        help="keep the work folder and go on after the last stage that finished there")
    return parser.parse_args(argv)


def run_benchmark(size_name: str, work_dir: Path, resume: bool = False) -> dict:
    """Run every stage on a fresh dataset of `size_name` under `work_dir`; return the results.

    With `resume`, the stages a stopped run finished are read back instead of run
    again: at L the dataset alone takes many minutes to make. A stage that stopped
    part way runs again from the state it left, so its figures cover only the rest.
    """
    size = SIZES[size_name]
    finished = _finished_stages(work_dir) if resume else {}
    if work_dir.exists() and not finished:
        shutil.rmtree(work_dir)
    root = work_dir / "root"
    root.mkdir(parents=True, exist_ok=True)
    started_at = datetime.now(UTC)
    load_at_start = os.getloadavg()

    stages: list[tuple[str, str, tuple[str, ...]]] = [
        ("generate", "generate", (str(size.skus), str(size.days), str(size.orders))),
        ("hold_back", "hold_back", ()),
        # The full rebuild starts from no warehouse and no serving file, also in a resumed run.
        *[(f"full_{name}", f"{name}_full" if name in ("dbt", "publish") else name, ()) for name in FULL_REBUILD],
        ("read_csv", "read_csv", (str(work_dir / "full_ingest.json"),)),
        ("sql_script", "sql_script", ()),
        ("headline_duckdb", "headline_duckdb", ()),
        ("headline_pandas", "headline_pandas", ()),
        ("queries", "queries", ()),
        ("land_increment", "land_increment", ()),
        # The increment's dbt build is a daily run on a built warehouse, as the Dagster asset runs it.
        *[(f"increment_{name}", "dbt_daily" if name == "dbt" else name, ()) for name in FULL_REBUILD],
    ]
    results: dict[str, StageResult] = {}
    with tqdm(total=len(stages), desc=f"benchmark {size_name}", unit="stage", file=sys.stdout) as progress:
        for label, stage, args in stages:
            progress.set_postfix_str(label)
            if stage == "hold_back":
                args = (results["generate"].details["end_date"],)
            if label in finished:
                results[label] = finished[label]
                progress.write(f"{label:<20} kept from the stopped run")
                progress.update(1)
                continue
            results[label] = run_stage(stage, work_dir, root, *args, details_name=label)
            progress.write(f"{label:<20} {results[label].seconds:8.1f} s  peak {results[label].peak_rss_gib:6.2f} GiB")
            # Kept after every stage, so a run that stops part way still shows what it measured.
            partial = {done: {"seconds": r.seconds, "peak_rss_bytes": r.peak_rss_bytes, "peak_rss_gib": r.peak_rss_gib}
                       for done, r in results.items()}
            (work_dir / "stages_partial.json").write_text(json.dumps(partial, indent=1), encoding="utf-8")
            progress.update(1)

    summary = summarize(size, results)
    summary["started_at"] = started_at.isoformat(timespec="seconds")
    summary["machine"] = {**machine(), "load_average_at_start": load_at_start, "load_average_at_end": os.getloadavg()}
    (work_dir / "results.json").write_text(json.dumps(summary, indent=1, default=str), encoding="utf-8")
    return summary


def _finished_stages(work_dir: Path) -> dict[str, StageResult]:
    """Read back the stages a stopped run recorded in `stages_partial.json`."""
    partial_path = work_dir / "stages_partial.json"
    if not partial_path.exists():
        return {}
    finished = {}
    for label, figures in json.loads(partial_path.read_text(encoding="utf-8")).items():
        details_path = work_dir / f"{label}.json"
        details = json.loads(details_path.read_text(encoding="utf-8")) if details_path.exists() else {}
        finished[label] = StageResult(label, figures["seconds"], figures["peak_rss_bytes"], details)
    log.warning("Resuming in %s after %d finished stage(s): %s", work_dir, len(finished), ", ".join(finished))
    return finished


def machine() -> dict:
    """Describe the machine and software versions the figures were measured with."""
    from importlib.metadata import version

    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        total_kib = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    packages = ("duckdb", "dbt-core", "dbt-duckdb", "dagster", "dagster-dbt", "great-expectations", "pandas", "pyarrow")
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(total_kib / 2**20, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": {name: version(name) for name in packages},
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    work_dir = (args.work_dir or Path("data") / "bench" / args.size).resolve()
    summary = run_benchmark(args.size, work_dir, resume=args.resume)
    markdown = render_markdown(summary)
    print(markdown)
    if args.record:
        write_record(args.record, args.size, markdown)
        print(f"recorded in {args.record}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

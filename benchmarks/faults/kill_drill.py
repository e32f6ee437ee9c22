"""Kill the pipeline with SIGKILL at seeded random points, then check serving.duckdb and a rerun.

    python -m benchmarks.faults.kill_drill [--kills 20] [--seed 6] [--parallel N] [--work-dir DIR] [--json FILE]

A seed root contains a small demo without its last day, built by one uninterrupted run.
The last day is then delivered, and a copy of the seed root with it runs to the end
uninterrupted: its marts are the expected ones, and its log gives each stage's
duration. Each kill sequence starts from a fresh copy of the same state and kills
one run in ingestion, the next in the dbt build, the next in the publish step, then
one more in dbt or publish. Each run picks up what the killed one left. A kill
waits for its stage's first log line, then a random time within the first 80 % of
that stage's duration. After each kill, serving.duckdb must open and contain the same marts as
before the killed run, or the new marts when the kill came after the publish began,
since the rename is atomic. A last run then goes to the end: its marts must equal the
expected ones, with no temporary file of a killed process left and no killed run
still STARTED in Dagster. Sequences run on separate data roots, `--parallel` at a time.
"""

import argparse
import json
import logging
import random
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import dagster as dg
import duckdb

from benchmarks.faults.checksums import differing_tables, mart_checksums
from benchmarks.faults.pipeline_process import (
    DBT,
    INGESTION,
    PUBLISH,
    PUBLISH_ENDED,
    STAGES,
    run_to_end,
    stage_windows,
    start_pipeline,
)
from benchmarks.faults.roots import copy_root, deliver, leftover_files, write_demo
from ingestion.landed_index import INDEX_NAME
from orchestration.lib.marts import MART_TABLES

log = logging.getLogger("benchmarks.faults.kill_drill")

# A stage that has not logged its start within this many seconds counts as a hung run.
STAGE_TIMEOUT_SECONDS = 900
WRITEBACK = "writeback"
BASELINE_RECORD = "baseline.json"
# Kills fall within this share of each stage's duration in the uninterrupted run, so a
# stage that runs a little faster this time still contains its kill.
WINDOW_SHARE = 0.8


@dataclass
class Kill:
    """One SIGKILL: where it was aimed, where it landed, and serving.duckdb before and after."""

    sequence: int
    target_stage: str
    delay_seconds: float
    killed_in: str
    publish_began: bool
    replaced: bool
    serving_before: dict | None
    serving_after: dict | None
    leftovers: list[str]
    problems: list[str] = field(default_factory=list)


@dataclass
class Rerun:
    """The run to the end after a sequence of kills, and what it left behind."""

    sequence: int
    seconds: float
    marts: dict | None
    stale_temps: list[str]
    unbacked_index_entries: list[str]
    runs_left_started: list[str]
    problems: list[str] = field(default_factory=list)


@dataclass
class Baseline:
    """The state every sequence starts from and the marts an uninterrupted run gives."""

    seed_root: Path
    next_day: Path
    seed_marts: dict
    expected_marts: dict
    windows: dict[str, float]
    seconds: float


def plan_sequences(kills: int, rng: random.Random) -> list[list[str]]:
    """Split `kills` into sequences of ingestion, dbt, publish and one more in dbt or publish."""
    sequences = []
    while kills > 0:
        sequence = [INGESTION, DBT, PUBLISH, rng.choice((DBT, PUBLISH))][:kills]
        sequences.append(sequence)
        kills -= len(sequence)
    return sequences


def serving_state(root: Path) -> tuple[dict | None, tuple[int, int] | None]:
    """Return the mart checksums and (inode, mtime) of serving.duckdb, or None twice when there is none."""
    serving = root / "serving.duckdb"
    if not serving.exists():
        return None, None
    status = serving.stat()
    return mart_checksums(serving, MART_TABLES), (status.st_ino, status.st_mtime_ns)


def stage_at(stage_times: dict[str, float], moment: float) -> str:
    """Return the stage that was running at `moment`, from the times each stage began."""
    if stage_times.get(PUBLISH_ENDED, float("inf")) <= moment:
        return WRITEBACK
    current = "start-up"
    for stage in STAGES:
        if stage_times.get(stage, float("inf")) <= moment:
            current = stage
    return current


def kill_once(root: Path, sequence: int, stage: str, delay: float) -> Kill:
    """Start a run on `root`, SIGKILL it `delay` seconds after `stage` began, and read serving.duckdb."""
    before, identity_before = serving_state(root)
    run = start_pipeline(root)
    problems = []

    if not run.wait_for_stage(stage, STAGE_TIMEOUT_SECONDS):
        run.kill()
        problems.append(f"the run ended or hung before {stage} started:\n{run.output(20)}")
        killed_in = "ended"
    else:
        time.sleep(max(0.0, run.stage_times[stage] + delay - time.monotonic()))
        killed_at = run.kill()
        killed_in = stage_at(run.stage_times, killed_at)
    log.info("Sequence %d: killed the run aimed at %s in %s, %.2f s after it began", sequence, stage, killed_in, delay)

    try:
        after, identity_after = serving_state(root)
    except duckdb.Error as error:
        after, identity_after = None, identity_before
        problems.append(f"serving.duckdb does not open after the kill: {error}")

    return Kill(
        sequence=sequence,
        target_stage=stage,
        delay_seconds=round(delay, 3),
        killed_in=killed_in,
        publish_began=PUBLISH in run.stage_times,
        replaced=identity_after != identity_before,
        serving_before=before,
        serving_after=after,
        leftovers=leftover_files(root),
        problems=problems,
    )


def check_kill(kill: Kill, expected_marts: dict) -> None:
    """Add a problem to `kill` unless serving.duckdb kept its marts, or the publish put the new ones."""
    allowed = [kill.serving_before] + ([expected_marts] if kill.publish_began else [])
    if kill.serving_after not in allowed:
        changed = differing_tables(kill.serving_before or {}, kill.serving_after or {})
        kill.problems.append(f"serving.duckdb changed without a finished publish: marts {', '.join(changed)}")
    if kill.replaced and not kill.publish_began:
        kill.problems.append("serving.duckdb was replaced although the publish had not begun")


def unbacked_index_entries(root: Path) -> list[str]:
    """List landed-index lines whose identity has neither a raw nor a quarantine file."""
    unbacked = []
    for index in (root / "raw").glob(f"*/{INDEX_NAME}"):
        source = index.parent.name
        for line in index.read_text(encoding="utf-8").splitlines():
            identity = line.rpartition("\t")[2]
            candidates = [index.parent / f"{identity}.parquet", root / "quarantine" / source / f"{identity}.parquet"]
            if not any(candidate.exists() for candidate in candidates):
                unbacked.append(f"{source}: {line}")
    return unbacked


def started_runs(root: Path) -> list[str]:
    """Return the ids of the runs the Dagster instance under `root` still records as STARTED."""
    with dg.DagsterInstance.from_config(str(root / "dagster_home")) as instance:
        runs = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED]))
    return [run.run_id for run in runs]


def rerun_to_end(root: Path, sequence: int) -> Rerun:
    """Run the pipeline to the end on `root` and collect its marts and what the kills left behind."""
    started = time.monotonic()
    problems = []
    try:
        run_to_end(root)
    except RuntimeError as error:
        problems.append(f"the rerun failed: {error}")
    seconds = time.monotonic() - started

    try:
        marts, _identity = serving_state(root)
    except duckdb.Error as error:
        marts = None
        problems.append(f"serving.duckdb does not open after the rerun: {error}")

    rerun = Rerun(sequence, round(seconds, 1), marts, leftover_files(root), unbacked_index_entries(root), started_runs(root), problems)
    if rerun.stale_temps:
        problems.append(f"temporary files left after the rerun: {', '.join(rerun.stale_temps)}")
    if rerun.unbacked_index_entries:
        problems.append(f"landed index entries with no raw file: {rerun.unbacked_index_entries}")
    if rerun.runs_left_started:
        problems.append(f"Dagster runs of killed processes left STARTED: {', '.join(rerun.runs_left_started)}")
    return rerun


def check_rerun(rerun: Rerun, expected_marts: dict) -> list[str]:
    """Add a problem to `rerun` when its marts differ from the uninterrupted run's; return the differing marts."""
    differing = differing_tables(expected_marts, rerun.marts or {})
    if differing:
        rerun.problems.append(f"marts differ from the uninterrupted run: {', '.join(differing)}")
    return differing


def run_sequence(root: Path, sequence: int, stages: list[str], delays: list[float]) -> tuple[list[Kill], Rerun]:
    """Kill one run on `root` in each of `stages` after its delay, then run to the end."""
    kills = [kill_once(root, sequence, stage, delay) for stage, delay in zip(stages, delays, strict=True)]
    return kills, rerun_to_end(root, sequence)


def build_baseline(work_dir: Path) -> Baseline:
    """Build the seed root, then run it with the next day uninterrupted and measure each stage.

    A work folder where an earlier drill built the baseline is reused, since the same
    demo and code give the same marts and the two runs take minutes.
    """
    record = work_dir / BASELINE_RECORD
    seed_root, uninterrupted, next_day = work_dir / "seed", work_dir / "uninterrupted", work_dir / "demo" / "next_day"
    if record.exists():
        figures = json.loads(record.read_text(encoding="utf-8"))
        log.info("Reusing the baseline recorded in %s", record)
    else:
        started = time.monotonic()
        landing, next_day = write_demo(work_dir)
        copy_root(landing, seed_root / "landing")
        run_to_end(seed_root)
        copy_root(seed_root, uninterrupted)
        deliver(next_day, uninterrupted)
        run = run_to_end(uninterrupted)
        figures = {"windows": stage_windows(run), "seconds": time.monotonic() - started}
        record.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        log.info("Baseline built in %.0f s; stage windows %s", figures["seconds"], figures["windows"])

    seed_marts, _identity = serving_state(seed_root)
    expected_marts, _identity = serving_state(uninterrupted)
    return Baseline(seed_root, next_day, seed_marts, expected_marts, figures["windows"], figures["seconds"])


def run_drill(kills: int, seed: int, work_dir: Path, parallel: int = 1) -> dict:
    """Run the whole drill under `work_dir`, `parallel` sequences at a time, and return its figures."""
    rng = random.Random(seed)
    baseline = build_baseline(work_dir)
    if baseline.seed_marts == baseline.expected_marts:
        raise RuntimeError("the next day changes no mart, so the drill could not tell old marts from new")

    plans = []
    for sequence, stages in enumerate(plan_sequences(kills, rng), start=1):
        delays = [rng.uniform(0, WINDOW_SHARE * baseline.windows[stage]) for stage in stages]
        plans.append((sequence, stages, delays))

    def run_planned(plan: tuple[int, list[str], list[float]]) -> tuple[list[Kill], Rerun]:
        sequence, stages, delays = plan
        root = copy_root(baseline.seed_root, work_dir / f"sequence_{sequence}")
        deliver(baseline.next_day, root)
        return run_sequence(root, sequence, stages, delays)

    with ThreadPoolExecutor(max_workers=parallel) as executor:
        outcomes = list(executor.map(run_planned, plans))

    results: list[Kill] = []
    reruns: list[Rerun] = []
    for sequence_kills, rerun in outcomes:
        for kill in sequence_kills:
            check_kill(kill, baseline.expected_marts)
        check_rerun(rerun, baseline.expected_marts)
        results.extend(sequence_kills)
        reruns.append(rerun)
    return summarize(kills, seed, baseline, results, reruns)


def serving_label(marts: dict | None, baseline: Baseline) -> str:
    if marts is None:
        return "absent"
    if marts == baseline.seed_marts:
        return "previous"
    if marts == baseline.expected_marts:
        return "new"
    return "other"


def summarize(kills: int, seed: int, baseline: Baseline, results: list[Kill], reruns: list[Rerun]) -> dict:
    """Return the drill's figures, with each kill and rerun reduced to labels and problems."""
    details = []
    for kill in results:
        row = asdict(kill)
        row["serving_before"] = serving_label(kill.serving_before, baseline)
        row["serving_after"] = serving_label(kill.serving_after, baseline)
        details.append(row)
    rerun_details = [{**asdict(rerun), "marts": serving_label(rerun.marts, baseline)} for rerun in reruns]

    return {
        "kills": kills,
        "seed": seed,
        "stage_windows_seconds": {stage: round(seconds, 2) for stage, seconds in baseline.windows.items()},
        "baseline_seconds": round(baseline.seconds, 1),
        "kills_per_stage": {stage: sum(1 for kill in results if kill.killed_in == stage) for stage in (*STAGES, WRITEBACK)},
        "serving_after_kill": {
            label: sum(1 for row in details if row["serving_after"] == label) for label in ("previous", "new", "absent", "other")
        },
        "kills_with_problems": sum(1 for kill in results if kill.problems),
        "reruns": len(reruns),
        "reruns_identical": sum(1 for rerun in reruns if not rerun.problems),
        "rerun_seconds_max": max((rerun.seconds for rerun in reruns), default=0),
        "details": details,
        "rerun_details": rerun_details,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.faults.kill_drill", description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20, help="number of SIGKILLs (default 20)")
    parser.add_argument("--seed", type=int, default=6, help="random seed of the kill points (default 6)")
    parser.add_argument("--work-dir", type=Path, default=None, help="folder for the data roots (default a new temp folder)")
    parser.add_argument("--parallel", type=int, default=1, help="kill sequences run at the same time (default 1)")
    parser.add_argument("--json", type=Path, default=None, help="file to write the figures to as JSON")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    work_dir = arguments.work_dir or Path(tempfile.mkdtemp(prefix="kill_drill_"))
    work_dir.mkdir(parents=True, exist_ok=True)
    figures = run_drill(arguments.kills, arguments.seed, work_dir, arguments.parallel)
    text = json.dumps(figures, indent=2, default=str)
    if arguments.json:
        arguments.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    failed = figures["kills_with_problems"] or figures["reruns_identical"] != figures["reruns"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

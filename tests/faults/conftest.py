"""One seeded kill sequence on the small demo, checked against an uninterrupted run of the same files.

The sequence kills four pipeline runs on one data root in turn (in ingestion, the dbt
build, the publish step and one more in dbt or publish), then runs to the end once.
The full drill (`python -m benchmarks.faults.kill_drill`) starts from a root that a
previous run published and aims each kill within the stage's measured duration. To
stay within a few minutes here, the suite starts from an empty data root, runs the
uninterrupted comparison alongside the sequence, and draws each kill's delay below a
fixed bound that the stage outlasts on the small demo.
"""

import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.faults.kill_drill import Kill, Rerun, check_kill, check_rerun, plan_sequences, run_sequence, serving_state
from benchmarks.faults.pipeline_process import DBT, INGESTION, PUBLISH, run_to_end
from benchmarks.faults.roots import copy_root, deliver, write_demo

KILL_SEED = 6
KILLS = 4
# Upper bounds of the kill delay after a stage's first log line, in seconds. On the small
# demo ingestion reads 36 files and runs the GX checks (over 20 s measured under load),
# the dbt stage takes over a minute, and the publish copies 20 marts in about 0.25 s.
DELAY_BOUNDS = {INGESTION: 3.0, DBT: 30.0, PUBLISH: 0.15}


@dataclass
class SequenceOutcome:
    root: Path
    kills: list[Kill]
    rerun: Rerun
    expected_marts: dict
    differing_marts: list[str]


def demo_root(landing: Path, next_day: Path, root: Path) -> Path:
    copy_root(landing, root / "landing")
    deliver(next_day, root)
    return root


@pytest.fixture(scope="session")
def kill_sequence(tmp_path_factory: pytest.TempPathFactory) -> SequenceOutcome:
    """Run the seeded kill sequence and an uninterrupted run on the same files; return both results."""
    work_dir = tmp_path_factory.mktemp("kill_drill")
    landing, next_day = write_demo(work_dir)
    uninterrupted = demo_root(landing, next_day, work_dir / "uninterrupted")
    root = demo_root(landing, next_day, work_dir / "sequence")

    rng = random.Random(KILL_SEED)
    (stages,) = plan_sequences(KILLS, rng)
    delays = [rng.uniform(0, DELAY_BOUNDS[stage]) for stage in stages]

    # The runs start one at a time (see `pipeline_process.STARTUP_LOCK_FILE`) and then overlap.
    with ThreadPoolExecutor(max_workers=1) as executor:
        comparison = executor.submit(run_to_end, uninterrupted)
        kills, rerun = run_sequence(root, 1, stages, delays)
        comparison.result()

    expected_marts, _identity = serving_state(uninterrupted)
    for kill in kills:
        check_kill(kill, expected_marts)
    differing = check_rerun(rerun, expected_marts)
    return SequenceOutcome(root, kills, rerun, expected_marts, differing)

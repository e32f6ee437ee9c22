"""Run `python -m orchestration.run` as a child process and follow its stages from its log lines."""

import fcntl
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]

INGESTION = "ingestion"
DBT = "dbt"
PUBLISH = "publish"
STAGES = (INGESTION, DBT, PUBLISH)

# The log line that starts each stage, and the one that ends the last stage. The
# ingestion stage covers routing, reading and the GX checks on the raw layer, the
# dbt stage the build and its tests, and the publish stage the copy into a staging
# file and its rename over serving.duckdb.
STAGE_STARTS = (
    (INGESTION, re.compile(r"ingestion\.landing: Started ingesting")),
    (DBT, re.compile(r"Running dbt build on the warehouse")),
    (PUBLISH, re.compile(r"orchestration\.lib\.serving: Publishing marts from")),
)
# Logged once the run has parsed the dbt project and loaded the definitions.
STARTED = re.compile(r"orchestration\.run: Running marketops_pipeline on data root")
# Every run parses the dbt project into the same target folder, and dbt overwrites the
# manifest in place, so a run starting beside another could load a half-written one.
# Drill runs therefore start one at a time, across threads and processes, each holding
# this lock file until it logs STARTED.
STARTUP_LOCK_FILE = REPO_ROOT / "dbt_project" / "target" / ".drill_startup.lock"
STARTUP_TIMEOUT_SECONDS = 900

PUBLISHED = re.compile(r"orchestration\.lib\.serving: Published \d+ marts")
PUBLISH_ENDED = "published"
STARTED_MARK = "started"


@dataclass
class PipelineProcess:
    """One pipeline run in its own process group, with the time each stage began."""

    root: Path
    process: subprocess.Popen
    started_at: float
    stage_times: dict[str, float] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None
    stage_seen: threading.Condition = field(default_factory=threading.Condition)

    def follow(self) -> None:
        """Read the process's log lines until it exits, noting when each stage starts."""
        for line in self.process.stderr:
            now = time.monotonic()
            self.lines.append(line)
            with self.stage_seen:
                for stage, pattern in STAGE_STARTS:
                    if stage not in self.stage_times and pattern.search(line):
                        self.stage_times[stage] = now
                for mark, pattern in ((STARTED_MARK, STARTED), (PUBLISH_ENDED, PUBLISHED)):
                    if mark not in self.stage_times and pattern.search(line):
                        self.stage_times[mark] = now
                self.stage_seen.notify_all()
        with self.stage_seen:
            self.stage_seen.notify_all()

    def wait_for_stage(self, stage: str, timeout: float) -> bool:
        """Block until `stage` has started; False when the process ended or `timeout` passed first."""
        deadline = time.monotonic() + timeout
        with self.stage_seen:
            while stage not in self.stage_times:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.process.poll() is not None and not self.reader.is_alive():
                    return False
                self.stage_seen.wait(min(remaining, 0.5))
        return True

    def kill(self) -> float:
        """Send SIGKILL to the whole process group (the run and its dbt child); return when."""
        killed_at = time.monotonic()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self.reader.join()
        return killed_at

    def wait(self, timeout: float) -> int:
        """Wait for the run to end and return its exit status."""
        status = self.process.wait(timeout=timeout)
        self.reader.join()
        return status

    def output(self, tail: int = 60) -> str:
        return "".join(self.lines[-tail:])


def pipeline_env(root: Path) -> dict[str, str]:
    """Return the environment of a run on `root`, with its own DAGSTER_HOME."""
    env = dict(os.environ)
    env["MARKETOPS_DATA_DIR"] = str(root)
    env["DAGSTER_HOME"] = str(root / "dagster_home")
    env["PYTHONUNBUFFERED"] = "1"
    # dagster-dbt finds dbt on PATH, so the environment's bin comes first.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def start_pipeline(root: Path) -> PipelineProcess:
    """Start `python -m orchestration.run` on `root` in a new process group and follow its log.

    Returns once the run has loaded its definitions (or ended), see STARTUP_LOCK_FILE.
    """
    STARTUP_LOCK_FILE.parent.mkdir(parents=True, exist_ok=True)
    # flock locks belong to the open file, so each start opens its own and threads exclude each other too.
    with open(STARTUP_LOCK_FILE, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        process = subprocess.Popen(
            [sys.executable, "-m", "orchestration.run"],
            cwd=REPO_ROOT,
            env=pipeline_env(root),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        run = PipelineProcess(root=root, process=process, started_at=time.monotonic())
        run.reader = threading.Thread(target=run.follow, daemon=True)
        run.reader.start()
        run.wait_for_stage(STARTED_MARK, STARTUP_TIMEOUT_SECONDS)
    return run


def run_to_end(root: Path, timeout: float = 1800) -> PipelineProcess:
    """Run the pipeline on `root` uninterrupted; raise `RuntimeError` with its log tail when it fails."""
    run = start_pipeline(root)
    log.info("Started a pipeline run on %s to run to the end", root)
    status = run.wait(timeout)
    if status != 0:
        log.error("Pipeline run on %s exited %d", root, status)
        raise RuntimeError(f"pipeline on {root} exited {status}:\n{run.output()}")
    log.info("Pipeline run on %s finished in %.0f s", root, time.monotonic() - run.started_at)
    return run


def stage_windows(run: PipelineProcess) -> dict[str, float]:
    """Return how long each stage of a finished run lasted, in seconds."""
    marks = [run.stage_times.get(stage) for stage in STAGES] + [run.stage_times.get(PUBLISH_ENDED)]
    if any(mark is None for mark in marks):
        raise RuntimeError(f"run on {run.root} did not log every stage: {sorted(run.stage_times)}")
    return {stage: marks[index + 1] - marks[index] for index, stage in enumerate(STAGES)}

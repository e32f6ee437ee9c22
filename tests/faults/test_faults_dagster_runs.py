"""A run whose process was killed is marked failed by the next run, not left STARTED."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import dagster as dg

from orchestration.lib.stale_runs import PID_TAG, fail_killed_runs

# A one-op job run in process with the tags that `orchestration.run` gives its runs.
# The op prints a line and sleeps, so the test can kill the process while the run is STARTED.
SLEEPING_RUN = """
import time
import dagster as dg
from orchestration.lib.stale_runs import process_tags

@dg.op
def sleep_long():
    print("op started", flush=True)
    time.sleep(600)

@dg.job
def sleeping_job():
    sleep_long()

with dg.DagsterInstance.get() as instance:
    sleeping_job.execute_in_process(instance=instance, tags=process_tags())
"""


def start_sleeping_run(home: Path) -> subprocess.Popen:
    """Run the sleeping job in a child process on the instance at `home`; return once its op runs."""
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    env = dict(os.environ, DAGSTER_HOME=str(home))
    process = subprocess.Popen(
        [sys.executable, "-c", SLEEPING_RUN], env=env, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    for line in process.stdout:
        if "op started" in line:
            return process
    raise AssertionError(f"the sleeping run ended with status {process.wait()} before its op started")


def test_killed_run_marked_failed(tmp_path):
    process = start_sleeping_run(tmp_path)
    try:
        with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
            (run,) = instance.get_runs()
            assert run.status == dg.DagsterRunStatus.STARTED
            assert run.tags[PID_TAG] == str(process.pid)

            # While the process lives, its run is left alone.
            assert fail_killed_runs(instance) == []
            assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.STARTED
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert fail_killed_runs(instance) == [run.run_id]
        assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.FAILURE
        assert fail_killed_runs(instance) == []

"""Mark as failed the runs of `python -m orchestration.run` whose process was killed.

A run executed in process writes its own end event, so a process killed mid-run
leaves the run STARTED in the Dagster instance for good. Dagster's run monitoring
only watches runs that a run launcher started (`dagster dev`, the daemon), not
`execute_in_process`. Each run is therefore tagged with its host and process id, and
the next run fails the STARTED runs of this host whose process no longer exists.
"""

import logging
import os
import socket

import dagster as dg

from ingestion.stale_temps import process_alive

logger = logging.getLogger(__name__)

HOST_TAG = "marketops/host"
PID_TAG = "marketops/pid"


def process_tags() -> dict[str, str]:
    """Return the tags that tie a run to this process."""
    return {HOST_TAG: socket.gethostname(), PID_TAG: str(os.getpid())}


def fail_killed_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark the STARTED runs of this host whose process has exited as failed; return their run ids."""
    runs = instance.get_runs(
        filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED], tags={HOST_TAG: socket.gethostname()})
    )
    failed = []
    for run in runs:
        pid = run.tags.get(PID_TAG, "")
        if not pid.isdigit() or process_alive(int(pid)):
            continue
        # NOTE: `report_run_failed` is not marked public in dagster 1.13; it is the call
        # Dagster's own run monitoring makes for a run worker that died.
        instance.report_run_failed(run, message=f"process {pid} ended without finishing the run (killed)")
        failed.append(run.run_id)

    if failed:
        logger.warning("Marked %d run(s) left STARTED by killed processes as failed: %s", len(failed), ", ".join(failed))
    return failed

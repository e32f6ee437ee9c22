"""Run one benchmark stage in a child process and measure its wall time and peak memory.

Each stage runs in its own process so that `wait4` reports the peak resident set
size of that stage alone: DuckDB, dbt and pandas all allocate in process. A stage
whose work runs in worker processes side by side (the GX checks) is also sampled as
a process tree, because `wait4` reports only its largest process.
"""

import json
import logging
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.rss import RssSampler, tree_resident_bytes
from ingestion.paths import REPO_ROOT

log = logging.getLogger(__name__)


@dataclass
class StageResult:
    """Wall time, peak memory and any figures the stage wrote about itself."""

    name: str
    seconds: float
    peak_rss_bytes: int
    details: dict = field(default_factory=dict)

    @property
    def peak_rss_gib(self) -> float:
        return self.peak_rss_bytes / 2**30


class StageFailed(RuntimeError):
    """Raised when a stage's process exits non-zero."""


def run_stage(name: str, work_dir: Path, data_root: Path, *args: str, details_name: str | None = None) -> StageResult:
    """Run `python -m benchmarks.stage NAME` and return its measurements.

    The child writes its own figures to `<work_dir>/<details_name>.json` (default the
    stage name); they become `details`, and its output goes to the `.log` beside it.
    """
    label = details_name or name
    details_path = work_dir / f"{label}.json"
    details_path.unlink(missing_ok=True)
    command = [sys.executable, "-m", "benchmarks.stage", name, str(data_root), str(details_path), *args]
    # dbt and Dagster find `dbt` on PATH, so this environment's bin comes first.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "MARKETOPS_DATA_DIR": str(data_root), "PATH": path, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    log_path = work_dir / f"{label}.log"

    log.info("Stage %s started", name)
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as stage_log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=stage_log, stderr=subprocess.STDOUT, env=env)
        with RssSampler(read=lambda: tree_resident_bytes(process.pid)) as tree:
            _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)

    if process.returncode != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise StageFailed(f"stage {name} exited {process.returncode} after {seconds:.1f} s; end of {log_path}:\n{tail}")

    details = json.loads(details_path.read_text(encoding="utf-8")) if details_path.exists() else {}
    # Linux reports ru_maxrss in KiB. The tree's samples miss short spikes that
    # wait4 catches, and wait4 misses workers running side by side: the higher counts.
    tree_peak = tree.peak()[1] if tree.samples else 0
    result = StageResult(label, seconds, max(usage.ru_maxrss * 1024, tree_peak), details)
    log.info("Stage %s finished in %.1f s, peak %.2f GiB", name, seconds, result.peak_rss_gib)
    return result

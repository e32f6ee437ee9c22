"""Run the real pipeline command on a data root in a separate process."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_pipeline(data_root: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run `python -m orchestration.run` on `data_root` and return the finished process.

    A separate process keeps each data root's Dagster instance and dbt state apart
    from the test process and from other tests. The landed files were copied
    moments ago, so they are dated past ingestion's minimum file age first.
    """
    settled_at = time.time() - 60
    for landed in (data_root / "landing").rglob("*"):
        os.utime(landed, (settled_at, settled_at))

    env = dict(os.environ)
    env["MARKETOPS_DATA_DIR"] = str(data_root)
    env["DAGSTER_HOME"] = str(data_root / "dagster_home")
    # dagster-dbt finds dbt on PATH, so the environment's bin comes first.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        [sys.executable, "-m", "orchestration.run"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_succeeded(result: subprocess.CompletedProcess) -> None:
    """Fail with the end of the pipeline's output when it exited non-zero."""
    assert result.returncode == 0, (
        f"pipeline exited {result.returncode}\n--- stdout ---\n{result.stdout[-4000:]}"
        f"\n--- stderr ---\n{result.stderr[-8000:]}"
    )


@pytest.fixture(scope="session")
def pipeline():
    """Return a function that runs the pipeline on a data root and fails on a non-zero exit."""

    def run(data_root: Path) -> subprocess.CompletedProcess:
        result = run_pipeline(data_root)
        assert_succeeded(result)
        return result

    return run

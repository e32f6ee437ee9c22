"""Run the real dbt command line on a data root, isolated from other runs."""

import logging
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PROJECT_DIR = REPO_ROOT / "dbt_project"
DBT = Path(sys.executable).parent / "dbt"

# Pinned so that exception ages and overdue checks give the same answer on every run.
AS_OF_AT = "2026-01-20 00:00:00+00"

logger = logging.getLogger(__name__)


def run_dbt(
    data_root: Path | None,
    work_dir: Path,
    *args: str,
    as_of_at: str | None = AS_OF_AT,
) -> subprocess.CompletedProcess:
    """Run `dbt <args>` against `data_root`, with target and logs under `work_dir`.

    A separate target path per run keeps parallel test runs from overwriting
    each other's manifest. `data_root` None runs with MARKETOPS_DATA_DIR unset.
    """
    env = {key: value for key, value in os.environ.items() if key != "MARKETOPS_DATA_DIR"}
    if data_root is not None:
        env["MARKETOPS_DATA_DIR"] = str(data_root)
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"

    command = [
        str(DBT),
        *args,
        "--project-dir", str(PROJECT_DIR),
        "--profiles-dir", str(PROJECT_DIR),
        "--target-path", str(work_dir / "target"),
        "--log-path", str(work_dir / "logs"),
    ]
    if as_of_at is not None and args and args[0] in {"build", "run", "test"}:
        command += ["--vars", f"{{as_of_at: '{as_of_at}'}}"]

    logger.info("running %s on %s", " ".join(args), data_root)
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)
    logger.info("dbt %s exited %s", args[0] if args else "", result.returncode)
    return result


def assert_dbt_succeeded(result: subprocess.CompletedProcess) -> None:
    """Fail with the end of dbt's output when it exited non-zero."""
    assert result.returncode == 0, (
        f"dbt exited {result.returncode}\n--- stdout ---\n{result.stdout[-6000:]}"
        f"\n--- stderr ---\n{result.stderr[-3000:]}"
    )

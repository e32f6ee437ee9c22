"""A failing blocking check stops the run, in process and through `make pipeline`."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import dagster as dg
import pytest

from orchestration_landing import write_landing
from orchestration_raw_files import b2b_row, write_raw_b2b
from orchestration_runs import materialize_all

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def failing_root(tmp_path: Path) -> Path:
    """Return the fixture landing zone plus a raw B2B file with quantity -5 on line 3."""
    root = tmp_path / "data"
    write_landing(root / "landing")
    write_raw_b2b(root, [b2b_row(2), b2b_row(3, quantity=-5)])
    return root


def test_blocking_check_fails_run(definitions: dg.Definitions, failing_root: Path):
    result = materialize_all(definitions, failing_root)

    evaluations = {
        (e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()
    }
    failed = evaluations[("raw/b2b_orders", "gx_required")]
    materialized = {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}

    assert not result.success
    assert not failed.passed
    # The one row with quantity -5 is the only unexpected value.
    assert failed.metadata["expect_column_values_to_be_between(quantity) unexpected"].value == 1
    assert "raw/b2b_orders" in materialized
    assert "fct_channel_allocation" not in materialized
    assert "serving_db" not in materialized
    assert not (failing_root / "serving.duckdb").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_pipeline_exits_nonzero(failing_root: Path):
    environment = {key: value for key, value in os.environ.items() if key not in ("MARKETOPS_DATA_DIR", "DAGSTER_HOME")}
    # The fixture files were written a moment ago, and ingestion waits for files younger than its minimum age.
    environment["MARKETOPS_MIN_FILE_AGE_SECONDS"] = "0"

    # `-o .venv/.synced` keeps make from syncing the environment the tests run in.
    completed = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.synced", "pipeline", f"DATA_DIR={failing_root}"],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = completed.stdout

    assert completed.returncode != 0, summary[-2000:]
    assert " - DEBUG - " not in completed.stderr
    # The fixture's B2B file: 1 loaded, 0 already loaded, 0 rejected, 0 not settled, 3 rows read, 2 loaded, 1 quarantined.
    assert re.search(r"^b2b_orders\s+1\s+0\s+0\s+0\s+3\s+2\s+1$", summary, re.MULTILINE), summary
    assert f"quarantined rows are in {failing_root / 'quarantine'}" in summary
    assert "raw/b2b_orders gx_required (ERROR)" in summary
    assert "Run failed; failed steps: raw_layer_gx" in summary
    assert (failing_root / "dagster_home" / "dagster.yaml").is_file()
    assert not (failing_root / "serving.duckdb").exists()

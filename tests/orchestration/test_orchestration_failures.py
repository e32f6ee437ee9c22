"""A failing blocking check stops the run, in process and through `make pipeline`."""

import os
import shutil
import subprocess
from pathlib import Path

import dagster as dg
import pytest

from orchestration_landing import FILES, NEGATIVE_STOCK, write_landing
from orchestration_runs import materialize_all

REPO_ROOT = Path(__file__).resolve().parents[2]
FAILING_FILES = {**FILES, "wms_snapshots/wms_2026-11-30.csv": NEGATIVE_STOCK}


@pytest.fixture
def negative_stock_root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    write_landing(root / "landing", FAILING_FILES)
    return root


def test_blocking_check_fails_run(definitions: dg.Definitions, negative_stock_root: Path):
    result = materialize_all(definitions, negative_stock_root)

    evaluations = {
        (e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()
    }
    failed = evaluations[("raw/wms_snapshots", "gx_required")]
    materialized = {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}

    assert not result.success
    assert not failed.passed
    # The one row with on_hand -4 is the only unexpected value.
    assert failed.metadata["expect_column_values_to_be_between(on_hand) unexpected"].value == 1
    assert "raw/wms_snapshots" in materialized
    assert "fct_channel_allocation" not in materialized
    assert "serving_db" not in materialized
    assert not (negative_stock_root / "serving.duckdb").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_pipeline_exits_nonzero(negative_stock_root: Path):
    environment = {key: value for key, value in os.environ.items() if key not in ("MARKETOPS_DATA_DIR", "DAGSTER_HOME")}

    # `-o .venv/.synced` keeps make from syncing the environment the tests run in.
    completed = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.synced", "pipeline", f"DATA_DIR={negative_stock_root}"],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert completed.returncode != 0, completed.stdout[-2000:]
    assert "raw__wms_snapshots_gx_required" in completed.stdout + completed.stderr
    assert (negative_stock_root / "dagster_home" / "dagster.yaml").is_file()
    assert not (negative_stock_root / "serving.duckdb").exists()

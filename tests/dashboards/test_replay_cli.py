"""The replay command line on the hand-worked serving.duckdb (figures in inventory_serving.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from dashboard_serving import write_serving
from inventory_serving import inventory_tables

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_replay(data_root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MARKETOPS_DATA_DIR": str(data_root)}
    return subprocess.run([sys.executable, "-m", "orchestration.replay", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_replay_cli_compares_policies(tmp_path):
    tables, rows = inventory_tables()
    write_serving(tmp_path, rows, tables)
    out = tmp_path / "replay.csv"

    completed = run_replay(tmp_path, "--days", "7", "--out", str(out), "config/allocation_policy.yml",
                           "config/policies/lean_buffers.yml")
    replay = pd.read_csv(out).set_index(["policy_name", "channel"])

    assert completed.returncode == 0, completed.stderr
    assert replay.loc[("balanced", "amazon"), "lost_to_limits"] == 2
    assert replay.loc[("lean-buffers", "shopify"), "oversold_units"] == 5
    assert "lean-buffers" in completed.stdout


def test_replay_cli_rejects_invalid_policy(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("name: broken\nchannels:\n  - {channel: amazon, priority: 0}\n")

    completed = run_replay(tmp_path, str(broken))

    assert completed.returncode == 2
    assert "line 3" in completed.stderr
    assert "must be at least 1" in completed.stderr


def test_replay_cli_without_serving(tmp_path):
    completed = run_replay(tmp_path, "config/allocation_policy.yml")

    assert completed.returncode == 2
    assert "run the pipeline first" in completed.stderr

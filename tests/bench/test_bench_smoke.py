"""The scale benchmark at size XS, end to end, so that it keeps working between real runs."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def xs_run(tmp_path_factory) -> tuple[dict, str]:
    """Run `python -m benchmarks --size XS` once; return its results and the recorded Markdown."""
    work_dir = tmp_path_factory.mktemp("bench_xs")
    record = work_dir.parent / "benchmarks.md"
    record.write_text("# Benchmarks\n\nIntroduction.\n\n## Size XS\n\nold figures\n\n## Size L\n\nkept\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--size", "XS", "--work-dir", str(work_dir), "--record", str(record)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
    return json.loads((work_dir / "results.json").read_text(encoding="utf-8")), record.read_text(encoding="utf-8")


def test_bench_runs_every_stage(xs_run):
    results, _ = xs_run

    assert list(results["stages"]) == [
        "generate", "hold_back", "full_ingest", "full_checks", "full_dbt", "full_publish",
        "read_csv", "sql_script", "headline_duckdb", "headline_pandas", "queries",
        "land_increment", "increment_ingest", "increment_checks", "increment_dbt", "increment_publish",
    ]
    for label, stage in results["stages"].items():
        assert stage["seconds"] > 0, label
        assert stage["peak_rss_gib"] > 0, label


def test_bench_memory_names_dbt_nodes(xs_run):
    results, markdown = xs_run
    memory = results["full_dbt_memory"]

    # The sampler reads the dbt process itself, so its peak cannot pass what wait4 saw.
    assert 0 < memory["sampled_peak_gib"] <= results["stages"]["full_dbt"]["peak_rss_gib"] + 0.01
    # The peak can fall between nodes (dbt's own parse and start-up), so a node's figure is at most the peak.
    assert 0 < max(memory["highest_nodes_gib"].values()) <= memory["sampled_peak_gib"]
    assert "Full `dbt build` memory" in markdown


def test_bench_baselines_agree(xs_run):
    results, _ = xs_run

    assert results["sql_script_matches_dbt"] is True
    assert results["pandas_matches_duckdb"] is True
    assert results["ratios"]["ingestion_vs_read_csv"] > 0
    assert results["query_p95_ms_max"] >= results["query_p50_ms_max"] > 0


def test_bench_increment_is_one_day(xs_run):
    results, _ = xs_run
    day = results["dataset"]["end_date"]
    increment_ingest = results["stages"]["increment_ingest"]["details"]["sources"]

    assert results["increment_files"], "the last day held back no file"
    assert all(day in name for name in results["increment_files"])
    # Only the held-back files are read again; every earlier file is known from the index.
    loaded = [name for figures in increment_ingest.values() for name in figures["loaded_files"]]
    assert sorted(loaded) == sorted(name.split("/")[1] for name in results["increment_files"])


def test_bench_checks_only_new_files(xs_run):
    results, _ = xs_run
    full_checks = results["stages"]["full_checks"]["details"]
    increment_checks = results["stages"]["increment_checks"]["details"]

    # The demo plants faults that the warn-only plausible suites report; no blocking
    # required suite may fail, or dbt would not have built.
    assert not [suite for suite in full_checks["failed"] if suite.endswith("/required")]
    assert not [suite for suite in increment_checks["failed"] if suite.endswith("/required")]
    assert 0 < increment_checks["rows_validated"] < full_checks["rows_validated"]


def test_bench_required_suites_see_every_row(xs_run):
    results, _ = xs_run
    by_suite = results["stages"]["full_checks"]["details"]["rows_validated_by_suite"]
    loaded = sum(figures["rows_loaded"] for figures in results["stages"]["full_ingest"]["details"]["sources"].values())

    # Every source has a required suite, and each suite validates a row once.
    assert by_suite["required"] == loaded
    assert sum(by_suite.values()) == results["stages"]["full_checks"]["details"]["rows_validated"]


def test_bench_record_replaces_its_section(xs_run):
    _, record = xs_run

    assert "old figures" not in record
    assert record.count("## Size XS") == 1
    assert "## Size L\n\nkept\n" in record
    assert record.startswith("# Benchmarks\n\nIntroduction.\n")

"""Raw suites side by side in several worker processes: the same outcomes, the largest pending work first."""

from pathlib import Path

import pytest
from orchestration_raw_files import b2b_row, write_raw_b2b

from ingestion.paths import DataPaths
from orchestration.lib.raw_checks import (
    SUITE_KINDS,
    SuiteError,
    SuitePool,
    SuiteTask,
    gx_workers,
    record_path,
    run_raw_suite,
    validate_new_raw_files,
)

SOURCE = "b2b_orders"


def bad_b2b_root(root: Path) -> DataPaths:
    """Write one raw B2B file with a good line and a negative quantity, and return the root's paths."""
    write_raw_b2b(root, [b2b_row(2), b2b_row(3, quantity=-5)])
    return DataPaths(root)


def b2b_tasks() -> list[SuiteTask]:
    return [SuiteTask(SOURCE, suite, expectations[SOURCE]) for suite, expectations, _blocking in SUITE_KINDS]


def test_pool_runs_suites_in_two_workers(tmp_path: Path):
    in_process, in_pool = bad_b2b_root(tmp_path / "here"), bad_b2b_root(tmp_path / "pool")

    with SuitePool(workers=2) as pool:
        runs = {task.suite: run for task, run in pool.run_all(in_pool, b2b_tasks())}

    # Two suites with files pending, so each worker took one.
    assert pool.workers_started == 2
    assert set(runs) == {suite for suite, _expectations, _blocking in SUITE_KINDS}
    for suite, expectations, _blocking in SUITE_KINDS:
        expected = run_raw_suite(in_process, SOURCE, suite, expectations[SOURCE])
        assert [outcome.label for outcome in runs[suite].outcomes] == [outcome.label for outcome in expected.outcomes]
        assert [outcome.unexpected_count for outcome in runs[suite].outcomes] == [
            outcome.unexpected_count for outcome in expected.outcomes
        ]
        assert runs[suite].rows == expected.rows == 2
    # The blocking suite fails on the negative quantity; the plausible one passes.
    assert not runs["required"].passed
    assert runs["plausible"].passed


def test_pool_starts_largest_pending_work_first(tmp_path: Path):
    paths = bad_b2b_root(tmp_path)
    required, plausible = b2b_tasks()
    # The plausible suite passes and records the file, so it has nothing pending.
    assert run_raw_suite(paths, SOURCE, plausible.suite, plausible.expectations).passed

    with SuitePool(workers=1) as pool:
        order = [task.suite for task, _run in pool.run_all(paths, [plausible, required])]

    # One worker takes the tasks one at a time, the one with the file pending first.
    assert order == ["required", "plausible"]


def test_summary_adds_up_in_suite_order(tmp_path: Path):
    paths = bad_b2b_root(tmp_path)

    summary = validate_new_raw_files(paths)

    # One file of two rows, validated by both suites. Only the blocking one fails.
    assert summary["rows_validated"] == 4
    assert summary["rows_validated_by_suite"] == {"required": 2, "plausible": 2}
    assert summary["files_validated"] == 2
    assert summary["failed"] == [f"{SOURCE}/required"]
    assert summary["gx_worker_processes"] == 2


def test_worker_count_from_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MARKETOPS_GX_WORKERS", "3")
    assert gx_workers() == 3

    for invalid in ("0", "abc", "-1", "\u00b2"):
        monkeypatch.setenv("MARKETOPS_GX_WORKERS", invalid)
        with pytest.raises(ValueError, match=f"MARKETOPS_GX_WORKERS must be a whole number of at least 1, not '{invalid}'"):
            gx_workers()


def test_pool_refuses_zero_workers():
    with pytest.raises(ValueError, match="at least 1 worker, not 0"):
        SuitePool(workers=0)


def test_failing_suite_named_and_rest_cancelled(tmp_path: Path):
    paths = bad_b2b_root(tmp_path)
    # A raw snapshot file that is not Parquet: larger than the B2B file, so it starts first.
    corrupt = paths.raw_dir("wms_snapshots") / "corrupt.parquet"
    corrupt.parent.mkdir(parents=True)
    corrupt.write_bytes(b"not parquet " * 10_000)
    suite, expectations, _blocking = SUITE_KINDS[1]
    tasks = [SuiteTask(source, suite, expectations[source]) for source in ("b2b_orders", "wms_snapshots")]

    with SuitePool(workers=1) as pool, pytest.raises(SuiteError, match=f"GX suite {suite} on raw wms_snapshots raised"):
        list(pool.run_all(paths, tasks))

    # The B2B suite was queued behind it and never ran, so it recorded nothing.
    assert not record_path(paths, "b2b_orders", suite, expectations["b2b_orders"]).exists()

"""Raw suites in a worker process: the same outcomes as in this process, and a new worker past the memory bound."""

from dataclasses import replace
from pathlib import Path

from orchestration_raw_files import b2b_row, write_raw_b2b

from ingestion.paths import DataPaths
from orchestration.lib.raw_checks import SUITE_KINDS, SuiteWorker, run_raw_suite

SOURCE = "b2b_orders"


def bad_b2b_root(root: Path) -> DataPaths:
    """Write one raw B2B file with a good line and a negative quantity, and return the root's paths."""
    write_raw_b2b(root, [b2b_row(2), b2b_row(3, quantity=-5)])
    return DataPaths(root)


def without_root(outcomes: list, root: Path) -> list:
    """Return the outcomes with the data root cut from each sampled row's raw file path."""
    return [
        replace(outcome, unexpected_rows=[
            {**row, "_raw_file": str(row["_raw_file"]).removeprefix(str(root))} for row in outcome.unexpected_rows
        ])
        for outcome in outcomes
    ]


def test_worker_runs_match_in_process(tmp_path: Path):
    in_process, in_worker = bad_b2b_root(tmp_path / "here"), bad_b2b_root(tmp_path / "worker")

    with SuiteWorker() as worker:
        for suite, expectations, _blocking in SUITE_KINDS:
            expected = run_raw_suite(in_process, SOURCE, suite, expectations[SOURCE])
            run = worker.run(in_worker, SOURCE, suite, expectations[SOURCE])

            assert without_root(run.outcomes, in_worker.root) == without_root(expected.outcomes, in_process.root)
            assert run.rows == expected.rows == 2
            assert [path.name for path in run.files] == [path.name for path in expected.files]

    # One worker ran both suites, well under the default bound.
    assert worker.workers_started == 1


def test_worker_replaced_past_bound(tmp_path: Path):
    paths = bad_b2b_root(tmp_path)

    with SuiteWorker(memory_limit_bytes=0) as worker:
        runs = [worker.run(paths, SOURCE, suite, expectations[SOURCE]) for suite, expectations, _ in SUITE_KINDS]

    assert worker.workers_started == len(SUITE_KINDS)
    assert not runs[0].passed


def test_worker_skips_validated_files(tmp_path: Path):
    paths = bad_b2b_root(tmp_path)
    suite, expectations, _ = SUITE_KINDS[1]

    with SuiteWorker() as worker:
        first = worker.run(paths, SOURCE, suite, expectations[SOURCE])
        second = worker.run(paths, SOURCE, suite, expectations[SOURCE])

    # The plausible suite passes the file, records it, and the second run starts no work.
    assert first.passed
    assert second.rows == 0
    assert worker.workers_started == 1

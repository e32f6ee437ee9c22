"""Validate the raw files a Great Expectations suite has not passed yet.

Raw files are immutable and named by the sha256 of the landed file, so a file that
passed a suite once passes it again: each run validates only the files added since,
and the suite's record lists the files it passed. The record's name carries a digest
of the suite's expectations, so changing a suite validates every file again. A file
in a failed validation is not recorded, so the failure repeats until it is removed.
"""

import gc
import hashlib
import logging
import multiprocessing
import os
import queue
import resource
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

import pyarrow.parquet as pq

from ingestion.paths import DataPaths
from ingestion.worker_count import worker_count
from orchestration.lib.gx_validation import SAMPLE_SIZE, ExpectationOutcome, validate_frame
from orchestration.lib.raw_expectations import DERIVED_COLUMNS, PLAUSIBLE, REQUIRED, RawExpectation
from orchestration.lib.raw_frames import LINEAGE_COLUMNS, read_raw_frame

log = logging.getLogger(__name__)

RECORD_DIR = "gx_validated"
# Rows validated at once; a DataFrame of a million raw rows takes a few hundred MB.
BATCH_ROWS = 1_000_000

# Peak resident memory past which a worker process that runs the suites is replaced.
WORKER_MEMORY_LIMIT_BYTES = 3 * 2**30

# How many worker processes validate side by side. GX's pandas validation runs mostly
# as Python code, which one process runs on one core at a time.
WORKERS_ENV = "MARKETOPS_GX_WORKERS"
DEFAULT_WORKERS = 2

# (suite name, expectations per source, blocking) of every raw suite.
SUITE_KINDS = (("required", REQUIRED, True), ("plausible", PLAUSIBLE, False))


@dataclass(frozen=True)
class SuiteRun:
    """The outcome of one suite on the raw files it had not passed before."""

    outcomes: list[ExpectationOutcome]
    rows: int
    files: list[Path]

    @property
    def passed(self) -> bool:
        return all(outcome.success for outcome in self.outcomes)


def record_path(paths: DataPaths, source: str, suite: str, expectations: list[RawExpectation]) -> Path:
    """Return the file listing the raw files of `source` that this version of the suite passed."""
    digest = hashlib.sha256("\n".join(sorted(e.label for e in expectations)).encode("utf-8")).hexdigest()[:12]
    return paths.root / RECORD_DIR / f"{source}__{suite}__{digest}.txt"


def unvalidated_files(raw_dir: Path, record: Path) -> list[Path]:
    """Return the raw Parquet files of `raw_dir` not listed in `record`, by name."""
    passed = set(record.read_text(encoding="utf-8").split()) if record.exists() else set()
    return sorted(path for path in raw_dir.glob("*.parquet") if path.name not in passed)


def mark_validated(record: Path, files: list[Path]) -> None:
    """Add the names of `files` to `record`."""
    if not files:
        return
    record.parent.mkdir(parents=True, exist_ok=True)
    with open(record, "a", encoding="utf-8") as handle:
        handle.write("".join(f"{path.name}\n" for path in files))


def file_batches(files: list[Path], max_rows: int = BATCH_ROWS) -> list[list[Path]]:
    """Group `files` in order into batches of at most `max_rows` rows, a larger file alone."""
    batches: list[list[Path]] = []
    rows_in_batch = 0
    for path in files:
        rows = pq.ParquetFile(path).metadata.num_rows
        if not batches or rows_in_batch + rows > max_rows:
            batches.append([])
            rows_in_batch = 0
        batches[-1].append(path)
        rows_in_batch += rows
    return batches


def merge_outcomes(first: ExpectationOutcome, second: ExpectationOutcome) -> ExpectationOutcome:
    """Combine one expectation's outcomes on two batches into its outcome on both."""
    return replace(
        first,
        success=first.success and second.success,
        error=first.error or second.error,
        element_count=first.element_count + second.element_count,
        unexpected_count=first.unexpected_count + second.unexpected_count,
        partial_unexpected=(first.partial_unexpected + second.partial_unexpected)[:5],
        unexpected_rows=(first.unexpected_rows + second.unexpected_rows)[:SAMPLE_SIZE],
    )


def run_raw_suite(paths: DataPaths, source: str, suite: str, expectations: list[RawExpectation]) -> SuiteRun:
    """Validate the raw files of `source` this suite has not passed, and record those that pass.

    Files are validated in batches of about a million rows, because GX loads each
    batch as a pandas DataFrame: the raw layer of a year is tens of GB that way.
    """
    record = record_path(paths, source, suite, expectations)
    files = unvalidated_files(paths.raw_dir(source), record)
    if not files:
        # Nothing new: GX is not even imported, which takes seconds.
        return SuiteRun([], 0, [])
    columns = sorted({expectation.column for expectation in expectations})

    outcomes: dict[str, ExpectationOutcome] = {}
    rows = 0
    for batch in file_batches(files):
        frame = read_raw_frame(source, paths.raw_dir(source), columns, DERIVED_COLUMNS.get(source, {}), batch)
        batch_outcomes = validate_frame(frame, expectations, suite_name=f"{source}_{suite}", index_columns=LINEAGE_COLUMNS)
        rows += len(frame)
        # A validated frame stays alive until a full collection, likely through reference
        # cycles in GX. Without one here, the L snapshots' checks held several batches at once.
        del frame
        gc.collect()
        if all(outcome.success for outcome in batch_outcomes):
            mark_validated(record, batch)
        for outcome in batch_outcomes:
            known = outcomes.get(outcome.label)
            outcomes[outcome.label] = outcome if known is None else merge_outcomes(known, outcome)
    return SuiteRun(list(outcomes.values()), rows, files)


def prepare_worker() -> None:
    """Import GX in a new worker and freeze the objects imports made, so each collection skips them."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations  # noqa: F401

    gc.freeze()


def run_in_worker(paths: DataPaths, source: str, suite: str, expectations: list[RawExpectation]) -> tuple[SuiteRun, int]:
    """Run one suite and return it with this process's peak resident memory in bytes."""
    run = run_raw_suite(paths, source, suite, expectations)
    # Linux reports ru_maxrss in KiB.
    return run, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class SuiteWorker:
    """A child process that runs raw suites, replaced once its peak memory passes a bound.

    Memory a process freed is not always returned to the system, so validating
    source after source in one process grows it. A new process per source would
    import GX each time, so one worker runs suites until it passes the bound and is
    then replaced.
    """

    def __init__(self, memory_limit_bytes: int = WORKER_MEMORY_LIMIT_BYTES):
        self.memory_limit_bytes = memory_limit_bytes
        self.workers_started = 0
        self._executor: ProcessPoolExecutor | None = None

    def run(self, paths: DataPaths, source: str, suite: str, expectations: list[RawExpectation]) -> SuiteRun:
        """Validate the raw files of `source` that this suite has not passed, as `run_raw_suite` does."""
        if not unvalidated_files(paths.raw_dir(source), record_path(paths, source, suite, expectations)):
            return SuiteRun([], 0, [])
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=prepare_worker
            )
            self.workers_started += 1
        run, peak_bytes = self._executor.submit(run_in_worker, paths, source, suite, expectations).result()
        if peak_bytes > self.memory_limit_bytes:
            log.info("Replacing the GX worker after %s/%s: its peak was %.2f GiB", source, suite, peak_bytes / 2**30)
            self.close()
        return run

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown()
            self._executor = None

    def __enter__(self) -> "SuiteWorker":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def gx_workers() -> int:
    """Return how many worker processes run suites at once: MARKETOPS_GX_WORKERS, else 2."""
    return worker_count(WORKERS_ENV, DEFAULT_WORKERS)


class SuiteError(RuntimeError):
    """Raised when a suite's run raises instead of returning outcomes, naming the suite and source."""


@dataclass(frozen=True)
class SuiteTask:
    """One suite to run on one source's raw files."""

    source: str
    suite: str
    expectations: list[RawExpectation]


def pending_bytes(paths: DataPaths, task: SuiteTask) -> int:
    """Return the size on disk of the raw files `task` has not validated yet."""
    record = record_path(paths, task.source, task.suite, task.expectations)
    return sum(path.stat().st_size for path in unvalidated_files(paths.raw_dir(task.source), record))


class SuitePool:
    """Several `SuiteWorker`s that run suites side by side, each suite in one of them.

    The largest pending work starts first, so that the workers finish close together
    rather than one validating the biggest source alone at the end.
    """

    def __init__(self, workers: int | None = None, memory_limit_bytes: int = WORKER_MEMORY_LIMIT_BYTES):
        count = gx_workers() if workers is None else workers
        if count < 1:
            raise ValueError(f"a suite pool needs at least 1 worker, not {count}")
        self.workers = [SuiteWorker(memory_limit_bytes) for _ in range(count)]

    @property
    def workers_started(self) -> int:
        return sum(worker.workers_started for worker in self.workers)

    def run_all(self, paths: DataPaths, tasks: list[SuiteTask]) -> Iterator[tuple[SuiteTask, SuiteRun]]:
        """Yield each task with its run as it finishes.

        A suite that raises ends the iteration with `SuiteError` naming it, once the
        suites already running have finished. The suites not started are cancelled.
        """
        idle: queue.SimpleQueue[SuiteWorker] = queue.SimpleQueue()
        for worker in self.workers:
            idle.put(worker)
        failed = threading.Event()

        def run(task: SuiteTask) -> SuiteRun | None:
            # A thread takes its next task as soon as one ends, before the caller sees a failure.
            if failed.is_set():
                return None
            worker = idle.get()
            log.info("GX suite %s on raw %s started", task.suite, task.source)
            try:
                suite_run = worker.run(paths, task.source, task.suite, task.expectations)
            except Exception as error:
                failed.set()
                log.error("GX suite %s on raw %s raised %s: %s", task.suite, task.source, type(error).__name__, error)
                raise SuiteError(f"GX suite {task.suite} on raw {task.source} raised {type(error).__name__}: {error}") from error
            finally:
                idle.put(worker)
            log.info("GX suite %s on raw %s finished: %d file(s), %d rows", task.suite, task.source,
                     len(suite_run.files), suite_run.rows)
            return suite_run

        ordered = sorted(tasks, key=lambda task: pending_bytes(paths, task), reverse=True)
        threads = ThreadPoolExecutor(max_workers=len(self.workers), thread_name_prefix="gx-suites")
        try:
            futures = {threads.submit(run, task): task for task in ordered}
            for future in as_completed(futures):
                suite_run = future.result()
                if suite_run is not None:
                    yield futures[future], suite_run
        finally:
            # On an error, or a caller that stops early, the suites not started yet never run.
            threads.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        for worker in self.workers:
            worker.close()

    def __enter__(self) -> "SuitePool":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def suite_tasks() -> list[SuiteTask]:
    """Return every raw suite of every source, in the order of `SUITE_KINDS`."""
    return [
        SuiteTask(source, suite, source_expectations)
        for suite, expectations, _blocking in SUITE_KINDS
        for source, source_expectations in expectations.items()
    ]


def validate_new_raw_files(paths: DataPaths) -> dict:
    """Run every raw suite on every source's new raw files, and return the rows validated and the failures.

    A row counts once per suite that validated it, so `rows_validated` is up to twice
    the rows loaded; `rows_validated_by_suite` gives each suite's count.
    """
    summary = {
        "rows_validated": 0,
        "files_validated": 0,
        "rows_validated_by_suite": {suite: 0 for suite, _expectations, _blocking in SUITE_KINDS},
        "failed": [],
    }
    tasks = suite_tasks()
    with SuitePool() as pool:
        runs = {(task.source, task.suite): run for task, run in pool.run_all(paths, tasks)}
        summary["gx_worker_processes"] = pool.workers_started

    # Summed in the suites' order, not the order they finished in.
    for task in tasks:
        run = runs[(task.source, task.suite)]
        summary["rows_validated"] += run.rows
        summary["rows_validated_by_suite"][task.suite] += run.rows
        summary["files_validated"] += len(run.files)
        if not run.passed:
            log.error("GX suite %s failed on raw %s", task.suite, task.source)
            summary["failed"].append(f"{task.source}/{task.suite}")
    return summary

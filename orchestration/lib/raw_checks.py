"""Validate the raw files a Great Expectations suite has not passed yet.

Raw files are immutable and named by the sha256 of the landed file, so a file that
passed a suite once passes it again: each run validates only the files added since,
and the suite's record lists the files it passed. The record's name carries a digest
of the suite's expectations, so changing a suite validates every file again. A file
in a failed validation is not recorded, so the failure repeats until it is removed.
"""

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from ingestion.paths import DataPaths
from orchestration.lib.gx_validation import ExpectationOutcome, validate_frame
from orchestration.lib.raw_expectations import DERIVED_COLUMNS, PLAUSIBLE, REQUIRED, RawExpectation
from orchestration.lib.raw_frames import LINEAGE_COLUMNS, read_raw_frame

log = logging.getLogger(__name__)

RECORD_DIR = "gx_validated"

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


def run_raw_suite(paths: DataPaths, source: str, suite: str, expectations: list[RawExpectation]) -> SuiteRun:
    """Validate the raw files of `source` this suite has not passed, and record them when they pass."""
    record = record_path(paths, source, suite, expectations)
    files = unvalidated_files(paths.raw_dir(source), record)
    if not files:
        # Nothing new: GX is not even imported, which takes seconds.
        return SuiteRun([], 0, [])
    columns = sorted({expectation.column for expectation in expectations})
    frame = read_raw_frame(source, paths.raw_dir(source), columns, DERIVED_COLUMNS.get(source, {}), files)
    outcomes = validate_frame(frame, expectations, suite_name=f"{source}_{suite}", index_columns=LINEAGE_COLUMNS)

    run = SuiteRun(outcomes, len(frame), files)
    if run.passed:
        mark_validated(record, files)
    return run


def validate_new_raw_files(paths: DataPaths) -> dict:
    """Run every raw suite on every source's new raw files; return the rows validated and failures."""
    summary = {"rows_validated": 0, "files_validated": 0, "failed": []}
    for suite, expectations, _blocking in SUITE_KINDS:
        for source, source_expectations in expectations.items():
            run = run_raw_suite(paths, source, suite, source_expectations)
            summary["rows_validated"] += run.rows
            summary["files_validated"] += len(run.files)
            if not run.passed:
                log.error("GX suite %s failed on raw %s", suite, source)
                summary["failed"].append(f"{source}/{suite}")
    return summary

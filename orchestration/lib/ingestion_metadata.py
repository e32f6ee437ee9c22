"""Turn an ingestion `SourceReport` into Dagster materialization metadata."""

from collections import Counter
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

FILE_TABLE_SCHEMA = dg.TableSchema(
    columns=[
        dg.TableColumn("file_name", "string"),
        dg.TableColumn("sha256", "string"),
        dg.TableColumn("status", "string"),
        dg.TableColumn("rows_read", "int"),
        dg.TableColumn("rows_loaded", "int"),
        dg.TableColumn("rows_quarantined", "int"),
        dg.TableColumn("reason", "string"),
    ]
)


def count_raw_rows(raw_dir: Path) -> int:
    """Count the rows of every raw Parquet file of a source (footers only, no data read)."""
    if not any(raw_dir.glob("*.parquet")):
        return 0
    pattern = str(raw_dir / "*.parquet")
    with duckdb.connect() as connection:
        row = connection.execute("SELECT count(*) FROM read_parquet(?)", [pattern]).fetchone()
    return int(row[0])


def file_outcome_record(outcome: Any) -> dg.TableRecord:
    """Build one row of the per-file table from a landing file outcome."""
    return dg.TableRecord(
        {
            "file_name": str(outcome.file_name),
            "sha256": str(outcome.sha256 or ""),
            "status": str(outcome.status),
            "rows_read": int(outcome.rows_read or 0),
            "rows_loaded": int(outcome.rows_loaded or 0),
            "rows_quarantined": int(outcome.rows_quarantined or 0),
            "reason": str(outcome.reason or ""),
        }
    )


def ingestion_metadata(report: Any, raw_dir: Path) -> dict[str, Any]:
    """Summarise one source's landing run: files by status, row totals, per-file table.

    The row totals count only files read in this run. An already loaded or already
    rejected file may carry the counts of its first run in the table, but adds nothing
    to the totals, so a second run over the same files reports zero rows read. A file not settled yet
    (still being written) is left for a later run and counted apart.
    """
    outcomes = list(report.files)
    statuses = Counter(str(outcome.status) for outcome in outcomes)
    skipped = ("already_loaded", "already_rejected", "not_settled")
    read_now = [outcome for outcome in outcomes if str(outcome.status) not in skipped]

    return {
        "files_loaded": statuses.get("loaded", 0),
        "files_already_loaded": statuses.get("already_loaded", 0),
        "files_rejected": statuses.get("rejected_file", 0),
        "files_already_rejected": statuses.get("already_rejected", 0),
        "files_not_settled": statuses.get("not_settled", 0),
        "rows_read": sum(int(outcome.rows_read or 0) for outcome in read_now),
        "rows_loaded": sum(int(outcome.rows_loaded or 0) for outcome in read_now),
        "rows_quarantined": sum(int(outcome.rows_quarantined or 0) for outcome in read_now),
        "files": dg.MetadataValue.table(
            records=[file_outcome_record(outcome) for outcome in outcomes],
            schema=FILE_TABLE_SCHEMA,
        ),
        "raw_path": dg.MetadataValue.path(str(raw_dir)),
        "dagster/row_count": count_raw_rows(raw_dir),
    }

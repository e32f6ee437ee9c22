"""Describe the rows behind a failed raw check: file, line, column, value, and how to clear it.

A raw file stays in `raw/<source>/` after its landing file is fixed or removed, so a
blocking check keeps failing until that raw Parquet is deleted. Every report therefore
names the raw files to delete along with the rows to fix.
"""

import math
from pathlib import Path
from typing import Any

import dagster as dg

from orchestration.lib.gx_validation import ExpectationOutcome

ROW_TABLE_SCHEMA = dg.TableSchema(
    columns=[
        dg.TableColumn("file_name", "string"),
        dg.TableColumn("line_number", "int"),
        dg.TableColumn("column", "string"),
        dg.TableColumn("value", "string"),
        dg.TableColumn("raw_file", "string"),
    ]
)


def format_value(value: Any) -> str:
    """Render a cell as text, with null for a missing value and no `.0` on a whole number."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def raw_file_path(source: str, raw_file: Any) -> str:
    """Return the raw Parquet path relative to the data root, as `raw/<source>/<name>`."""
    return f"raw/{source}/{Path(str(raw_file)).name}"


def unexpected_records(source: str, outcome: ExpectationOutcome) -> list[dict[str, Any]]:
    """Turn the sampled unexpected rows of one expectation into file, line, column and value."""
    return [
        {
            "file_name": str(row.get("_file_name")),
            "line_number": int(row.get("_line_number") or 0),
            "column": outcome.column,
            "value": format_value(row.get(outcome.column)),
            "raw_file": raw_file_path(source, row.get("_raw_file")),
        }
        for row in outcome.unexpected_rows
    ]


def raw_files_to_delete(source: str, outcomes: list[ExpectationOutcome]) -> list[str]:
    """List, once each and sorted, the raw files holding a sampled unexpected row."""
    return sorted(
        {record["raw_file"] for outcome in outcomes for record in unexpected_records(source, outcome)}
    )


def remedy(source: str, raw_files: list[str]) -> str:
    """Say how to clear a failed blocking check: fix the landing file, then delete its raw Parquet."""
    if not raw_files:
        return f"Fix the rows in landing/{source}/, then delete their raw Parquet under raw/{source}/."
    return (
        f"Correct or remove each named file in landing/{source}/, then delete its raw Parquet "
        f"({', '.join(raw_files)}) so the next run loads the corrected file in its place."
    )


def failure_metadata(source: str, outcome: ExpectationOutcome) -> dict[str, dg.MetadataValue]:
    """Build the metadata entry that lists the sampled unexpected rows of one failed expectation."""
    records = unexpected_records(source, outcome)
    if not records:
        return {}
    return {
        f"{outcome.label} rows": dg.MetadataValue.table(
            records=[dg.TableRecord(record) for record in records],
            schema=ROW_TABLE_SCHEMA,
        )
    }


def failure_message(source: str, outcome: ExpectationOutcome) -> str:
    """Describe one failed expectation for the run log, naming each sampled row."""
    rows = "; ".join(
        f"{record['file_name']} line {record['line_number']} {record['column']}={record['value']}"
        for record in unexpected_records(source, outcome)
    )
    shown = len(outcome.unexpected_rows)
    sample = f" (first {shown})" if shown < outcome.unexpected_count else ""
    message = f"{outcome.label}: {outcome.unexpected_count} unexpected value(s)"
    if outcome.error:
        message += f", error: {outcome.error}"
    return f"{message}{sample}: {rows}" if rows else message

"""Write raw Parquet fixtures exactly as the landing writer lays them out.

Each call stands for one landed file: the rows get the lineage columns, and the
file is named by a SHA-256, so dbt reads the fixtures the way it reads real loads.
"""

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ingestion.schemas import RAW_SCHEMAS, raw_schema


def write_empty_raw_layer(root: Path) -> None:
    """Write `_schema.parquet` for every source, as ingestion does even with no files."""
    for source in RAW_SCHEMAS:
        folder = root / "raw" / source
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(raw_schema(source).empty_table(), folder / "_schema.parquet")


def write_raw_file(
    root: Path,
    source: str,
    file_name: str,
    rows: list[dict],
    loaded_at: datetime = datetime(2026, 1, 1, tzinfo=timezone.utc),
) -> Path:
    """Write one landed file's rows; missing columns are null, line numbers start at 2."""
    schema = raw_schema(source)
    sha256 = hashlib.sha256(f"{source}/{file_name}/{loaded_at.isoformat()}".encode()).hexdigest()

    records = []
    for index, row in enumerate(rows):
        unknown = set(row) - set(RAW_SCHEMAS[source].names) - {"_line_number"}
        if unknown:
            raise ValueError(f"unknown {source} columns in fixture row {index}: {sorted(unknown)}")
        record = {name: row.get(name) for name in RAW_SCHEMAS[source].names}
        record["_file_sha256"] = sha256
        record["_file_name"] = file_name
        # Line 1 is the header in every delimited format we read.
        record["_line_number"] = row.get("_line_number", index + 2)
        record["_loaded_at"] = loaded_at
        records.append(record)

    folder = root / "raw" / source
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{sha256}.parquet"
    pq.write_table(pa.Table.from_pylist(records, schema=schema), path)
    return path

"""Write the raw Parquet layer: one immutable file per landed file, named by sha256."""

import logging
import os
import tempfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ingestion.schemas import raw_schema
from ingestion.stale_temps import temp_prefix

log = logging.getLogger(__name__)

SCHEMA_FILE_NAME = "_schema.parquet"
# Key-value metadata keys; a later run reports already-loaded files from them.
METADATA_PREFIX = "marketops."
COUNT_KEYS = ("rows_read", "rows_loaded", "rows_quarantined")


def with_lineage(table: pa.Table, source: str, sha256: str, file_name: str, loaded_at: datetime) -> pa.Table:
    """Add the lineage columns and order the table as the source's raw schema."""
    rows = table.num_rows
    table = table.append_column("_file_sha256", _constant(sha256, pa.string(), rows))
    table = table.append_column("_file_name", _constant(file_name, pa.string(), rows))
    table = table.append_column("_loaded_at", _constant(loaded_at, pa.timestamp("us", tz="UTC"), rows))
    schema = raw_schema(source)
    return table.select(schema.names).cast(schema)


def _constant(value, value_type: pa.DataType, rows: int) -> pa.Array:
    """Return `rows` copies of one value, decoded from a one-entry dictionary.

    A Python list would hold one object per row, which costs more than reading
    the file itself.
    """
    indices = pa.array(np.zeros(rows, dtype=np.int32))
    return pa.DictionaryArray.from_arrays(indices, pa.array([value], type=value_type)).cast(value_type)


def write_parquet_atomically(table: pa.Table, destination: Path, metadata: dict[str, str]) -> None:
    """Write a Parquet file under a temporary name, then rename it into place.

    The temporary name ends in `.tmp`, so a reader globbing `*.parquet` never
    sees a half-written file.
    """
    temp_path = write_parquet_temp(table, destination, metadata)
    try:
        os.replace(temp_path, destination)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise


def write_parquet_temp(table: pa.Table, destination: Path, metadata: dict[str, str]) -> Path:
    """Write a Parquet file beside `destination` under a hidden `.tmp` name and return that name.

    The caller renames it into place with `os.replace`, or deletes it. The name
    carries this process's id, so `remove_stale_temps` can delete it if the
    process is killed before either.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    encoded = {f"{METADATA_PREFIX}{key}".encode(): str(value).encode() for key, value in metadata.items()}
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), **encoded})

    handle, temp_name = tempfile.mkstemp(dir=destination.parent, prefix=temp_prefix(destination.stem), suffix=".tmp")
    os.close(handle)
    try:
        pq.write_table(table, temp_name)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return Path(temp_name)


def read_file_metadata(path: Path) -> dict[str, str]:
    """Return the marketops key-value metadata stored in a Parquet file."""
    metadata = pq.read_schema(path).metadata or {}
    prefix = METADATA_PREFIX.encode()
    return {key[len(prefix) :].decode(): value.decode() for key, value in metadata.items() if key.startswith(prefix)}


def ensure_schema_file(raw_folder: Path, source: str) -> Path:
    """Write an empty Parquet with the full raw schema, so dbt can glob a source with no files."""
    path = raw_folder / SCHEMA_FILE_NAME
    schema = raw_schema(source)
    if path.exists() and pq.read_schema(path).remove_metadata() == schema:
        return path
    write_parquet_atomically(schema.empty_table(), path, {"source": source, "kind": "schema"})
    log.info("Wrote the empty schema file %s", path)
    return path

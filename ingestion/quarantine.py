"""Write rejected rows and rejected files to `quarantine/`."""

import logging
from pathlib import Path

import pyarrow as pa

from ingestion.raw_store import write_parquet_atomically
from ingestion.readers.base import REJECTS_SCHEMA, format_reject

log = logging.getLogger(__name__)

UNROUTED = "_unrouted"
# Rejections logged one by one per file; the rest are only counted.
LOGGED_REJECTS_PER_FILE = 5


def write_rejects(rejects: pa.Table, destination: Path, metadata: dict[str, str]) -> None:
    """Write a file's rejects Parquet with its counts in the key-value metadata."""
    write_parquet_atomically(rejects.cast(REJECTS_SCHEMA), destination, metadata)


def copy_rejected_file(data: bytes, file_name: str, folder: Path, sha256: str) -> Path:
    """Write the bytes of a file rejected whole as `<sha256>.<ext>`, taking the extension from its name.

    The bytes written are the ones read and hashed, not a second read of the
    landed path, which may have changed or been replaced by a link since.
    """
    folder.mkdir(parents=True, exist_ok=True)
    extension = Path(file_name).suffix or ".bin"
    destination = folder / f"{sha256}{extension}"
    if not destination.exists():
        temp = folder / f".{sha256}.tmp"
        temp.write_bytes(data)
        temp.replace(destination)
    return destination


def file_rejects(file_name: str, data_lines: list[int] | None, reason: str) -> pa.Table:
    """Build the rejects of a file rejected whole: one row per data line, or one with no line."""
    lines = data_lines if data_lines else [None]
    return pa.table(
        {
            "file_name": [file_name] * len(lines),
            "line_number": lines,
            "column": [None] * len(lines),
            "value": [None] * len(lines),
            "reason": [reason] * len(lines),
        },
        schema=REJECTS_SCHEMA,
    )


def log_rejects(source: str, rejects: pa.Table) -> None:
    """Log the first rejections of a file, then how many more there were."""
    if rejects.num_rows == 0:
        return
    for row in rejects.slice(0, LOGGED_REJECTS_PER_FILE).to_pylist():
        log.warning("Rejected a row of %s: %s", source, format_reject(**row))
    remaining = rejects.num_rows - LOGGED_REJECTS_PER_FILE
    if remaining > 0:
        file_name = rejects.column("file_name")[0].as_py()
        log.warning("Rejected %d more values in %s (%s); see the quarantine Parquet", remaining, file_name, source)

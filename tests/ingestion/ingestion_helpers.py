"""Helpers shared by the ingestion tests."""

import pyarrow as pa

from ingestion.readers.base import ReadResult


def tsv(*rows: list[str]) -> bytes:
    """Join rows of fields into tab-separated UTF-8 text with a final newline."""
    return ("\n".join("\t".join(row) for row in rows) + "\n").encode()


def assert_accounting(result: ReadResult) -> None:
    """Check that every record read was either loaded or rejected, never both."""
    loaded = set(result.table.column("_line_number").to_pylist())
    rejected = set(result.rejects.column("line_number").to_pylist())
    assert not loaded & rejected, f"lines both loaded and rejected: {sorted(loaded & rejected)}"
    assert result.rows_read == len(loaded) + len(rejected)


def column(table: pa.Table, name: str) -> list:
    """Return one column of a table as a Python list."""
    return table.column(name).to_pylist()

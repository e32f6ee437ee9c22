"""The result every reader returns and the error for a file rejected whole."""

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

REJECTS_SCHEMA = pa.schema(
    [
        pa.field("file_name", pa.string(), nullable=False),
        # Null when the file's lines could not be counted (undecodable bytes).
        pa.field("line_number", pa.int64()),
        # Header name as delivered in the file; null for a whole-record problem.
        pa.field("column", pa.string()),
        pa.field("value", pa.string()),
        pa.field("reason", pa.string(), nullable=False),
    ]
)


@dataclass(frozen=True)
class ReadResult:
    """Typed rows of one file plus the rows rejected with their reasons.

    `table` has the source's raw columns (`schemas.RAW_SCHEMAS[source]`) plus
    an int64 `_line_number`. A rejected record may have several rejects rows
    (one per invalid column), so the accounting counts distinct line numbers:
    `rows_read == loaded_lines + rejected_lines`.
    """

    table: pa.Table
    rejects: pa.Table
    rows_read: int

    @property
    def loaded_lines(self) -> int:
        """Count the distinct records that were loaded."""
        return _distinct_count(self.table.column("_line_number"))

    @property
    def rejected_lines(self) -> int:
        """Count the distinct records that were rejected."""
        return _distinct_count(self.rejects.column("line_number"))


class FileRejected(ValueError):
    """Raised when a whole file cannot be read (encoding, header, structure).

    `data_lines` lists the 1-based line numbers of the file's data records when
    they could be counted, so the quarantine can account for every row; it is
    None when the bytes could not even be split into lines.
    """

    def __init__(self, file_name: str, reason: str, data_lines: list[int] | None = None):
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason
        self.data_lines = data_lines


def format_reject(file_name: str, line_number: int | None, column: str | None, value: str | None, reason: str) -> str:
    """Render one rejected value as a sentence naming file, line, column and value."""
    where = f"{file_name} line {line_number}" if line_number is not None else file_name
    if column is not None:
        where += f", column '{column}'"
    if value is not None:
        where += f", value {value!r}"
    return f"{where}: {reason}"


def empty_rejects() -> pa.Table:
    """Return a rejects table with no rows."""
    return REJECTS_SCHEMA.empty_table()


def _distinct_count(column: pa.ChunkedArray) -> int:
    return pc.count_distinct(column, mode="only_valid").as_py()

"""Split decoded text into records of text fields with their physical line numbers.

DuckDB's CSV reader does the field splitting (fast, multi-threaded) and its
rejects table catches records with the wrong number of fields. DuckDB does not
report physical line numbers, so they come from the bytes. A line starts a
record when it is not blank and an even number of quote characters precede it,
because an odd number means it is inside a quoted field with embedded newlines. The k-th record
DuckDB returns is the k-th such line that it did not reject, and a positional
join attaches the line numbers.
"""

import csv
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from ingestion.readers.base import REJECTS_SCHEMA, FileRejected
from ingestion.readers.decoding import END_OF_FILE_MARK

log = logging.getLogger(__name__)

_MAX_VALUE_CHARS = 500


@dataclass(frozen=True)
class TextDialect:
    """Field delimiter and quote character of a format (`quote` is empty for Amazon's unquoted TSV)."""

    delimiter: str
    quote: str


CSV = TextDialect(delimiter=",", quote='"')
TSV = TextDialect(delimiter="\t", quote="")


@dataclass(frozen=True)
class _RecordStarts:
    header: list[str]
    header_start: int
    # 1-based physical line numbers of the data records.
    lines: np.ndarray
    # Byte offsets of the data records from the header's first byte; None until needed.
    offsets: np.ndarray | None


class TextRecords:
    """A file's records as text, before any casting.

    The DuckDB view `text_records` has one VARCHAR column `c<i>` per header
    field, in header order, plus `_line_number` and `_parsed` (true on every
    row DuckDB returned). The view first assumes every record parses, so the
    file is scanned once; `is_aligned` checks that after the caller's query,
    and `realign` rebuilds the view exactly when some records were rejected.
    """

    def __init__(self, connection, utf8: bytes, file_name: str, dialect: TextDialect, temp_path: str):
        starts = _find_record_starts(utf8, dialect)
        if starts is None:
            raise FileRejected(file_name, "is empty: no header row", data_lines=[])
        self.header = starts.header
        self.rejects = REJECTS_SCHEMA.empty_table()
        self._connection = connection
        self._utf8 = utf8
        self._file_name = file_name
        self._dialect = dialect
        self._starts = starts
        self._temp_path = temp_path
        # True once `realign` bound the line numbers exactly.
        self._exact = False

        with open(temp_path, "wb") as temp_file:
            temp_file.write(memoryview(utf8)[starts.header_start :])
        self._create_view(f"(SELECT *, true AS _parsed FROM {self._read_csv_sql()})", starts.lines)

    @property
    def data_lines(self) -> list[int]:
        """List the 1-based line numbers of the data records, for accounting a rejected file."""
        return self._starts.lines.tolist()

    @property
    def record_count(self) -> int:
        """Count the data records (lines that start one)."""
        return len(self._starts.lines)

    def column_index(self) -> dict[str, int]:
        """Map each header name to its first position in the header."""
        index: dict[str, int] = {}
        for position, name in enumerate(self.header):
            index.setdefault(name, position)
        return index

    def is_aligned(self, consumed_table: str) -> bool:
        """Tell whether the optimistic view matched every parsed row to its own line.

        `consumed_table` is a table built from the view that kept its
        `_parsed` and `_line_number` columns.
        """
        if self._exact:
            return True
        structural = self._fetch("SELECT count(*) FROM reject_errors")[0][0]
        unmatched = self._fetch(
            f"SELECT count(*) FROM {consumed_table} WHERE _parsed IS NULL OR _line_number IS NULL"
        )[0][0]
        return structural == 0 and unmatched == 0

    def realign(self) -> None:
        """Materialize the parsed rows and bind line numbers around the rejected records."""
        try:
            self._fetch(f"CREATE OR REPLACE TEMP TABLE parsed_records AS SELECT * FROM {self._read_csv_sql()}")
            structural = self._fetch(
                "SELECT line_byte_position, csv_line, error_message FROM reject_errors ORDER BY line_byte_position"
            )
            valid_rows = self._fetch("SELECT count(*) FROM parsed_records")[0][0]
        except duckdb.Error as error:
            raise self._parse_error(error) from None

        starts = self._starts
        keep = np.ones(len(starts.lines), dtype=bool)
        if structural:
            offsets = starts.offsets
            if offsets is None:
                offsets = _full_scan(self._utf8, self._dialect.quote)[1][1:] - starts.header_start
            record_positions = _record_positions(structural, offsets)
            keep[record_positions] = False
            self.rejects = _structural_rejects(structural, record_positions, starts.lines, self._file_name)

        if int(keep.sum()) != valid_rows:
            raise FileRejected(
                self._file_name,
                f"record count mismatch: found {len(starts.lines)} record starts but the CSV parser returned "
                f"{valid_rows} rows and rejected {len(starts.lines) - int(keep.sum())}; check for unbalanced quotes",
                data_lines=self.data_lines,
            )
        self._create_view("(SELECT *, true AS _parsed FROM parsed_records)", starts.lines[keep])
        self._exact = True

    def _create_view(self, parsed_sql: str, lines: np.ndarray) -> None:
        self._connection.register("record_line_numbers", pa.table({"_line_number": pa.array(lines, type=pa.int64())}))
        self._fetch(
            f"CREATE OR REPLACE TEMP VIEW text_records AS SELECT * FROM {parsed_sql} POSITIONAL JOIN record_line_numbers"
        )

    def _read_csv_sql(self) -> str:
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(self.header))) + "}"
        quote = self._dialect.quote.replace("'", "''")
        delimiter = self._dialect.delimiter.replace("'", "''")
        path = self._temp_path.replace("'", "''")
        return (
            f"read_csv('{path}', columns = {columns}, auto_detect = false, header = true, "
            f"delim = '{delimiter}', quote = '{quote}', escape = '{quote}', comment = '', strict_mode = true, "
            "null_padding = false, store_rejects = true, max_line_size = 16777216)"
        )

    def _fetch(self, query: str) -> list[tuple]:
        return self._connection.execute(query).fetchall()

    def _parse_error(self, error: duckdb.Error) -> FileRejected:
        return FileRejected(self._file_name, f"could not be parsed as {_dialect_name(self._dialect)}: {error}")


@contextmanager
def open_text_records(connection, utf8: bytes, file_name: str, dialect: TextDialect) -> Iterator[TextRecords]:
    """Yield the file's TextRecords, keeping its temporary copy for DuckDB until the block ends."""
    handle, temp_path = tempfile.mkstemp(suffix=".txt", prefix="marketops-read-")
    os.close(handle)
    try:
        yield TextRecords(connection, utf8, file_name, dialect, temp_path)
    except duckdb.Error as error:
        raise FileRejected(file_name, f"could not be parsed as {_dialect_name(dialect)}: {error}") from None
    finally:
        os.unlink(temp_path)


def parse_header(header_bytes: bytes, dialect: TextDialect) -> list[str]:
    """Split a header row into trimmed column names."""
    text = header_bytes.decode("utf-8")
    if dialect.quote:
        fields = next(csv.reader([text], delimiter=dialect.delimiter, quotechar=dialect.quote))
    else:
        fields = text.split(dialect.delimiter)
    return [field.strip() for field in fields]


def count_data_lines(data: bytes) -> list[int] | None:
    """Return the line numbers of a rejected file's data lines, or None when it has no lines.

    Used only for accounting a file rejected whole: every non-blank line after
    the first counts as a record (quoted multi-line fields are not followed,
    because the file could not be parsed). Bytes with NUL characters (UTF-16,
    binary) have no countable lines.
    """
    if b"\x00" in data:
        return None
    line_numbers, _offsets = _full_scan(data.rstrip(END_OF_FILE_MARK), quote="")
    return line_numbers[1:].tolist()


def _find_record_starts(utf8: bytes, dialect: TextDialect) -> _RecordStarts | None:
    """Locate the header and the data records, skipping the byte scan when it is not needed."""
    header_start, header_end, header_line = _first_non_blank_line(utf8)
    if header_start is None:
        return None
    header = parse_header(utf8[header_start:header_end], dialect)

    body_start = utf8.find(b"\n", header_start) + 1 if utf8.find(b"\n", header_start) >= 0 else len(utf8)
    has_blank_line = utf8.find(b"\n\n", header_start) >= 0 or utf8.find(b"\n\r\n", header_start) >= 0
    has_quote = bool(dialect.quote) and utf8.find(dialect.quote.encode(), header_start) >= 0
    if not has_blank_line and not has_quote:
        # Fast path for the common case: every line after the header is one record.
        body_lines = utf8.count(b"\n", body_start) + (0 if utf8.endswith(b"\n") or body_start >= len(utf8) else 1)
        lines = np.arange(header_line + 1, header_line + 1 + body_lines, dtype=np.int64)
        return _RecordStarts(header, header_start, lines, None)

    line_numbers, offsets = _full_scan(utf8, dialect.quote)
    return _RecordStarts(header, header_start, line_numbers[1:], offsets[1:] - header_start)


def _first_non_blank_line(utf8: bytes) -> tuple[int | None, int, int]:
    """Return the header's start and end offsets (end excludes CR/LF) and its 1-based line number."""
    start, line = 0, 1
    while start < len(utf8):
        end = utf8.find(b"\n", start)
        end = len(utf8) if end < 0 else end
        content_end = end - 1 if end > start and utf8[end - 1 : end] == b"\r" else end
        if content_end > start:
            return start, content_end, line
        start, line = end + 1, line + 1
    return None, 0, 0


def _full_scan(data: bytes, quote: str) -> tuple[np.ndarray, np.ndarray]:
    """Return the 1-based line numbers and byte offsets of every record start, header included."""
    content = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(content == ord("\n"))
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [len(content)]))
    if starts[-1] == len(content):
        starts, ends = starts[:-1], ends[:-1]

    lengths = ends - starts
    last_bytes = content[np.maximum(ends - 1, 0)] if len(content) else np.zeros(0, dtype=np.uint8)
    has_carriage_return = (lengths > 0) & (last_bytes == ord("\r"))
    is_blank = (lengths - has_carriage_return) == 0

    if quote:
        quote_positions = np.flatnonzero(content == ord(quote))
        outside_quotes = np.searchsorted(quote_positions, starts) % 2 == 0
    else:
        outside_quotes = np.ones(len(starts), dtype=bool)

    record_rows = np.flatnonzero(outside_quotes & ~is_blank)
    return record_rows + 1, starts[record_rows]


def _record_positions(structural: list[tuple], offsets: np.ndarray) -> np.ndarray:
    """Map DuckDB's byte position of each structural reject to a record position.

    DuckDB reports a position at or just after the record's first byte, so the
    record is the last one starting at or before that position.
    """
    positions = np.array([row[0] for row in structural], dtype=np.int64)
    record_positions = np.searchsorted(offsets, positions, side="right") - 1
    return np.clip(record_positions, 0, max(len(offsets) - 1, 0))


def _structural_rejects(
    structural: list[tuple], record_positions: np.ndarray, lines: np.ndarray, file_name: str
) -> pa.Table:
    rows = []
    seen: set[int] = set()
    for record, (_position, raw_line, message) in zip(record_positions.tolist(), structural):
        if record in seen:
            continue
        seen.add(record)
        rows.append(
            {
                "file_name": file_name,
                "line_number": int(lines[record]),
                "column": None,
                "value": (raw_line or "").strip("\r\n")[:_MAX_VALUE_CHARS],
                "reason": f"wrong number of fields: {message}",
            }
        )
    return pa.Table.from_pylist(rows, schema=REJECTS_SCHEMA)


def _dialect_name(dialect: TextDialect) -> str:
    return "tab-separated text" if dialect.delimiter == "\t" else "CSV"

"""Split decoded text into records of text fields with their physical line numbers.

DuckDB's CSV reader does the field splitting (fast, multi-threaded) and its
rejects table catches records with the wrong number of fields. DuckDB does not
report physical line numbers, so they come from a byte scan in numpy: a line
starts a record when it is not blank and an even number of quote characters
precede it (so it is not inside a quoted field with embedded newlines). The
k-th record DuckDB returns is the k-th such line that it did not reject.
"""

import csv
import logging
import os
import tempfile
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from ingestion.readers.base import REJECTS_SCHEMA, FileRejected

log = logging.getLogger(__name__)

_MAX_VALUE_CHARS = 500


@dataclass(frozen=True)
class TextDialect:
    """How a format separates fields; `quote` is empty for Amazon's unquoted TSV."""

    delimiter: str
    quote: str


CSV = TextDialect(delimiter=",", quote='"')
TSV = TextDialect(delimiter="\t", quote="")


@dataclass(frozen=True)
class TextRecords:
    """A file's records as text, before any casting.

    `table` has one string column `c<i>` per header field, in header order, plus
    `_line_number`. `rejects` holds records DuckDB could not split into the
    header's number of fields.
    """

    header: list[str]
    table: pa.Table
    rejects: pa.Table
    data_lines: list[int]

    def column_index(self) -> dict[str, int]:
        """Map each header name to its first position in the header."""
        index: dict[str, int] = {}
        for position, name in enumerate(self.header):
            index.setdefault(name, position)
        return index


def read_text_records(utf8: bytes, file_name: str, dialect: TextDialect) -> TextRecords:
    """Parse UTF-8 bytes into text records bound to their physical line numbers."""
    line_numbers, byte_starts, header_end = _scan_record_starts(utf8, dialect.quote)
    if len(line_numbers) == 0:
        raise FileRejected(file_name, "is empty: no header row", data_lines=[])

    header_start = int(byte_starts[0])
    header = parse_header(utf8[header_start:header_end], dialect)
    data_lines = line_numbers[1:]
    data_starts = byte_starts[1:] - header_start

    valid, structural = _parse_with_duckdb(utf8[header_start:], file_name, dialect, len(header))
    rejected_positions = _match_rejects_to_records(structural, data_starts)

    keep = np.ones(len(data_lines), dtype=bool)
    keep[rejected_positions] = False
    if int(keep.sum()) != valid.num_rows:
        raise FileRejected(
            file_name,
            f"record count mismatch: found {len(data_lines)} record starts but the CSV parser returned "
            f"{valid.num_rows} rows and rejected {len(rejected_positions)}; check for unbalanced quotes",
            data_lines=data_lines.tolist(),
        )

    table = valid.append_column("_line_number", pa.array(data_lines[keep], type=pa.int64()))
    rejects = _structural_rejects(structural, data_lines, data_starts, file_name)
    return TextRecords(header=header, table=table, rejects=rejects, data_lines=data_lines.tolist())


def _scan_record_starts(utf8: bytes, quote: str) -> tuple[np.ndarray, np.ndarray, int]:
    """Return the 1-based line numbers and byte offsets of record starts, and the header's end."""
    content = np.frombuffer(utf8, dtype=np.uint8)
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
        quotes_before = np.searchsorted(quote_positions, starts)
        outside_quotes = quotes_before % 2 == 0
    else:
        outside_quotes = np.ones(len(starts), dtype=bool)

    record_rows = np.flatnonzero(outside_quotes & ~is_blank)
    if len(record_rows) == 0:
        return record_rows, record_rows, 0
    header_row = record_rows[0]
    header_end = int(ends[header_row] - has_carriage_return[header_row])
    return record_rows + 1, starts[record_rows], header_end


def parse_header(header_bytes: bytes, dialect: TextDialect) -> list[str]:
    text = header_bytes.decode("utf-8")
    if dialect.quote:
        fields = next(csv.reader([text], delimiter=dialect.delimiter, quotechar=dialect.quote))
    else:
        fields = text.split(dialect.delimiter)
    return [field.strip() for field in fields]


def _parse_with_duckdb(
    body: bytes, file_name: str, dialect: TextDialect, field_count: int
) -> tuple[pa.Table, list[tuple[int, str | None, str, str]]]:
    """Split the body into text fields; return valid rows and structural rejects.

    Each structural reject is (byte position, column, raw line, message).
    """
    columns = {f"c{i}": "VARCHAR" for i in range(field_count)}
    handle, temp_path = tempfile.mkstemp(suffix=".txt", prefix="marketops-read-")
    try:
        with os.fdopen(handle, "wb") as temp_file:
            temp_file.write(body)
        connection = duckdb.connect()
        try:
            valid = connection.sql(
                "SELECT * FROM read_csv(?, columns = ?, auto_detect = false, header = true, delim = ?, "
                "quote = ?, escape = ?, comment = '', strict_mode = true, null_padding = false, "
                "store_rejects = true, max_line_size = 16777216)",
                params=[temp_path, columns, dialect.delimiter, dialect.quote, dialect.quote],
            ).to_arrow_table()
            structural = connection.execute(
                "SELECT line_byte_position, column_name, csv_line, error_message FROM reject_errors "
                "ORDER BY line_byte_position"
            ).fetchall()
        except duckdb.Error as error:
            raise FileRejected(file_name, f"could not be parsed as {_dialect_name(dialect)}: {error}") from None
        finally:
            connection.close()
    finally:
        os.unlink(temp_path)
    return valid, structural


def _record_positions(structural: list[tuple], data_starts: np.ndarray) -> np.ndarray:
    """Map DuckDB's byte position of each structural reject to a record position.

    DuckDB reports a position at or just after the record's first byte, so the
    record is the last one starting at or before that position.
    """
    positions = np.array([row[0] for row in structural], dtype=np.int64)
    record_positions = np.searchsorted(data_starts, positions, side="right") - 1
    return np.clip(record_positions, 0, max(len(data_starts) - 1, 0))


def _match_rejects_to_records(structural: list[tuple], data_starts: np.ndarray) -> np.ndarray:
    """Return the sorted, distinct record positions DuckDB rejected."""
    if not structural:
        return np.zeros(0, dtype=np.int64)
    return np.unique(_record_positions(structural, data_starts))


def _structural_rejects(
    structural: list[tuple], data_lines: np.ndarray, data_starts: np.ndarray, file_name: str
) -> pa.Table:
    if not structural:
        return REJECTS_SCHEMA.empty_table()

    rows = []
    seen: set[int] = set()
    for record, (_position, _column, raw_line, message) in zip(_record_positions(structural, data_starts), structural):
        if int(record) in seen:
            continue
        seen.add(int(record))
        rows.append(
            {
                "file_name": file_name,
                "line_number": int(data_lines[record]),
                "column": None,
                "value": (raw_line or "").strip("\r\n")[:_MAX_VALUE_CHARS],
                "reason": f"wrong number of fields: {message}",
            }
        )
    return pa.Table.from_pylist(rows, schema=REJECTS_SCHEMA)


def _dialect_name(dialect: TextDialect) -> str:
    return "tab-separated text" if dialect.delimiter == "\t" else "CSV"


def count_data_lines(data: bytes) -> list[int] | None:
    """Return the line numbers of a rejected file's data lines, or None when it has no lines.

    Used only for accounting a file rejected whole: every non-blank line after
    the first counts as a record (quoted multi-line fields are not followed,
    because the file could not be parsed). Bytes with NUL characters (UTF-16,
    binary) have no countable lines.
    """
    if b"\x00" in data:
        return None
    line_numbers, _starts, _header_end = _scan_record_starts(data, quote="")
    return line_numbers[1:].tolist()

"""A reader for formats with one record per row and a fixed set of columns."""

import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import DecimalStyle
from ingestion.readers.columns import ColumnSpec, cast_records, to_schema
from ingestion.readers.decoding import decode_to_utf8
from ingestion.readers.records import TextDialect, open_text_records

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FlatFormat:
    """A delimited format whose records map one-to-one to raw rows."""

    source: str
    schema: pa.Schema
    dialect: TextDialect
    columns: list[ColumnSpec]
    decimal_style: DecimalStyle = DecimalStyle.DOT
    # Values read as empty besides the empty string.
    null_texts: tuple[str, ...] = ()

    @property
    def identifying_headers(self) -> frozenset[str]:
        """Header names every file of this format has (the required columns)."""
        return frozenset(spec.headers[0] for spec in self.columns if spec.required)


_database: duckdb.DuckDBPyConnection | None = None
_database_pid: int | None = None
_database_lock = threading.Lock()


def open_connection() -> duckdb.DuckDBPyConnection:
    """Open a connection to this process's in-memory DuckDB, with the session time zone UTC.

    Opening a new in-memory database took about 0.1 s, once per landed file, and a
    year of daily snapshots is hundreds of files; a cursor on one database is cheap.
    Readers create only temporary tables and registered views, which belong to their
    own connection, so connections do not see each other's work. A forked process
    opens its own database.
    """
    global _database, _database_pid
    with _database_lock:
        if _database is None or _database_pid != os.getpid():
            _database = duckdb.connect()
            _database_pid = os.getpid()
        connection = _database.cursor()
    connection.execute("SET TimeZone = 'UTC'").fetchall()
    return connection


def read_flat(
    file_format: FlatFormat,
    data: bytes,
    file_name: str,
    extra_columns: dict[str, str] | None = None,
) -> ReadResult:
    """Read a flat file into typed rows; `extra_columns` adds SQL expressions by name."""
    # TODO: about 0.5 of DuckDB's own read_csv-to-Parquet CPU time on All Orders
    # and snapshot files. What remains is the cast query, which materialises
    # `typed` before the rows are selected, the single-threaded pyarrow Parquet
    # write, and the files being read one after another on one core.
    utf8, _encoding = decode_to_utf8(data, file_name)

    connection = open_connection()
    try:
        with open_text_records(connection, utf8, file_name, file_format.dialect) as records:
            cast_rejects = cast_records(
                connection, records, file_format.columns, file_name, file_format.decimal_style, file_format.null_texts
            )
        extras = "".join(f", {expression} AS \"{name}\"" for name, expression in (extra_columns or {}).items())
        # Extra columns see every parsed record, including ones rejected below.
        query = f"SELECT * FROM (SELECT *{extras} FROM typed) WHERE _ok"
        if extra_columns:
            # A window function in an extra column may reorder rows; `typed` itself keeps file order.
            query += " ORDER BY _line_number"
        table = connection.sql(query).to_arrow_table()
    finally:
        connection.close()

    rejects = pa.concat_tables([records.rejects, cast_rejects]).sort_by([("line_number", "ascending")])
    return ReadResult(
        table=to_schema(table, file_format.schema),
        rejects=rejects,
        rows_read=records.record_count,
    )


def sql_instant(moment: datetime) -> str:
    """Render an aware datetime as a SQL TIMESTAMPTZ literal."""
    return f"TIMESTAMPTZ '{moment.isoformat()}'"

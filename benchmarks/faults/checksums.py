"""Checksum every mart of a DuckDB file, so two runs' marts can be compared table by table."""

from pathlib import Path

import duckdb

# Values that record when a run happened rather than what the landed files contain, so
# two runs on the same files differ in them. Each is nulled before the checksum, in
# every row when its condition is None, else in the rows matching the SQL condition.
RUN_TIME_VALUES = {
    # When the allocation policy file was checked.
    "dim_allocation_policy": {"checked_at": None},
    # A duplicate order opens when its file is loaded, so it carries the load time.
    "fct_order_exceptions": {"opened_at": "exception_type = 'duplicate_order'"},
}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def without_run_times(table: str) -> str:
    """Return a SELECT of `table` with its run-time values nulled."""
    replaced = []
    for column, condition in RUN_TIME_VALUES.get(table, {}).items():
        expression = "NULL" if condition is None else f"CASE WHEN {condition} THEN NULL ELSE {quote(column)} END"
        replaced.append(f"{expression} AS {quote(column)}")
    replace = f" REPLACE ({', '.join(replaced)})" if replaced else ""
    return f"SELECT *{replace} FROM {quote(table)}"


def table_checksum(connection: duckdb.DuckDBPyConnection, table: str) -> tuple[int, str]:
    """Return the row count and the md5 of the table's rows as text, sorted, run-time values nulled."""
    # Sorting the rows' text makes the checksum independent of the physical row order,
    # which DuckDB does not keep between two builds of the same table.
    row_count, digest = connection.execute(
        f"SELECT count(*), md5(coalesce(string_agg(row_text, chr(10) ORDER BY row_text), '')) "
        f"FROM (SELECT CAST(row_values AS VARCHAR) AS row_text FROM ({without_run_times(table)}) AS row_values)"
    ).fetchone()
    return row_count, digest


def mart_checksums(database: Path, tables: tuple[str, ...]) -> dict[str, tuple[int, str]]:
    """Open `database` read-only and return each table's row count and checksum.

    Raises `duckdb.Error` when the file cannot be opened or a table is missing.
    """
    connection = duckdb.connect(":memory:")
    try:
        connection.execute("ATTACH ? AS checked (READ_ONLY)", [str(database)])
        connection.execute("USE checked")
        return {table: table_checksum(connection, table) for table in tables}
    finally:
        connection.close()


def differing_tables(expected: dict, actual: dict) -> list[str]:
    """Return the tables whose row count or checksum differ, or that only one side has."""
    return sorted(table for table in expected.keys() | actual.keys() if expected.get(table) != actual.get(table))

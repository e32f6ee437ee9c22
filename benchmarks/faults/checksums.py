"""Checksum every mart of a DuckDB file, so two runs' marts can be compared table by table."""

from pathlib import Path

import duckdb

# Columns whose value records when the run happened rather than what the landed files
# contain, so two runs on the same files differ in them: left out of the checksums.
RUN_TIME_COLUMNS = {
    "dim_allocation_policy": ("checked_at",),
}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_checksum(connection: duckdb.DuckDBPyConnection, table: str) -> tuple[int, str]:
    """Return the row count and the md5 of the table's rows as text, sorted, run-time columns left out."""
    excluded = RUN_TIME_COLUMNS.get(table, ())
    exclude = f" EXCLUDE ({', '.join(quote(column) for column in excluded)})" if excluded else ""
    # Sorting the rows' text makes the checksum independent of the physical row order,
    # which DuckDB does not keep between two builds of the same table.
    row_count, digest = connection.execute(
        f"SELECT count(*), md5(coalesce(string_agg(row_text, chr(10) ORDER BY row_text), '')) "
        f"FROM (SELECT CAST(row_values AS VARCHAR) AS row_text "
        f"FROM (SELECT *{exclude} FROM {quote(table)}) AS row_values)"
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

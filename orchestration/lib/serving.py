"""Publish the marts from warehouse.duckdb into serving.duckdb, replaced atomically.

Dashboards hold serving.duckdb open read-only. Building a new file beside it and
renaming it over the old one means a reader sees either the previous marts or the new
ones, never a half-copied file, and never holds a lock that blocks this writer.

The new file starts as a copy of the published one, and only what changed is
written again: the changed days of a day-incremental mart, other marts whole. A
daily build changes a few days of the large fact marts, and writing every mart again
cost most of a daily publish. The per-day fingerprints of what was published are
kept in the file's `publish` schema, so the next publish hashes only the warehouse.
"""

import logging
import os
import shutil
import uuid
from pathlib import Path

import duckdb

from ingestion.stale_temps import remove_stale_temps, temp_prefix

logger = logging.getLogger(__name__)

WAREHOUSE_SCHEMA = "main"
# One table per day-incremental mart: the day, row count and row hash it was published with.
FINGERPRINT_SCHEMA = "publish"

# The memory bound of dbt's profile. Without one, DuckDB takes 80 % of the machine's
# memory, and publishing the L benchmark's marts reached 14 GiB.
MEMORY_LIMIT_ENV = "MARKETOPS_DUCKDB_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "6GB"


class MissingMartsError(RuntimeError):
    """Raised when the warehouse lacks marts, so serving.duckdb is left as it was."""


def warehouse_tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    rows = connection.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_catalog = 'warehouse' AND table_schema = ?",
        [WAREHOUSE_SCHEMA],
    ).fetchall()
    return {name for (name,) in rows}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def copy_marts(connection: duckdb.DuckDBPyConnection, tables: list[str], day_columns: dict[str, str]) -> dict[str, int]:
    """Copy each table from the attached warehouse into the new file and return their row counts.

    The day-incremental marts' fingerprints are stored too, so that the first update
    hashes only the warehouse.
    """
    row_counts = {}
    for table in tables:
        connection.execute(f"CREATE TABLE main.{quote(table)} AS SELECT * FROM warehouse.{WAREHOUSE_SCHEMA}.{quote(table)}")
        row_counts[table] = connection.execute(f"SELECT count(*) FROM main.{quote(table)}").fetchone()[0]
        if table in day_columns:
            store_fingerprints(connection, table, fingerprint(f"main.{quote(table)}", day_columns[table]))
    return row_counts


def table_columns(connection: duckdb.DuckDBPyConnection, catalog: str, table: str) -> list[tuple[str, str]]:
    """Return the (name, type) of each column of `catalog.main.table`, in order."""
    return connection.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = ? AND table_schema = ? AND table_name = ? ORDER BY ordinal_position",
        [catalog, WAREHOUSE_SCHEMA, table],
    ).fetchall()


def fingerprint(source: str, day_column: str | None) -> str:
    """Return SQL for the row count and order-independent hash of `source`, per day or whole."""
    if day_column is None:
        return f"SELECT count(*) AS row_count, sum(hash(t)::HUGEINT) AS row_hash FROM {source} t"
    return (f"SELECT {quote(day_column)} AS day, count(*) AS row_count, sum(hash(t)::HUGEINT) AS row_hash "
            f"FROM {source} t GROUP BY ALL")


def stored_fingerprints(connection: duckdb.DuckDBPyConnection, catalog: str, table: str) -> str | None:
    """Return the stored per-day fingerprints of the published `table`, or None when none are kept."""
    found = connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? AND table_name = ?",
        [catalog, FINGERPRINT_SCHEMA, table],
    ).fetchone()[0]
    return f"{FINGERPRINT_SCHEMA}.{quote(table)}" if found else None


def replace_changed_days(connection: duckdb.DuckDBPyConnection, catalog: str, table: str, day_column: str) -> tuple[int, int]:
    """Replace the days of `table` whose rows differ from the warehouse's; return how many and the row count.

    The published side's fingerprints come from the previous publish when it stored
    them, else from hashing the copy. This publish's are stored for the next.
    """
    new, old = f"warehouse.{WAREHOUSE_SCHEMA}.{quote(table)}", f"main.{quote(table)}"
    connection.execute(f"CREATE OR REPLACE TEMP TABLE new_days AS {fingerprint(new, day_column)}")
    old_days = stored_fingerprints(connection, catalog, table) or f"({fingerprint(old, day_column)})"
    connection.execute(f"""
        CREATE OR REPLACE TEMP TABLE changed_days AS
        SELECT coalesce(new.day, old.day) AS day
        FROM new_days AS new FULL JOIN {old_days} AS old ON new.day IS NOT DISTINCT FROM old.day
        WHERE new.row_count IS DISTINCT FROM old.row_count OR new.row_hash IS DISTINCT FROM old.row_hash
    """)
    changed = connection.execute("SELECT count(*) FROM changed_days").fetchone()[0]
    if changed:
        day = quote(day_column)
        connection.execute(f"DELETE FROM {old} t WHERE EXISTS "
                           f"(SELECT 1 FROM changed_days c WHERE c.day IS NOT DISTINCT FROM t.{day})")
        connection.execute(f"INSERT INTO {old} SELECT * FROM {new} t WHERE EXISTS "
                           f"(SELECT 1 FROM changed_days c WHERE c.day IS NOT DISTINCT FROM t.{day})")
    store_fingerprints(connection, table, "SELECT * FROM new_days")
    rows = connection.execute("SELECT coalesce(sum(row_count), 0) FROM new_days").fetchone()[0]
    connection.execute("DROP TABLE changed_days")
    connection.execute("DROP TABLE new_days")
    return changed, int(rows)


def store_fingerprints(connection: duckdb.DuckDBPyConnection, table: str, query: str) -> None:
    """Store the per-day fingerprints that `query` returns as those of the published `table`."""
    connection.execute(f"CREATE SCHEMA IF NOT EXISTS {FINGERPRINT_SCHEMA}")
    connection.execute(f"CREATE OR REPLACE TABLE {FINGERPRINT_SCHEMA}.{quote(table)} AS {query}")


def forget_fingerprints(connection: duckdb.DuckDBPyConnection, table: str) -> None:
    """Drop the stored fingerprints of `table`, whose published rows were written whole."""
    connection.execute(f"DROP TABLE IF EXISTS {FINGERPRINT_SCHEMA}.{quote(table)}")


def update_marts(
    connection: duckdb.DuckDBPyConnection, tables: list[str], day_columns: dict[str, str]
) -> dict[str, int]:
    """Bring the copied marts of the open file up to the warehouse's, and return their row counts.

    A mart that the copy lacks, or whose columns changed, is copied whole. A
    day-incremental mart gets its changed days replaced. Any other mart is copied
    whole when its row count or hash differs.
    """
    catalog = connection.execute("SELECT current_database()").fetchone()[0]
    present = {name for (name,) in connection.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = ?",
        [catalog, WAREHOUSE_SCHEMA],
    ).fetchall()}
    for table in sorted(present - set(tables)):
        logger.info("Dropping %s, which is no longer a mart", table)
        connection.execute(f"DROP TABLE main.{quote(table)}")
        forget_fingerprints(connection, table)

    row_counts = {}
    for table in tables:
        new, old = f"warehouse.{WAREHOUSE_SCHEMA}.{quote(table)}", f"main.{quote(table)}"
        if table not in present or table_columns(connection, catalog, table) != table_columns(connection, "warehouse", table):
            logger.info("Copying %s whole: it is new or its columns changed", table)
            connection.execute(f"CREATE OR REPLACE TABLE {old} AS SELECT * FROM {new}")
            forget_fingerprints(connection, table)
        elif table in day_columns:
            # Its fingerprints counted the rows, which spares a count of a table with deletes.
            changed, row_counts[table] = replace_changed_days(connection, catalog, table, day_columns[table])
            logger.info("Replaced %d changed day(s) of %s", changed, table)
        elif connection.execute(fingerprint(new, None)).fetchone() != connection.execute(fingerprint(old, None)).fetchone():
            logger.info("Copying %s whole: its rows changed", table)
            connection.execute(f"CREATE OR REPLACE TABLE {old} AS SELECT * FROM {new}")
        if table not in row_counts:
            row_counts[table] = connection.execute(f"SELECT count(*) FROM {old}").fetchone()[0]
    return row_counts


def publish_serving(
    warehouse: Path, serving: Path, marts: tuple[str, ...], day_columns: dict[str, str] | None = None
) -> dict[str, int]:
    """Write the marts of `warehouse` into a new file, rename it over `serving`, return row counts.

    The new file starts as a copy of `serving` when one exists, and `day_columns`
    names the marts to compare a day at a time. Raises `MissingMartsError` naming
    every absent mart before `serving` is touched, because a serving file with some
    marts missing is a half-built state.
    """
    if not warehouse.exists():
        raise FileNotFoundError(f"warehouse not found at {warehouse}: dbt build has not run on this data root")

    # A publish killed before its rename leaves its staging file, which only this
    # sweep removes, because the next publish picks a new name.
    remove_stale_temps(serving.parent)
    staging_file = serving.with_name(f"{temp_prefix(serving.name)}{uuid.uuid4().hex}.tmp")
    updating = serving.exists()
    logger.info("Publishing marts from %s to %s via %s (%s)", warehouse, serving, staging_file,
                "changes only" if updating else "every mart")
    try:
        if updating:
            shutil.copyfile(serving, staging_file)
        settings = {
            "memory_limit": os.environ.get(MEMORY_LIMIT_ENV, DEFAULT_MEMORY_LIMIT),
            "preserve_insertion_order": False,
        }
        with duckdb.connect(str(staging_file), config=settings) as connection:
            connection.execute("ATTACH ? AS warehouse (READ_ONLY)", [str(warehouse)])
            present = warehouse_tables(connection)
            missing = [table for table in marts if table not in present]
            if missing:
                raise MissingMartsError(
                    f"marts missing from {warehouse} (schema {WAREHOUSE_SCHEMA}): {', '.join(missing)}; "
                    "check the dbt build output, serving.duckdb was left unchanged"
                )
            if updating:
                row_counts = update_marts(connection, list(marts), day_columns or {})
            else:
                row_counts = copy_marts(connection, list(marts), day_columns or {})
            connection.execute("DETACH warehouse")
            connection.execute("CHECKPOINT")
        os.replace(staging_file, serving)
    finally:
        staging_file.unlink(missing_ok=True)
        staging_file.with_name(staging_file.name + ".wal").unlink(missing_ok=True)

    logger.info("Published %d marts to %s", len(row_counts), serving)
    return row_counts

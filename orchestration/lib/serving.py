"""Publish the marts from warehouse.duckdb into serving.duckdb, replaced atomically.

Dashboards hold serving.duckdb open read-only. Building a new file beside it and
renaming it over the old one means a reader sees either the previous marts or the new
ones, never a half-copied file, and never holds a lock that blocks this writer.
"""

import logging
import os
import uuid
from pathlib import Path

import duckdb

from ingestion.stale_temps import remove_stale_temps, temp_prefix

logger = logging.getLogger(__name__)

WAREHOUSE_SCHEMA = "main"


class MissingMartsError(RuntimeError):
    """Raised when the warehouse lacks marts, so serving.duckdb is left as it was."""


def warehouse_tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    rows = connection.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_catalog = 'warehouse' AND table_schema = ?",
        [WAREHOUSE_SCHEMA],
    ).fetchall()
    return {name for (name,) in rows}


def copy_marts(connection: duckdb.DuckDBPyConnection, tables: list[str]) -> dict[str, int]:
    """Copy each table from the attached warehouse into the new file and return their row counts."""
    row_counts = {}
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        connection.execute(f"CREATE TABLE main.{quoted} AS SELECT * FROM warehouse.{WAREHOUSE_SCHEMA}.{quoted}")
        row_counts[table] = connection.execute(f"SELECT count(*) FROM main.{quoted}").fetchone()[0]
    return row_counts


def publish_serving(warehouse: Path, serving: Path, marts: tuple[str, ...]) -> dict[str, int]:
    """Copy every mart from `warehouse` into a new file, rename it over `serving`, return row counts.

    Raises `MissingMartsError` naming every absent mart before `serving` is touched,
    because a serving file with some marts missing is a half-built state.
    """
    if not warehouse.exists():
        raise FileNotFoundError(f"warehouse not found at {warehouse}: dbt build has not run on this data root")

    # A publish killed before its rename leaves its staging file, which only this
    # sweep removes, because the next publish picks a new name.
    remove_stale_temps(serving.parent)
    staging_file = serving.with_name(f"{temp_prefix(serving.name)}{uuid.uuid4().hex}.tmp")
    logger.info("Publishing marts from %s to %s via %s", warehouse, serving, staging_file)
    try:
        with duckdb.connect(str(staging_file)) as connection:
            connection.execute("ATTACH ? AS warehouse (READ_ONLY)", [str(warehouse)])
            present = warehouse_tables(connection)
            missing = [table for table in marts if table not in present]
            if missing:
                raise MissingMartsError(
                    f"marts missing from {warehouse} (schema {WAREHOUSE_SCHEMA}): {', '.join(missing)}; "
                    "check the dbt build output, serving.duckdb was left unchanged"
                )
            row_counts = copy_marts(connection, list(marts))
            connection.execute("DETACH warehouse")
            connection.execute("CHECKPOINT")
        os.replace(staging_file, serving)
    finally:
        staging_file.unlink(missing_ok=True)
        staging_file.with_name(staging_file.name + ".wal").unlink(missing_ok=True)

    logger.info("Published %d marts to %s", len(row_counts), serving)
    return row_counts

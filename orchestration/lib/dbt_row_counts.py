"""Row counts for the tables a dbt build wrote, read after dbt has released the warehouse.

dagster-dbt's `fetch_row_counts` queries through dbt-duckdb inside this process, which
keeps warehouse.duckdb open after the build. The next dbt run started from the same
process (a test, an in-process job) then cannot lock the file. A short-lived read-only
connection opened after dbt has exited leaves nothing open.
"""

from pathlib import Path

import dagster as dg
import duckdb


def table_row_counts(warehouse: Path) -> dict[str, int]:
    """Count the rows of every table (not view) in the warehouse's `main` schema."""
    if not warehouse.exists():
        return {}
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        names = connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
        ).fetchall()
        return {
            name: connection.execute(f'SELECT count(*) FROM main."{name}"').fetchone()[0]
            for (name,) in names
        }


def with_row_count(event, row_counts: dict[str, int]):
    """Add `dagster/row_count` to a dbt model or seed output whose table was counted."""
    if not isinstance(event, dg.Output):
        return event
    unique_id = str(getattr(event.metadata.get("unique_id"), "value", event.metadata.get("unique_id", "")))
    table = unique_id.rsplit(".", 1)[-1]
    if table not in row_counts:
        return event
    return event.with_metadata({**event.metadata, "dagster/row_count": row_counts[table]})

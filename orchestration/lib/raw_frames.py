"""Read the columns a validation needs from a source's raw Parquet files into pandas."""

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from ingestion.schemas import RAW_SCHEMAS

# Columns added to every frame so a failed expectation can name the file, line and raw
# Parquet file of each unexpected row. `_raw_file` is the path DuckDB read the row from.
LINEAGE_COLUMNS = ["_file_name", "_line_number", "_raw_file"]


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def select_expression(source: str, column: str, derived: dict[str, str]) -> str:
    """Return the SQL for one column, with money cast to DOUBLE for GX's numeric checks.

    DECIMAL values reach pandas as Python `Decimal` objects, which GX's range checks
    compare unreliably. A DOUBLE keeps the sign and an exact zero, and the raw checks
    judge nothing finer.
    """
    if column in derived:
        return f"CAST({derived[column]} AS DOUBLE) AS {quote_identifier(column)}"
    field = RAW_SCHEMAS[source].field(column)
    if pa.types.is_decimal(field.type):
        return f"CAST({quote_identifier(column)} AS DOUBLE) AS {quote_identifier(column)}"
    return quote_identifier(column)


def read_raw_frame(
    source: str, raw_dir: Path, columns: list[str], derived: dict[str, str], files: list[Path] | None = None
) -> pd.DataFrame:
    """Read `columns` and the lineage columns of `files` (default: every raw file of `source`).

    The frame is empty, with those columns, when there is no file to read.
    """
    if files is None:
        files = sorted(raw_dir.glob("*.parquet"))
    if not files:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in [*columns, *LINEAGE_COLUMNS]})

    selected = ", ".join(select_expression(source, column, derived) for column in columns)
    # One thread reads a batch as fast here. In one run, frames built on several threads
    # left 4.5 GiB behind after the size-L snapshots against 2.6 GiB, though not in every run.
    with duckdb.connect(config={"threads": 1}) as connection:
        return connection.execute(
            f"SELECT {selected}, _file_name, _line_number, filename AS _raw_file "
            "FROM read_parquet(?, union_by_name = true, filename = true)",
            [[str(path) for path in files]],
        ).df()

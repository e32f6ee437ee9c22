"""Shared dbt builds: each costs seconds, so every module builds once."""

import shutil
from pathlib import Path

import duckdb
import pytest

from dbt_hand_worked_data import write_hand_worked_raw_layer
from ingestion.landing import ingest_source
from ingestion.paths import DataPaths
from ingestion.schemas import RAW_SCHEMAS
from dbt_raw_fixtures import write_empty_raw_layer
from dbt_runner import AS_OF_AT, assert_dbt_succeeded, run_dbt


def build_warehouse(data_root: Path, work_dir: Path, *extra_args: str, as_of_at: str | None = AS_OF_AT) -> Path:
    """Run `dbt build` on `data_root`, fail on any error, and return the warehouse path.

    `as_of_at` None lets the models take the latest order time as the current instant.
    """
    result = run_dbt(data_root, work_dir, "build", *extra_args, as_of_at=as_of_at)
    assert_dbt_succeeded(result)
    return data_root / "warehouse.duckdb"


@pytest.fixture(scope="module")
def hand_worked_warehouse(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    """Build the hand-worked fixture and return a read-only connection to its warehouse."""
    data_root = tmp_path_factory.mktemp("hand_worked")
    write_hand_worked_raw_layer(data_root)
    warehouse = build_warehouse(data_root, tmp_path_factory.mktemp("hand_worked_dbt"))

    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def empty_warehouse(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    """Build on a raw layer with only `_schema.parquet` files and connect to it."""
    data_root = tmp_path_factory.mktemp("empty")
    write_empty_raw_layer(data_root)
    # Unit tests do not read the raw layer; the hand-worked build runs them.
    warehouse = build_warehouse(
        data_root, tmp_path_factory.mktemp("empty_dbt"), "--exclude", "test_type:unit"
    )

    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def real_reports_warehouse(real_data, tmp_path_factory) -> duckdb.DuckDBPyConnection:
    """Land the public Amazon settlements and Shopify exports, build, and connect."""
    data_root = tmp_path_factory.mktemp("real_reports")
    copy_real_reports(real_data, data_root)
    land_every_source(data_root)
    warehouse = build_warehouse(
        data_root, tmp_path_factory.mktemp("real_reports_dbt"), "--exclude", "test_type:unit"
    )

    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


def copy_real_reports(real_data: Path, data_root: Path) -> None:
    """Copy the sample reports into the landing folders of a temporary data root."""
    folders = {
        "amazon_settlements": real_data / "amazon" / "settlement_flat_file",
        "shopify_orders": real_data / "shopify" / "orders_export",
        "shopify_payments": real_data / "shopify" / "payments_transactions",
    }
    for source, folder in folders.items():
        landing = data_root / "landing" / source
        landing.mkdir(parents=True)
        for report in folder.iterdir():
            shutil.copyfile(report, landing / report.name)


def land_every_source(data_root: Path) -> None:
    """Land every source with the real ingestion code, so sources with no files get `_schema.parquet`."""
    paths = DataPaths(data_root)
    paths.ensure()
    for source in RAW_SCHEMAS:
        ingest_source(paths, source)

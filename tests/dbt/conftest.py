"""Shared dbt builds: each costs seconds, so every module builds once."""

import duckdb
import pytest

from dbt_builds import build_warehouse, copy_real_reports, land_every_source
from dbt_hand_worked_data import write_hand_worked_raw_layer
from dbt_partial_inputs_data import write_partial_inputs_raw_layer
from dbt_raw_fixtures import write_empty_raw_layer


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
def partial_inputs_warehouse(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    """Build the partial-inputs fixture and return a read-only connection to its warehouse."""
    data_root = tmp_path_factory.mktemp("partial_inputs")
    write_partial_inputs_raw_layer(data_root)
    # The hand-worked build runs the unit tests, which do not read the raw layer.
    warehouse = build_warehouse(
        data_root, tmp_path_factory.mktemp("partial_inputs_dbt"), "--exclude", "test_type:unit"
    )

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

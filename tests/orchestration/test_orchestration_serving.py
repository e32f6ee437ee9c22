"""serving.duckdb is replaced whole: readers keep the old copy, a missing mart changes nothing."""

from pathlib import Path

import duckdb
import pytest

from orchestration.lib.serving import MissingMartsError, publish_serving

MARTS = ("dim_sku", "fct_orders")


def write_warehouse(path: Path, orders: int) -> None:
    """Write a warehouse with one SKU and `orders` order rows."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("CREATE OR REPLACE TABLE main.dim_sku AS SELECT 'SKU-A' AS sku")
        connection.execute(f"CREATE OR REPLACE TABLE main.fct_orders AS SELECT range AS order_id FROM range({orders})")


def count_orders(connection: duckdb.DuckDBPyConnection) -> int:
    return connection.execute("SELECT count(*) FROM fct_orders").fetchone()[0]


def test_publish_copies_every_mart(tmp_path: Path):
    warehouse, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    write_warehouse(warehouse, orders=3)

    row_counts = publish_serving(warehouse, serving, MARTS)

    assert row_counts == {"dim_sku": 1, "fct_orders": 3}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["serving.duckdb", "warehouse.duckdb"]


def test_open_reader_keeps_old_copy(tmp_path: Path):
    warehouse, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    write_warehouse(warehouse, orders=3)
    publish_serving(warehouse, serving, MARTS)
    reader = duckdb.connect(str(serving), read_only=True)

    write_warehouse(warehouse, orders=5)
    publish_serving(warehouse, serving, MARTS)

    # The open reader still reads the file it opened, and a new connection reads the new marts.
    assert count_orders(reader) == 3
    reader.close()
    with duckdb.connect(str(serving), read_only=True) as fresh:
        assert count_orders(fresh) == 5


def test_missing_mart_leaves_serving(tmp_path: Path):
    warehouse, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    write_warehouse(warehouse, orders=3)
    publish_serving(warehouse, serving, MARTS)
    before = serving.read_bytes()

    with pytest.raises(MissingMartsError, match="fct_atp_accuracy"):
        publish_serving(warehouse, serving, (*MARTS, "fct_atp_accuracy"))

    assert serving.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["serving.duckdb", "warehouse.duckdb"]


def test_missing_warehouse_raises(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="dbt build has not run"):
        publish_serving(tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb", MARTS)

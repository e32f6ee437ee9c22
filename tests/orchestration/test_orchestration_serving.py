"""serving.duckdb is replaced whole: readers keep the old copy, a missing mart changes nothing."""

from datetime import date
from pathlib import Path

import duckdb
import pytest

from daily_models import DAILY_MODELS, MONTHLY_MODELS
from orchestration.lib.marts import MART_DAY_COLUMNS, MART_TABLES
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


def write_daily_orders(path: Path, days: dict[str, int]) -> None:
    """Write a warehouse whose fct_orders has `days[day]` orders on each day, numbered from 0."""
    rows = " union all ".join(
        f"select date '{day}' as order_date, range as order_id from range({count})" for day, count in days.items()
    )
    with duckdb.connect(str(path)) as connection:
        connection.execute("CREATE OR REPLACE TABLE main.dim_sku AS SELECT 'SKU-A' AS sku")
        connection.execute(f"CREATE OR REPLACE TABLE main.fct_orders AS {rows}")


def orders_per_day(path: Path) -> dict:
    with duckdb.connect(str(path), read_only=True) as connection:
        return dict(connection.execute("SELECT order_date, count(*) FROM fct_orders GROUP BY 1 ORDER BY 1").fetchall())


def test_update_replaces_changed_days(tmp_path: Path, caplog):
    warehouse, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    write_daily_orders(warehouse, {"2026-11-01": 2, "2026-11-02": 3, "2026-11-03": 1})
    publish_serving(warehouse, serving, MARTS, {"fct_orders": "order_date"})

    # One day keeps its rows, one gets more, one goes and a new one comes: three changed days.
    write_daily_orders(warehouse, {"2026-11-01": 2, "2026-11-02": 4, "2026-11-04": 5})
    with caplog.at_level("INFO", logger="orchestration.lib.serving"):
        row_counts = publish_serving(warehouse, serving, MARTS, {"fct_orders": "order_date"})

    assert "Replaced 3 changed day(s) of fct_orders" in caplog.text
    assert row_counts == {"dim_sku": 1, "fct_orders": 11}
    assert orders_per_day(serving) == orders_per_day(warehouse)


def test_update_copies_changed_columns(tmp_path: Path):
    warehouse, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    write_warehouse(warehouse, orders=3)
    publish_serving(warehouse, serving, MARTS)

    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("CREATE OR REPLACE TABLE main.dim_sku AS SELECT 'SKU-A' AS sku, 'Mug' AS product_name")
    publish_serving(warehouse, serving, MARTS)

    with duckdb.connect(str(serving), read_only=True) as connection:
        assert connection.execute("SELECT sku, product_name FROM dim_sku").fetchall() == [("SKU-A", "Mug")]


def test_update_drops_former_marts(tmp_path: Path):
    warehouse, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    write_warehouse(warehouse, orders=3)
    publish_serving(warehouse, serving, MARTS)

    publish_serving(warehouse, serving, ("dim_sku",))

    with duckdb.connect(str(serving), read_only=True) as connection:
        assert connection.execute("SELECT table_name FROM duckdb_tables()").fetchall() == [("dim_sku",)]


def test_day_columns_match_daily_marts():
    incremental = {**DAILY_MODELS, **MONTHLY_MODELS}
    daily_marts = {model: column for model, column in incremental.items() if model in MART_TABLES}

    assert MART_DAY_COLUMNS == daily_marts


def stored_days(serving: Path) -> dict:
    with duckdb.connect(str(serving), read_only=True) as connection:
        found = connection.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'publish' AND table_name = 'fct_orders'"
        ).fetchone()[0]
        if not found:
            return {}
        return dict(connection.execute("SELECT day, row_count FROM publish.fct_orders ORDER BY day").fetchall())


def test_update_stores_day_fingerprints(tmp_path: Path):
    warehouse, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    write_daily_orders(warehouse, {"2026-11-01": 2, "2026-11-02": 3})
    publish_serving(warehouse, serving, MARTS, {"fct_orders": "order_date"})
    first = stored_days(serving)

    write_daily_orders(warehouse, {"2026-11-01": 2, "2026-11-02": 4})
    publish_serving(warehouse, serving, MARTS, {"fct_orders": "order_date"})

    # The first publish copies every mart whole and stores their fingerprints too.
    assert first == {date(2026, 11, 1): 2, date(2026, 11, 2): 3}
    assert stored_days(serving) == orders_per_day(warehouse)


def test_update_compares_with_stored_fingerprints(tmp_path: Path, caplog):
    warehouse, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    write_daily_orders(warehouse, {"2026-11-01": 2, "2026-11-02": 3})
    publish_serving(warehouse, serving, MARTS, {"fct_orders": "order_date"})
    # The published rows equal the warehouse's, but the stored fingerprint of
    # 2026-11-02 differs: a publish that reads it replaces that day.
    with duckdb.connect(str(serving)) as connection:
        connection.execute("UPDATE publish.fct_orders SET row_count = 0 WHERE day = DATE '2026-11-02'")

    with caplog.at_level("INFO", logger="orchestration.lib.serving"):
        row_counts = publish_serving(warehouse, serving, MARTS, {"fct_orders": "order_date"})

    assert "Replaced 1 changed day(s) of fct_orders" in caplog.text
    assert row_counts == {"dim_sku": 1, "fct_orders": 5}
    assert orders_per_day(serving) == orders_per_day(warehouse)
    assert stored_days(serving) == orders_per_day(warehouse)


def test_whole_copy_forgets_fingerprints(tmp_path: Path):
    warehouse, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving.duckdb"
    write_daily_orders(warehouse, {"2026-11-01": 2})
    publish_serving(warehouse, serving, MARTS, {"fct_orders": "order_date"})
    assert stored_days(serving) != {}

    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("ALTER TABLE main.fct_orders ADD COLUMN channel VARCHAR DEFAULT 'amazon'")
    publish_serving(warehouse, serving, MARTS, {"fct_orders": "order_date"})

    # Fingerprints of the old columns would not match the new rows' hashes.
    assert stored_days(serving) == {}

"""One real materialization of the whole asset graph on the hand-made landing zone, then a rerun.

Everything runs for real: the readers, the GX checks, `dbt build` into a DuckDB
warehouse, the serving.duckdb publish and the feed files. The module shares one full
run and one ingestion-only rerun, since a dbt build takes most of a minute.
"""

import csv
import os
import re
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.lib.inventory_feeds import AMAZON_HEADER, PUBLISHED_HEADER, SHOPIFY_HEADER
from orchestration.lib.marts import MART_TABLES
from orchestration.lib.run_summary import summarize_run
from orchestration_landing import EXPECTED_ROWS, write_landing
from orchestration_runs import materialization_metadata, materialize_all
from ingestion.schemas import RAW_SCHEMAS

INGESTION_SELECTION = dg.AssetSelection.groups("ingestion")


@pytest.fixture(scope="module")
def data_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pipeline") / "data"
    write_landing(root / "landing")
    return root


@pytest.fixture(scope="module")
def first_run(definitions: dg.Definitions, data_root: Path) -> dg.ExecuteInProcessResult:
    return materialize_all(definitions, data_root)


@pytest.fixture(scope="module")
def second_run(definitions: dg.Definitions, data_root: Path, first_run) -> dg.ExecuteInProcessResult:
    # The first run wrote the published record moments ago; date it past ingestion's minimum file age.
    settled_at = time.time() - 60
    for published in (data_root / "landing" / "published_availability").glob("*"):
        os.utime(published, (settled_at, settled_at))
    return materialize_all(definitions, data_root, selection=INGESTION_SELECTION)


def read_delimited(path: Path, delimiter: str = ",") -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def serving_query(data_root: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(data_root / "serving.duckdb"), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def latest_allocation(data_root: Path, channel: str) -> dict[str, int]:
    rows = serving_query(
        data_root,
        "SELECT sku, allocated FROM fct_channel_allocation "
        f"WHERE channel = '{channel}' AND snapshot_at = (SELECT max(snapshot_at) FROM fct_channel_allocation)",
    )
    return {sku: int(allocated) for sku, allocated in rows}


def test_run_succeeds(first_run):
    failures = [event.step_key for event in first_run.all_events if event.is_step_failure]

    assert first_run.success, f"failed steps: {failures}"


def test_every_check_passes(first_run):
    evaluations = first_run.get_asset_check_evaluations()
    failed = [f"{e.asset_key.to_user_string()}:{e.check_name}" for e in evaluations if not e.passed]
    gx_checks = [e for e in evaluations if e.check_name.startswith("gx_")]
    dbt_checks = [e for e in evaluations if not e.check_name.startswith("gx_")]

    assert failed == []
    assert len(gx_checks) >= len(RAW_SCHEMAS)
    assert dbt_checks, "dbt tests did not run as asset checks"


def test_router_moves_dropped_file(first_run, data_root):
    metadata = materialization_metadata(first_run, "landing_router")

    assert metadata["files_routed"] == 1
    assert metadata["files_quarantined"] == 0
    assert (data_root / "landing" / "products" / "products_2026-11-30.csv").is_file()
    assert not (data_root / "landing" / "products_2026-11-30.csv").exists()


@pytest.mark.parametrize("source", sorted(EXPECTED_ROWS))
def test_ingestion_counts(first_run, source):
    rows_read, rows_loaded, rows_quarantined = EXPECTED_ROWS[source]

    metadata = materialization_metadata(first_run, f"raw/{source}")

    assert metadata["files_loaded"] == 1
    assert metadata["rows_read"] == rows_read
    assert metadata["rows_loaded"] == rows_loaded
    assert metadata["rows_quarantined"] == rows_quarantined
    assert metadata["dagster/row_count"] == rows_loaded


def test_raw_layer_files(first_run, data_root):
    for source in RAW_SCHEMAS:
        names = sorted(path.name for path in (data_root / "raw" / source).glob("*.parquet"))
        expected_count = 2 if source in EXPECTED_ROWS else 1
        assert "_schema.parquet" in names, source
        assert len(names) == expected_count, f"{source}: {names}"


def test_quarantined_row_named(first_run, data_root):
    rejects = list((data_root / "quarantine" / "b2b_orders").glob("*.parquet"))
    assert len(rejects) == 1

    with duckdb.connect() as connection:
        rows = connection.execute(
            "SELECT file_name, line_number, \"column\", value FROM read_parquet(?)", [str(rejects[0])]
        ).fetchall()

    assert rows == [("b2b_orders_2026-11-30.csv", 3, "quantity", "two")]


def test_warehouse_has_every_mart(first_run, data_root):
    with duckdb.connect(str(data_root / "warehouse.duckdb"), read_only=True) as connection:
        tables = {name for (name,) in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()}

    assert set(MART_TABLES) <= tables


def test_serving_row_counts(first_run, data_root):
    metadata = materialization_metadata(first_run, "serving_db")

    for mart in MART_TABLES:
        (count,) = serving_query(data_root, f"SELECT count(*) FROM {mart}")[0]
        assert metadata[f"rows/{mart}"] == count, mart
    # Three products, three locations: the dimensions come straight from the fixture.
    assert metadata["rows/dim_sku"] == 3
    assert metadata["rows/dim_location"] == 3
    assert not list(data_root.glob(".serving.duckdb.*"))


def test_amazon_feed_matches_allocation(first_run, data_root):
    (feed,) = (data_root / "outbox" / "amazon").glob("inventory_loader_*.txt")
    rows = read_delimited(feed, delimiter="\t")
    allocation = latest_allocation(data_root, "amazon")
    seller_skus = {"SKU-A": "AMZ-A", "SKU-B": "AMZ-B", "SKU-C": "AMZ-C"}

    assert tuple(rows[0]) == AMAZON_HEADER
    # The ASIN B000TEST01 maps SKU-A too, but the feed names seller SKUs only.
    assert sorted(row[0] for row in rows[1:]) == ["AMZ-A", "AMZ-B", "AMZ-C"]
    for sku, seller_sku in seller_skus.items():
        (row,) = [row for row in rows[1:] if row[0] == seller_sku]
        assert int(row[4]) == allocation[sku], sku
        assert row[6] == "DEFAULT"


def test_shopify_feed_per_location(first_run, data_root):
    feeds = sorted((data_root / "outbox" / "shopify").glob("inventory_*.csv"))
    allocation = latest_allocation(data_root, "shopify")

    assert [feed.name.split("_")[1] for feed in feeds] == ["WH-EAST", "WH-WEST"]
    totals: dict[str, int] = {}
    for feed in feeds:
        rows = read_delimited(feed)
        assert tuple(rows[0]) == SHOPIFY_HEADER
        for row in rows[1:]:
            totals[row[8]] = totals.get(row[8], 0) + int(row[10])
    # SKU-C has no Shopify variant SKU, so it is in no Shopify feed.
    assert totals == {"SHP-A": allocation["SKU-A"], "SHP-B": allocation["SKU-B"]}


def test_feed_title_neutralised(first_run, data_root):
    titles = {row[1] for feed in (data_root / "outbox" / "shopify").glob("*.csv") for row in read_delimited(feed)[1:]}

    assert "'=Sneaky Mug" in titles
    assert "=Sneaky Mug" not in titles


def test_published_record_landed(first_run, data_root):
    (record,) = (data_root / "landing" / "published_availability").glob("published_*.csv")
    rows = read_delimited(record)
    metadata = materialization_metadata(first_run, "channel_inventory_feeds")

    assert tuple(rows[0]) == PUBLISHED_HEADER
    # Three Amazon listings and two Shopify variants.
    assert sorted((row[1], row[2], row[3]) for row in rows[1:]) == [
        ("amazon", "AMZ-A", "SKU-A"),
        ("amazon", "AMZ-B", "SKU-B"),
        ("amazon", "AMZ-C", "SKU-C"),
        ("shopify", "SHP-A", "SKU-A"),
        ("shopify", "SHP-B", "SKU-B"),
    ]
    assert metadata["rows_published"] == 5
    assert metadata["unmapped_skus/shopify"] == 1


def test_rerun_loads_nothing_twice(second_run, data_root):
    assert second_run.success

    for source in EXPECTED_ROWS:
        metadata = materialization_metadata(second_run, f"raw/{source}")
        assert metadata["files_loaded"] == 0, source
        assert metadata["files_already_loaded"] == 1, source
        assert metadata["rows_loaded"] == 0, source
        assert metadata["dagster/row_count"] == EXPECTED_ROWS[source][1], source
        assert len(list((data_root / "raw" / source).glob("*.parquet"))) == 2, source


def test_rerun_ingests_published_record(second_run):
    metadata = materialization_metadata(second_run, "raw/published_availability")

    assert metadata["files_loaded"] == 1
    assert metadata["rows_loaded"] == 5
    assert metadata["rows_quarantined"] == 0


def test_dbt_row_count_metadata(first_run, data_root):
    metadata = materialization_metadata(first_run, "dim_sku")

    # Three products in the fixture, as in the serving copy of dim_sku.
    assert metadata["dagster/row_count"] == 3


def test_summary_counts_quarantine(first_run, data_root):
    summary = summarize_run(first_run, data_root / "quarantine")

    # b2b_orders: 1 file loaded, 3 rows read, 2 loaded, 1 quarantined (quantity `two`).
    assert re.search(r"^b2b_orders\s+1\s+0\s+0\s+0\s+3\s+2\s+1$", summary, re.MULTILINE), summary
    # Five files of 3 + 6 + 3 + 4 + 3 = 19 rows, of which 18 loaded.
    assert re.search(r"^total\s+5\s+0\s+0\s+0\s+19\s+18\s+1$", summary, re.MULTILINE), summary
    assert "Failed checks:" not in summary
    assert summary.endswith("Run succeeded, but 0 file(s) were rejected and 1 row(s) quarantined.")

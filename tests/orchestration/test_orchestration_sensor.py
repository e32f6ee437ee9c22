"""The landing sensor requests one run per new or changed file, and none for files it has seen."""

import os
import time
from pathlib import Path

import dagster as dg
import pytest

from ingestion.landing import ingest_source
from ingestion.paths import DataPaths
from orchestration.defs.pipeline.sensors import landing_sensor
from orchestration.lib.data_root import DataRootResource


def settled_file(path: Path, text: str, age_seconds: float = 60) -> Path:
    """Write a file and date it in the past, as the sensor skips files still being written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    stamp = time.time() - age_seconds
    os.utime(path, (stamp, stamp))
    return path


def evaluate(root: Path, cursor: str | None) -> dg.SensorResult:
    context = dg.build_sensor_context(cursor=cursor, resources={"data_root": DataRootResource(root=str(root))})
    return landing_sensor(context)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_new_file_requests_run(root):
    settled_file(root / "landing" / "b2b_orders" / "orders.csv", "order_id\n")

    result = evaluate(root, None)

    assert len(result.run_requests) == 1
    assert result.run_requests[0].tags["marketops/trigger"] == "landing_sensor"


def test_seen_file_requests_nothing(root):
    settled_file(root / "landing" / "b2b_orders" / "orders.csv", "order_id\n")
    first = evaluate(root, None)

    second = evaluate(root, first.cursor)

    assert second.run_requests == []
    assert second.cursor == first.cursor


def test_changed_file_requests_run(root):
    path = settled_file(root / "landing" / "b2b_orders" / "orders.csv", "order_id\n")
    first = evaluate(root, None)
    settled_file(path, "order_id\nB2B-9\n", age_seconds=30)

    second = evaluate(root, first.cursor)

    assert len(second.run_requests) == 1
    assert second.run_requests[0].run_key != first.run_requests[0].run_key


def test_routed_file_requests_nothing(root):
    dropped = settled_file(root / "landing" / "export.csv", "sku,title\n")
    first = evaluate(root, None)
    routed = root / "landing" / "products" / "export.csv"
    routed.parent.mkdir(parents=True)
    # The router renames the file, which keeps its modification time and size.
    os.replace(dropped, routed)

    second = evaluate(root, first.cursor)

    assert len(first.run_requests) == 1
    assert second.run_requests == []


def test_own_writeback_requests_nothing(root):
    settled_file(root / "landing" / "published_availability" / "published_20261130T060000Z_abc.csv", "x\n")

    result = evaluate(root, None)

    assert result.run_requests == []


def test_unsettled_and_hidden_files_wait(root):
    fresh = root / "landing" / "b2b_orders" / "orders.csv"
    fresh.parent.mkdir(parents=True)
    fresh.write_text("order_id\n", encoding="utf-8")
    settled_file(root / "landing" / "b2b_orders" / ".orders.csv.tmp", "order_id\n")

    result = evaluate(root, None)

    assert result.run_requests == []


def test_ingested_file_requests_nothing(root):
    # A pipeline run outside the sensor (make pipeline) loaded the file already,
    # and the sensor then starts with no cursor.
    settled_file(root / "landing" / "locations" / "locations.csv", LOCATIONS_CSV)
    report = ingest_source(DataPaths(root), "locations")
    assert report.totals()["files_loaded"] == 1

    result = evaluate(root, None)

    assert result.run_requests == []
    assert "locations/locations.csv" in result.cursor


def test_ingested_dated_fba_report_requests_nothing(root):
    # The FBA report's identity includes the date in its name, not only its bytes.
    settled_file(root / "landing" / "amazon_fba_inventory" / "fba_inventory_2026-11-30.txt", FBA_REPORT)
    report = ingest_source(DataPaths(root), "amazon_fba_inventory")
    assert report.totals()["files_loaded"] == 1

    result = evaluate(root, None)

    assert result.run_requests == []


def test_partial_download_requests_nothing(root):
    settled_file(root / "landing" / "b2b_orders" / "orders.csv.part", "order_id\n")

    result = evaluate(root, None)

    assert result.run_requests == []


LOCATIONS_CSV = "location_id,name,location_type,channel,timezone,country\nWH-EAST,East,warehouse,,America/New_York,US\n"

FBA_COLUMNS = (
    "sku fnsku asin product-name condition your-price mfn-listing-exists mfn-fulfillable-quantity "
    "afn-listing-exists afn-warehouse-quantity afn-fulfillable-quantity afn-unsellable-quantity "
    "afn-reserved-quantity afn-total-quantity per-unit-volume afn-inbound-working-quantity "
    "afn-inbound-shipped-quantity afn-inbound-receiving-quantity afn-researching-quantity "
    "afn-reserved-future-supply afn-future-supply-buyable"
).split()
FBA_VALUES = ["SKU-A", "X001", "B001", "Mug", "New", "9.99", "No", "0", "Yes", "5", "4", "1", "0", "5", "0.1"]
FBA_REPORT = "\t".join(FBA_COLUMNS) + "\n" + "\t".join(FBA_VALUES + ["0"] * 6) + "\n"

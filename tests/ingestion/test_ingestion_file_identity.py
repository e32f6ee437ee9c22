"""File identity and crash safety: FBA dates in file names, loads that stopped part way."""

import duckdb
import pyarrow.parquet as pq
import pytest

import ingestion.landing as landing
from ingestion.landing import ingest_source
from ingestion.raw_store import read_file_metadata
from ingestion.report import ALREADY_LOADED, ALREADY_REJECTED, LOADED, REJECTED_FILE
from ingestion_helpers import tsv

FBA_HEADER = ["sku", "fnsku", "asin", "afn-fulfillable-quantity"]
FBA_REPORT = tsv(FBA_HEADER, ["APP-0001", "X001", "B001", "7"])

# Line 2 loads; line 3 is quarantined because "five" is not a whole number.
B2B_ORDERS = (
    "order_id,line_number,account_id,ordered_at,ship_by_date,shipped_at,status,sku,quantity,unit_price,currency,"
    "cancel_reason\n"
    "PO-1,1,ACME,2026-03-01T10:00:00+00:00,2026-03-03,,accepted,APP-0001,2,9.50,USD,\n"
    "PO-1,2,ACME,2026-03-01T10:00:00+00:00,2026-03-03,,accepted,APP-0002,five,9.50,USD,\n"
).encode()


def land(paths, source: str, name: str, data: bytes) -> None:
    folder = paths.landing_dir(source)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def snapshot_days(paths) -> list[str]:
    pattern = paths.raw_dir("amazon_fba_inventory") / "*.parquet"
    query = f"SELECT DISTINCT strftime(snapshot_at AT TIME ZONE 'UTC', '%Y-%m-%d') FROM read_parquet('{pattern}') ORDER BY 1"
    return [row[0] for row in duckdb.sql(query).fetchall()]


def test_fba_same_bytes_other_dates_load(data_paths):
    land(data_paths, "amazon_fba_inventory", "fba_2026-03-01.txt", FBA_REPORT)
    land(data_paths, "amazon_fba_inventory", "fba_20260308083000.txt", FBA_REPORT)
    report = ingest_source(data_paths, "amazon_fba_inventory")

    assert [outcome.status for outcome in report.files] == [LOADED, LOADED]
    assert report.files[0].sha256 != report.files[1].sha256
    assert snapshot_days(data_paths) == ["2026-03-01", "2026-03-08"]


def test_fba_same_bytes_same_date_load_once(data_paths):
    land(data_paths, "amazon_fba_inventory", "fba_2026-03-01.txt", FBA_REPORT)
    land(data_paths, "amazon_fba_inventory", "copy_20260301.txt", FBA_REPORT)
    report = ingest_source(data_paths, "amazon_fba_inventory")

    statuses = sorted(outcome.status for outcome in report.files)
    assert statuses == [ALREADY_LOADED, LOADED]
    assert report.totals()["rows_loaded"] == 1


def test_rejects_without_raw_file_read_again(data_paths):
    # A load that stopped after its rejects were written but before the raw file.
    land(data_paths, "b2b_orders", "po.csv", B2B_ORDERS)
    first = ingest_source(data_paths, "b2b_orders").files[0]
    raw_file = data_paths.raw_dir("b2b_orders") / f"{first.sha256}.parquet"
    raw_file.unlink()

    again = ingest_source(data_paths, "b2b_orders").files[0]
    assert (again.status, again.rows_loaded, again.rows_quarantined) == (LOADED, 1, 1)
    assert pq.read_table(raw_file).column("sku").to_pylist() == ["APP-0001"]


def test_failed_raw_write_leaves_no_rejects(data_paths, monkeypatch):
    land(data_paths, "b2b_orders", "po.csv", B2B_ORDERS)
    real_write = landing.write_parquet_temp

    def fail_on_raw(table, destination, metadata):
        if destination.parent == data_paths.raw_dir("b2b_orders"):
            raise OSError(28, "No space left on device")
        return real_write(table, destination, metadata)

    monkeypatch.setattr(landing, "write_parquet_temp", fail_on_raw)
    with pytest.raises(OSError, match="No space left"):
        ingest_source(data_paths, "b2b_orders")
    monkeypatch.setattr(landing, "write_parquet_temp", real_write)

    quarantine = data_paths.quarantine_dir("b2b_orders")
    assert not quarantine.exists() or not any(quarantine.iterdir())
    outcome = ingest_source(data_paths, "b2b_orders").files[0]
    assert (outcome.status, outcome.rows_loaded, outcome.rows_quarantined) == (LOADED, 1, 1)


def test_rejected_file_stays_rejected(data_paths):
    land(data_paths, "b2b_orders", "empty.csv", b"\n")
    first = ingest_source(data_paths, "b2b_orders").files[0]
    rejects = data_paths.quarantine_dir("b2b_orders") / f"{first.sha256}.parquet"

    assert read_file_metadata(rejects)["status"] == REJECTED_FILE
    again = ingest_source(data_paths, "b2b_orders").files[0]
    assert (again.status, again.reason) == (ALREADY_REJECTED, first.reason)

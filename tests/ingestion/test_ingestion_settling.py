"""Files still being written: too young, partial-download names, changing during the read."""

import os
import time
from pathlib import Path

import pytest

import ingestion.landing as landing
from ingestion.landing import ingest_source, route_landing_root
from ingestion.report import LOADED, NOT_SETTLED
from ingestion.settling import MIN_FILE_AGE_ENV, min_file_age

PRODUCTS = b"sku,title,category,unit_cost,cost_currency,safety_stock\n0042,Mug,kitchen,2.50,USD,4\n"


def land(paths, name: str, age_seconds: float) -> Path:
    folder = paths.landing_dir("products")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(PRODUCTS)
    moment = time.time() - age_seconds
    os.utime(path, (moment, moment))
    return path


def test_young_file_waits(data_paths, monkeypatch, caplog):
    monkeypatch.setenv(MIN_FILE_AGE_ENV, "30")
    land(data_paths, "young.csv", age_seconds=5)
    land(data_paths, "old.csv", age_seconds=60)
    report = ingest_source(data_paths, "products")
    statuses = {outcome.file_name: outcome.status for outcome in report.files}

    assert statuses == {"old.csv": LOADED, "young.csv": NOT_SETTLED}
    assert "minimum age of 30 s" in report.files[1].reason
    assert report.totals()["files"] == 1
    assert report.totals()["files_not_settled"] == 1
    assert report.totals()["rows_read"] == 1
    assert "young.csv" in caplog.text


def test_young_file_loads_later(data_paths, monkeypatch):
    monkeypatch.setenv(MIN_FILE_AGE_ENV, "30")
    path = land(data_paths, "young.csv", age_seconds=5)
    assert ingest_source(data_paths, "products").files[0].status == NOT_SETTLED

    moment = time.time() - 60
    os.utime(path, (moment, moment))
    assert ingest_source(data_paths, "products").files[0].status == LOADED


def test_default_age_applies(data_paths, monkeypatch):
    monkeypatch.delenv(MIN_FILE_AGE_ENV)
    land(data_paths, "fresh.csv", age_seconds=0)
    assert min_file_age() == 2.0
    assert ingest_source(data_paths, "products").files[0].status == NOT_SETTLED


@pytest.mark.parametrize("value", ["soon", "-1", "nan"])
def test_invalid_age_setting_raises(monkeypatch, value):
    monkeypatch.setenv(MIN_FILE_AGE_ENV, value)
    with pytest.raises(ValueError, match=MIN_FILE_AGE_ENV):
        min_file_age()


@pytest.mark.parametrize("suffix", [".part", ".partial", ".tmp", ".crdownload", ".download", ".CSV.PART"])
def test_partial_download_waits(data_paths, suffix):
    land(data_paths, f"products.csv{suffix}", age_seconds=60)
    outcome = ingest_source(data_paths, "products").files[0]

    assert outcome.status == NOT_SETTLED
    assert "partial download" in outcome.reason
    assert list(data_paths.raw_dir("products").glob("*.parquet"))[0].name == "_schema.parquet"


def test_file_growing_during_read_waits(data_paths, monkeypatch):
    # The file grows between the first stat and the read, as a copy in progress does.
    path = land(data_paths, "growing.csv", age_seconds=60)
    real_unsettled_reason = landing.unsettled_reason

    def append_after_check(checked, status):
        reason = real_unsettled_reason(checked, status)
        with open(checked, "ab") as handle:
            handle.write(b"0043,Cup,kitchen,1.25,USD,2\n")
        return reason

    monkeypatch.setattr(landing, "unsettled_reason", append_after_check)
    outcome = ingest_source(data_paths, "products").files[0]

    assert outcome.status == NOT_SETTLED
    assert "changed while it was read" in outcome.reason
    assert path.stat().st_size > len(PRODUCTS)


def test_young_dropped_file_not_routed(data_paths, monkeypatch):
    monkeypatch.setenv(MIN_FILE_AGE_ENV, "30")
    (data_paths.landing / "drop.csv").write_bytes(PRODUCTS)
    outcome = route_landing_root(data_paths)[0]

    assert outcome.status == NOT_SETTLED
    assert (data_paths.landing / "drop.csv").exists()

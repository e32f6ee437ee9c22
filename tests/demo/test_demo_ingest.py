"""The readers load the whole small demo with nothing quarantined."""

import os
import shutil
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingestion.landing import ingest_source
from ingestion.paths import DataPaths
from ingestion.sources import SOURCES


@pytest.fixture(scope="module")
def landed(small_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[DataPaths, dict]:
    """Copy the demo into a fresh landing zone, ingest every source, return the reports."""
    root = tmp_path_factory.mktemp("data_root")
    shutil.copytree(small_demo, root / "landing", ignore=shutil.ignore_patterns(".demo_manifest.json"))
    # The demo was generated moments ago; date it past ingestion's minimum file age.
    settled_at = time.time() - 60
    for landed_file in (root / "landing").rglob("*"):
        os.utime(landed_file, (settled_at, settled_at))
    paths = DataPaths(root.resolve())
    paths.ensure()
    reports = {source: ingest_source(paths, source) for source in SOURCES}
    return paths, reports


def test_every_demo_source_has_a_reader(manifest):
    demo_sources = {name.split("/", 1)[0] for name in manifest["files"]}
    assert demo_sources <= set(SOURCES)


def test_no_row_quarantined(landed, manifest):
    _, reports = landed
    assert manifest["expected_read_rejects"] == 0
    for source, report in reports.items():
        for outcome in report.files:
            assert outcome.status == "loaded", (source, outcome.file_name, outcome.reason)
            assert outcome.rows_quarantined == 0, (source, outcome.file_name)
            assert outcome.rows_loaded == outcome.rows_read, (source, outcome.file_name)


def test_rows_read_match_manifest(landed, manifest):
    _, reports = landed
    for source, report in reports.items():
        for outcome in report.files:
            assert outcome.rows_read == manifest["files"][f"{source}/{outcome.file_name}"], outcome.file_name


def test_raw_settlements_sum_to_totals(landed):
    paths, _ = landed
    rows = duckdb.sql(f"""
        SELECT settlement_id, any_value(total_amount) AS total,
               sum(amount) FILTER (WHERE record_type = 'detail') AS details
        FROM read_parquet('{paths.raw_dir("amazon_settlements")}/*.parquet')
        GROUP BY settlement_id
    """).fetchall()
    assert rows
    for settlement_id, total, details in rows:
        assert Decimal(details) == Decimal(total), settlement_id

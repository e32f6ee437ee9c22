"""The same reports delivered 100 times count once, in the raw layer and in the marts.

Each public sample report is delivered 100 times under 100 names, across several
ingestion runs. Its own name is then delivered 100 times more: each rewrite has the
same bytes and a new modification time, so the landed-file index does not know it
and the file is read and hashed again. Ten more copies come through routing from the
top of `landing/`. The marts must equal the ones built from one delivery, which
`test_dbt_real_reports` also checks.
"""

import os
import shutil
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from dbt_builds import build_warehouse, copy_real_reports
from ingestion.landing import ingest_file, ingest_source, route_landing_root
from ingestion.paths import DataPaths
from ingestion.report import ALREADY_LOADED, ROUTED
from ingestion.schemas import RAW_SCHEMAS

pytestmark = pytest.mark.real_data

DELIVERIES = 100
SOURCES = ("amazon_settlements", "shopify_orders", "shopify_payments")


def settle(root: Path) -> None:
    """Set every landed file's modification time a minute back, past ingestion's minimum age."""
    settled_at = time.time() - 60
    for landed in (root / "landing").rglob("*"):
        if landed.is_file():
            os.utime(landed, (settled_at, settled_at))


def raw_rows(paths: DataPaths, source: str) -> tuple[int, int]:
    """Count the raw Parquet files (schema file excluded) and their rows for one source."""
    files = [p for p in paths.raw_dir(source).glob("*.parquet") if p.name != "_schema.parquet"]
    if not files:
        return 0, 0
    with duckdb.connect() as connection:
        rows = connection.execute("SELECT count(*) FROM read_parquet(?)", [[str(p) for p in files]]).fetchone()[0]
    return len(files), rows


@pytest.fixture(scope="module")
def redelivered(real_data, tmp_path_factory):
    """Land the sample reports once, then 100 times more, and build; return the counts and the warehouse."""
    root = tmp_path_factory.mktemp("redelivered")
    copy_real_reports(real_data, root)
    paths = DataPaths(root)
    paths.ensure()
    originals = sorted(p for p in (root / "landing").rglob("*") if p.is_file())
    settle(root)
    first = {source: ingest_source(paths, source) for source in RAW_SCHEMAS}
    once = {source: raw_rows(paths, source) for source in SOURCES}

    # The same bytes under 99 more names, read over three runs.
    for copy_number in range(1, DELIVERIES):
        for original in originals:
            shutil.copyfile(original, original.with_name(f"{original.stem}.copy{copy_number:03d}{original.suffix}"))
    settle(root)
    later_runs = [{source: ingest_source(paths, source) for source in SOURCES} for _ in range(3)]

    # The same name 100 times: each rewrite gets a new modification time, so it is read and hashed again.
    rewrites = []
    for _ in range(DELIVERIES):
        for original in originals:
            original.write_bytes(original.read_bytes())
            os.utime(original, (time.time() - 60, time.time() - 60))
            rewrites.append(ingest_file(paths, original.parent.name, original.name))

    # The same files dropped at the top of landing/ and routed, ten times.
    routed = []
    for _ in range(10):
        for original in originals:
            shutil.copyfile(original, paths.landing / original.name)
        settle(root)
        routed.extend(route_landing_root(paths))
        later_runs.append({source: ingest_source(paths, source) for source in SOURCES})

    warehouse = build_warehouse(root, tmp_path_factory.mktemp("redelivered_dbt"), "--exclude", "test_type:unit")
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield {
        "paths": paths,
        "originals": originals,
        "first": first,
        "once": once,
        "later_runs": later_runs,
        "rewrites": rewrites,
        "routed": routed,
        "warehouse": connection,
    }
    connection.close()


def test_first_delivery_loaded(redelivered):
    for source in SOURCES:
        report = redelivered["first"][source]
        files, rows = redelivered["once"][source]

        assert report.totals()["files_loaded"] == files > 0
        assert rows > 0


def test_raw_layer_counts_once(redelivered):
    paths = redelivered["paths"]
    for source in SOURCES:
        assert raw_rows(paths, source) == redelivered["once"][source], source


def test_later_runs_read_nothing(redelivered):
    landed = sum(len(list((redelivered["paths"].landing_dir(source)).iterdir())) for source in SOURCES)

    assert landed >= DELIVERIES * len(redelivered["originals"])
    for run in redelivered["later_runs"]:
        for source, report in run.items():
            totals = report.totals()
            assert totals["files_loaded"] == 0, source
            assert totals["files_rejected"] == 0, source
            assert (totals["rows_read"], totals["rows_loaded"], totals["rows_quarantined"]) == (0, 0, 0), source


def test_rewrites_already_loaded(redelivered):
    rewrites = redelivered["rewrites"]

    assert len(rewrites) == DELIVERIES * len(redelivered["originals"])
    assert {outcome.status for outcome in rewrites} == {ALREADY_LOADED}


def test_dropped_copies_routed(redelivered):
    assert len(redelivered["routed"]) == 10 * len(redelivered["originals"])
    assert {outcome.status for outcome in redelivered["routed"]} == {ROUTED}
    assert not any(p.is_file() for p in redelivered["paths"].landing.iterdir())


def test_settlement_lines_counted_once(redelivered):
    rows = redelivered["warehouse"].execute(
        """
        select currency, summary_total, line_total, line_count, is_reconciled
        from fct_settlement_recon where channel = 'amazon' order by line_count desc
        """
    ).fetchall()

    # The two sample settlements' own summary totals and detail-row counts, once each.
    assert rows == [
        ("CAD", Decimal("1016.08"), Decimal("1016.08"), 189, True),
        ("CAD", Decimal("-321.69"), Decimal("-321.69"), 3, True),
    ]


def test_shopify_orders_counted_once(redelivered):
    count, total = redelivered["warehouse"].execute(
        "select count(*), sum(order_total) from fct_orders where channel = 'shopify'"
    ).fetchone()

    # The two sample exports hold 5 and 50 orders totalling 7,700.00 and 75,300.00 BDT.
    assert count == 55
    assert total == Decimal("83000.00")

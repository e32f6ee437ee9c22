"""Leftovers of a killed process: temporary files and a landed-index line cut short."""

import os
import subprocess
import sys

import duckdb

from ingestion.landed_index import index_path, known_identity, record_loaded
from ingestion.landing import ingest_source
from ingestion.paths import DataPaths
from ingestion.stale_temps import remove_stale_temps, temp_prefix
from orchestration.lib.serving import publish_serving


def dead_pid() -> int:
    """Return the id of a process that has exited."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_stale_temp_of_dead_process_removed(tmp_path):
    stale = tmp_path / f".abc.{dead_pid()}.x1y2z3.tmp"
    stale.write_bytes(b"half a parquet")
    stale_wal = tmp_path / f".serving.duckdb.{dead_pid()}.feed.tmp.wal"
    stale_wal.write_bytes(b"wal")

    removed = remove_stale_temps(tmp_path)

    assert sorted(removed) == sorted([stale, stale_wal])
    assert not stale.exists()
    assert not stale_wal.exists()


def test_temp_of_live_process_kept(tmp_path):
    own = tmp_path / f"{temp_prefix('abc')}x1y2z3.tmp"
    own.write_bytes(b"being written")
    landed_like = tmp_path / "report.tmp"
    landed_like.write_bytes(b"not a temporary file of ours")

    assert remove_stale_temps(tmp_path) == []
    assert own.exists()
    assert landed_like.exists()


def test_publish_removes_dead_staging_file(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("CREATE TABLE dim_sku AS SELECT 'SKU-1' AS sku")
    serving = tmp_path / "serving.duckdb"
    staging = tmp_path / f".serving.duckdb.{dead_pid()}.0123abcd.tmp"
    staging.write_bytes(b"a publish killed before its rename")

    publish_serving(warehouse, serving, ("dim_sku",))

    assert not staging.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["serving.duckdb", "warehouse.duckdb"]


def test_ingestion_removes_dead_raw_temp(tmp_path):
    paths = DataPaths(tmp_path)
    paths.ensure()
    raw_dir = paths.raw_dir("products")
    raw_dir.mkdir(parents=True)
    stale = raw_dir / f".{'a' * 64}.{dead_pid()}.k2j4h6.tmp"
    stale.write_bytes(b"half a parquet")

    ingest_source(paths, "products")

    assert not stale.exists()


def test_index_line_cut_short_not_merged(tmp_path):
    landed = tmp_path / "orders.csv"
    landed.write_text("a\n", encoding="utf-8")
    status = os.stat(landed)
    # A process killed mid-append left a line without its identity or newline.
    index_path(tmp_path).write_text("earlier.csv\t10\t1700000000", encoding="utf-8")

    record_loaded(tmp_path, "orders.csv", status, "f" * 64)

    lines = index_path(tmp_path).read_text(encoding="utf-8").split("\n")
    assert lines[0] == "earlier.csv\t10\t1700000000"
    assert lines[1] == f"orders.csv\t{status.st_size}\t{status.st_mtime_ns}\t{'f' * 64}"
    assert known_identity(tmp_path, "orders.csv", status) == "f" * 64


def test_index_appends_after_whole_line(tmp_path):
    landed = tmp_path / "orders.csv"
    landed.write_text("a\n", encoding="utf-8")
    status = os.stat(landed)

    record_loaded(tmp_path, "orders.csv", status, "a" * 64)
    record_loaded(tmp_path, "orders.csv", status, "b" * 64)

    text = index_path(tmp_path).read_text(encoding="utf-8")
    assert text.count("\n") == 2
    assert "\n\n" not in text
    assert known_identity(tmp_path, "orders.csv", status) == "b" * 64


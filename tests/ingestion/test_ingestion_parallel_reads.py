"""Files parsed side by side: the raw layer, the index and the report match one reader's."""

import pyarrow.parquet as pq
import pytest

from ingestion.landed_index import index_path
from ingestion.landing import READ_WORKERS_ENV, ingest_source, read_workers
from ingestion.paths import DataPaths
from ingestion.report import ALREADY_LOADED, LOADED, REJECTED_FILE

HEADER = (
    "order_id,line_number,account_id,ordered_at,ship_by_date,shipped_at,status,sku,quantity,unit_price,currency,"
    "cancel_reason\n"
)


def order_file(number: int, quantity: str = "2") -> bytes:
    return (HEADER + f"PO-{number},1,ACME,2026-03-01T10:00:00+00:00,2026-03-03,,accepted,APP-0001,{quantity},9.50,USD,\n").encode()


def land_batch(paths: DataPaths) -> None:
    """Eight files in name order: six orders, a copy of the second's bytes, and one rejected whole."""
    folder = paths.landing_dir("b2b_orders")
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, 7):
        # Order 4 has a quantity that is not a number, so its one line is quarantined.
        (folder / f"orders_{number}.csv").write_bytes(order_file(number, "four" if number == 4 else "2"))
    (folder / "orders_2_copy.csv").write_bytes(order_file(2))
    (folder / "orders_9_bad.csv").write_bytes(b"not,an,order,export\n1,2,3,4\n")


def outcomes(report) -> list[tuple]:
    return [(o.file_name, o.status, o.sha256, o.rows_read, o.rows_loaded, o.rows_quarantined) for o in report.files]


def raw_rows(paths: DataPaths) -> list[tuple]:
    rows = []
    for raw_file in sorted(paths.raw_dir("b2b_orders").glob("*.parquet")):
        table = pq.read_table(raw_file, columns=["order_id", "quantity", "_file_name"])
        rows.extend(zip(*(table.column(name).to_pylist() for name in table.column_names)))
    return sorted(rows)


def ingest_with(tmp_path, monkeypatch, workers: str, folder: str):
    root = tmp_path / folder
    monkeypatch.setenv("MARKETOPS_DATA_DIR", str(root))
    monkeypatch.setenv(READ_WORKERS_ENV, workers)
    paths = DataPaths.from_env()
    paths.ensure()
    land_batch(paths)
    return paths, ingest_source(paths, "b2b_orders")


def test_side_by_side_equals_one_reader(tmp_path, monkeypatch, data_paths):
    single_paths, single = ingest_with(tmp_path, monkeypatch, "1", "one_reader")
    three_paths, three = ingest_with(tmp_path, monkeypatch, "3", "three_readers")

    assert outcomes(three) == outcomes(single)
    assert raw_rows(three_paths) == raw_rows(single_paths)
    assert index_path(three_paths.raw_dir("b2b_orders")).read_text().count("\n") == 8


def test_side_by_side_statuses_and_counts(tmp_path, monkeypatch, data_paths):
    _paths, report = ingest_with(tmp_path, monkeypatch, "3", "statuses")

    statuses = {outcome.file_name: outcome.status for outcome in report.files}
    # The copy comes after orders_2.csv in name order, so the copy is the one skipped.
    assert statuses["orders_2.csv"] == LOADED
    assert statuses["orders_2_copy.csv"] == ALREADY_LOADED
    assert statuses["orders_9_bad.csv"] == REJECTED_FILE
    # Orders 1, 2, 3, 5 and 6 load one line each; order 4's line and the bad file's one
    # data line are quarantined.
    totals = report.totals()
    assert totals["rows_loaded"] == 5
    assert totals["rows_quarantined"] == 2


def test_read_workers_setting(monkeypatch):
    monkeypatch.delenv(READ_WORKERS_ENV, raising=False)
    assert read_workers() == 2
    monkeypatch.setenv(READ_WORKERS_ENV, "4")
    assert read_workers() == 4
    monkeypatch.setenv(READ_WORKERS_ENV, "0")
    with pytest.raises(ValueError, match="MARKETOPS_INGEST_WORKERS must be a whole number of at least 1, not '0'"):
        read_workers()

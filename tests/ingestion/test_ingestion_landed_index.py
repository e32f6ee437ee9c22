"""The landed-file index: a file loaded once is not read again while its name, size and time stand."""

import os

from ingestion.landed_index import index_path
from ingestion.landing import ingest_source
from ingestion.report import ALREADY_LOADED, LOADED

HEADER = "order_id,line_number,account_id,ordered_at,ship_by_date,shipped_at,status,sku,quantity,unit_price,currency,cancel_reason\n"
LINE = "PO-1,1,ACME,2026-03-01T10:00:00+00:00,2026-03-03,,accepted,APP-0001,2,9.50,USD,\n"


def land_b2b(paths, name: str, text: str) -> os.stat_result:
    folder = paths.landing_dir("b2b_orders")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path.stat()


def test_loaded_file_not_read_again(data_paths):
    status = land_b2b(data_paths, "orders.csv", HEADER + LINE)
    first = ingest_source(data_paths, "b2b_orders")
    # Same size and modification time, other bytes: a file that was read would now be
    # a new identity and load again, so loading nothing proves it was not read.
    path = data_paths.landing_dir("b2b_orders") / "orders.csv"
    path.write_text(HEADER + LINE.replace("PO-1", "PO-2"), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))

    second = ingest_source(data_paths, "b2b_orders")

    assert [outcome.status for outcome in first.files] == [LOADED]
    assert [outcome.status for outcome in second.files] == [ALREADY_LOADED]
    assert second.files[0].sha256 == first.files[0].sha256
    assert second.files[0].rows_loaded == 1
    assert index_path(data_paths.raw_dir("b2b_orders")).exists()


def test_replaced_file_read_again(data_paths):
    land_b2b(data_paths, "orders.csv", HEADER + LINE)
    first = ingest_source(data_paths, "b2b_orders")
    land_b2b(data_paths, "orders.csv", HEADER + LINE + LINE.replace("PO-1", "PO-2"))

    second = ingest_source(data_paths, "b2b_orders")

    assert [outcome.status for outcome in second.files] == [LOADED]
    assert second.files[0].sha256 != first.files[0].sha256
    assert second.files[0].rows_loaded == 2


def test_deleted_raw_file_loads_again(data_paths):
    land_b2b(data_paths, "orders.csv", HEADER + LINE)
    first = ingest_source(data_paths, "b2b_orders")
    (data_paths.raw_dir("b2b_orders") / f"{first.files[0].sha256}.parquet").unlink()

    second = ingest_source(data_paths, "b2b_orders")

    assert [outcome.status for outcome in second.files] == [LOADED]

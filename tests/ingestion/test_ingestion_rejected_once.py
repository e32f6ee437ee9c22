"""A file rejected whole and left in landing/ counts once, however many runs see it."""

import pyarrow.parquet as pq

from ingestion.cli import main
from ingestion.landing import ingest_source
from ingestion.report import ALREADY_REJECTED, LOADED, REJECTED_FILE

HEADER = b"order_id,line_number,account_id,ordered_at,status,sku,quantity,unit_price,currency\n"
# Three data lines whose byte 0x81 is neither UTF-8 nor cp1252, so the whole file is rejected.
BROKEN = HEADER + b"\x81\n\x81\n\x81\n"
B2B = HEADER + b"B-1,1,ACME,2026-03-01T09:00:00Z,accepted,SKU-1,2,10.00,USD\n"


def land(paths, name: str, data: bytes) -> None:
    folder = paths.landing_dir("b2b_orders")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def test_rejected_file_counted_once(data_paths):
    land(data_paths, "broken.csv", BROKEN)

    first = ingest_source(data_paths, "b2b_orders")
    runs = [ingest_source(data_paths, "b2b_orders") for _ in range(3)]

    assert [o.status for o in first.files] == [REJECTED_FILE]
    assert (first.rows_read, first.rows_quarantined) == (3, 3)
    for later in runs:
        assert [o.status for o in later.files] == [ALREADY_REJECTED]
        assert later.files[0].reason == first.files[0].reason
        assert later.totals()["files_rejected"] == 0
        assert later.totals()["files_already_rejected"] == 1
        assert (later.rows_read, later.rows_quarantined) == (0, 0)
    rejects = list(data_paths.quarantine_dir("b2b_orders").glob("*.parquet"))
    assert len(rejects) == 1
    assert pq.read_table(rejects[0]).num_rows == 3


def test_rejected_file_not_read_again(data_paths, monkeypatch):
    land(data_paths, "broken.csv", BROKEN)
    ingest_source(data_paths, "b2b_orders")

    opened = []
    real_read_bytes = type(data_paths.root).read_bytes
    monkeypatch.setattr(type(data_paths.root), "read_bytes", lambda path: opened.append(path.name) or real_read_bytes(path))
    again = ingest_source(data_paths, "b2b_orders")

    assert [o.status for o in again.files] == [ALREADY_REJECTED]
    assert "broken.csv" not in opened


def test_changed_file_read_again(data_paths):
    land(data_paths, "orders.csv", BROKEN)
    first = ingest_source(data_paths, "b2b_orders").files[0]
    landed = data_paths.landing_dir("b2b_orders") / "orders.csv"
    # A new size, so the landed-file index takes it for another file even within one mtime tick.
    landed.write_bytes(B2B)

    fixed = ingest_source(data_paths, "b2b_orders").files[0]

    assert first.status == REJECTED_FILE
    assert (fixed.status, fixed.rows_loaded, fixed.rows_quarantined) == (LOADED, 1, 0)
    assert fixed.sha256 != first.sha256


def test_same_bytes_new_name_counted_once(data_paths):
    land(data_paths, "broken.csv", BROKEN)
    ingest_source(data_paths, "b2b_orders")
    land(data_paths, "broken-again.csv", BROKEN)

    again = ingest_source(data_paths, "b2b_orders")

    assert {o.file_name: o.status for o in again.files} == {
        "broken-again.csv": ALREADY_REJECTED,
        "broken.csv": ALREADY_REJECTED,
    }
    assert again.rows_read == 0


def test_cli_fails_once_then_warns(data_paths, capsys):
    land(data_paths, "broken.csv", BROKEN)

    first = main(["ingest", "--source", "b2b_orders"])
    capsys.readouterr()
    second = main(["ingest", "--source", "b2b_orders"])
    output = capsys.readouterr().out

    assert first == 1
    assert second == 0
    assert "b2b_orders/broken.csv was rejected in an earlier run" in output

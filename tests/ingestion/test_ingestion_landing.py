"""The landing zone: raw Parquet, idempotence, quarantine, routing and path safety."""

import os
import shutil

import duckdb
import pyarrow.parquet as pq
import pytest

from ingestion.landing import ingest_file, ingest_source, route_landing_root
from ingestion.raw_store import read_file_metadata
from ingestion.report import ALREADY_LOADED, ALREADY_REJECTED, LEFT_IN_PLACE, LOADED, NOT_READ, QUARANTINED, REJECTED_FILE, ROUTED
from ingestion.safe_paths import UnsafePathError
from ingestion.schemas import raw_schema

PRODUCTS = (
    "sku,title,category,unit_cost,cost_currency,safety_stock\n"
    "007,Mug,kitchen,2.50,USD,4\n"
    "008,Pen,office,abc,USD,1\n"
    "\n"
    "009,Cup,kitchen,1.25,USD,2\n"
).encode()


def land(paths, source: str, name: str, data: bytes):
    folder = paths.landing_dir(source)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def test_loads_raw_parquet_with_lineage(data_paths):
    land(data_paths, "products", "products.csv", PRODUCTS)
    report = ingest_source(data_paths, "products")
    outcome = report.files[0]

    assert outcome.status == LOADED
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_quarantined) == (3, 2, 1)
    raw_file = data_paths.raw_dir("products") / f"{outcome.sha256}.parquet"
    table = pq.read_table(raw_file)
    assert table.schema.remove_metadata() == raw_schema("products")
    assert table.column("sku").to_pylist() == ["007", "009"]
    assert table.column("_line_number").to_pylist() == [2, 5]
    assert set(table.column("_file_name").to_pylist()) == {"products.csv"}
    assert set(table.column("_file_sha256").to_pylist()) == {outcome.sha256}
    assert read_file_metadata(raw_file)["rows_quarantined"] == "1"

    rejects = pq.read_table(data_paths.quarantine_dir("products") / f"{outcome.sha256}.parquet")
    assert rejects.column("line_number").to_pylist() == [3]
    assert rejects.column("column").to_pylist() == ["unit_cost"]
    assert rejects.column("value").to_pylist() == ["abc"]


def test_landing_twice_loads_once(data_paths):
    land(data_paths, "products", "products.csv", PRODUCTS)
    first = ingest_source(data_paths, "products")
    land(data_paths, "products", "products-copy.csv", PRODUCTS)
    second = ingest_source(data_paths, "products")

    assert [f.status for f in second.files] == [ALREADY_LOADED, ALREADY_LOADED]
    assert second.files[0].rows_loaded == first.files[0].rows_loaded == 2
    assert second.totals()["rows_loaded"] == 0
    raw_files = {p.name for p in data_paths.raw_dir("products").glob("*.parquet")}
    assert raw_files == {"_schema.parquet", f"{first.files[0].sha256}.parquet"}
    count = duckdb.sql(f"SELECT count(*) FROM read_parquet('{data_paths.raw_dir('products')}/*.parquet')")
    assert count.fetchall()[0][0] == 2


def test_schema_file_for_empty_source(data_paths):
    report = ingest_source(data_paths, "wms_snapshots")
    schema_file = data_paths.raw_dir("wms_snapshots") / "_schema.parquet"

    assert report.files == []
    assert pq.read_table(schema_file).num_rows == 0
    assert pq.read_schema(schema_file).remove_metadata() == raw_schema("wms_snapshots")


def test_garbage_file_quarantined_whole(data_paths):
    garbage = b"sku,title\n\x81\x8d\x8f\x90\n\x9d\n"
    land(data_paths, "products", "broken.csv", garbage)
    outcome = ingest_source(data_paths, "products").files[0]

    assert outcome.status == REJECTED_FILE
    assert "neither UTF-8 nor cp1252" in outcome.reason
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_quarantined) == (2, 0, 2)
    folder = data_paths.quarantine_dir("products")
    assert (folder / f"{outcome.sha256}.csv").read_bytes() == garbage
    rejects = pq.read_table(folder / f"{outcome.sha256}.parquet")
    assert rejects.column("line_number").to_pylist() == [2, 3]
    assert not (data_paths.raw_dir("products") / f"{outcome.sha256}.parquet").exists()

    again = ingest_source(data_paths, "products").files[0]
    assert (again.status, again.rows_quarantined, again.reason) == (ALREADY_REJECTED, 2, outcome.reason)


def test_report_in_wrong_folder_rejected(data_paths):
    land(data_paths, "locations", "products.csv", PRODUCTS)
    outcome = ingest_source(data_paths, "locations").files[0]

    assert outcome.status == REJECTED_FILE
    assert "header does not match locations" in outcome.reason
    assert "landing/products/" in outcome.reason
    assert outcome.rows_quarantined == outcome.rows_read == 3


def test_routes_dropped_files_by_header(data_paths):
    (data_paths.landing / "drop.csv").write_bytes(PRODUCTS)
    (data_paths.landing / "mystery.csv").write_bytes(b"foo,bar\n1,2\n")
    outcomes = {o.file_name: o for o in route_landing_root(data_paths)}

    assert outcomes["drop.csv"].source == "products"
    assert (data_paths.landing_dir("products") / "drop.csv").read_bytes() == PRODUCTS
    assert outcomes["mystery.csv"].source is None
    assert "compared against" in outcomes["mystery.csv"].reason
    assert "amazon_settlements (missing" in outcomes["mystery.csv"].reason
    assert not (data_paths.landing / "mystery.csv").exists()
    unrouted = list(data_paths.quarantine_dir("_unrouted").glob("*.parquet"))
    assert pq.read_table(unrouted[0]).column("line_number").to_pylist() == [2]


@pytest.mark.real_data
def test_routes_real_reports(data_paths, real_data):
    files = {
        "amazon/settlement_flat_file/50011020300.txt": "amazon_settlements",
        "shopify/orders_export/orders_export_small.csv": "shopify_orders",
        "shopify/payments_transactions/payment_transactions_export.excerpt.csv": "shopify_payments",
        "amazon/fba_inventory/header_only.txt": "amazon_fba_inventory",
    }
    for relative in files:
        shutil.copyfile(real_data / relative, data_paths.landing / os.path.basename(relative))
    routed = {o.file_name: o.source for o in route_landing_root(data_paths)}
    assert routed == {os.path.basename(relative): source for relative, source in files.items()}


def test_symlink_outside_root_rejected(data_paths, tmp_path):
    outside = tmp_path / "secret.csv"
    outside.write_bytes(PRODUCTS)
    folder = data_paths.landing_dir("products")
    folder.mkdir(parents=True)
    (folder / "link.csv").symlink_to(outside)

    outcome = ingest_source(data_paths, "products").files[0]
    assert outcome.status == REJECTED_FILE
    assert "outside the data root" in outcome.reason
    assert outcome.reason.startswith("left in place and not read")
    assert (folder / "link.csv").is_symlink()
    assert list(data_paths.raw_dir("products").glob("*.parquet"))[0].name == "_schema.parquet"


@pytest.mark.parametrize("name", ["../products.csv", "/etc/passwd", "..", "a/b.csv"])
def test_escaping_file_names_rejected(data_paths, name):
    with pytest.raises(UnsafePathError):
        ingest_file(data_paths, "products", name)


def test_dropped_symlink_left_in_place(data_paths, tmp_path):
    outside = tmp_path / "secret.csv"
    outside.write_bytes(PRODUCTS)
    (data_paths.landing / "passwd.csv").symlink_to(outside)
    outcome = route_landing_root(data_paths)[0]

    assert outcome.status == LEFT_IN_PLACE
    assert outcome.reason.startswith("left in place and not read")
    assert "quarantine" not in outcome.reason
    assert (data_paths.landing / "passwd.csv").is_symlink()
    assert not data_paths.quarantine_dir("_unrouted").exists()


def test_route_statuses(data_paths):
    (data_paths.landing / "drop.csv").write_bytes(PRODUCTS)
    (data_paths.landing / "mystery.csv").write_bytes(b"foo,bar\n1,2\n")
    statuses = {o.file_name: o.status for o in route_landing_root(data_paths)}

    assert statuses == {"drop.csv": ROUTED, "mystery.csv": QUARANTINED}


def test_unread_folders_reported(data_paths):
    (data_paths.landing / "shopify").mkdir()
    (data_paths.landing_dir("b2b_orders") / "sub").mkdir(parents=True)
    (data_paths.landing / ".cache").mkdir()
    outcomes = {o.file_name: o for o in route_landing_root(data_paths)}

    assert set(outcomes) == {"shopify", "b2b_orders/sub"}
    assert outcomes["shopify"].status == NOT_READ
    assert "valid folders: amazon_fba_inventory" in outcomes["shopify"].reason
    assert outcomes["b2b_orders/sub"].status == NOT_READ
    assert "move them up into landing/b2b_orders/" in outcomes["b2b_orders/sub"].reason


@pytest.mark.parametrize(
    ("source", "data", "expected"),
    [
        ("products", PRODUCTS.replace(b",", b";"), "the file looks semicolon-separated; this format is comma-separated"),
        ("products", PRODUCTS.replace(b",", b"\t"), "the file looks tab-separated; this format is comma-separated"),
        (
            "amazon_settlements",
            b"settlement-id,settlement-start-date,settlement-end-date,deposit-date,total-amount,currency,"
            b"transaction-type\nS1,,,,1.00,USD,\n",
            "the file looks comma-separated; this format is tab-separated",
        ),
    ],
)
def test_wrong_delimiter_named(data_paths, source, data, expected):
    land(data_paths, source, "report.txt", data)
    outcome = ingest_source(data_paths, source).files[0]

    assert outcome.status == REJECTED_FILE
    assert expected in outcome.reason
    assert "missing column" not in outcome.reason


def test_dropped_wrong_delimiter_named(data_paths):
    (data_paths.landing / "pipes.csv").write_bytes(PRODUCTS.replace(b",", b"|"))
    outcome = route_landing_root(data_paths)[0]

    assert outcome.status == QUARANTINED
    assert "for products, the file looks pipe-separated; this format is comma-separated" in outcome.reason

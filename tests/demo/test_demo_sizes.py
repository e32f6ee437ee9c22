"""The demo's size follows its arguments."""

from demo_helpers import SMALL, read_rows, read_source
from ingestion.sources import SOURCES


def test_sku_count(small_demo):
    products = read_rows(small_demo / "products" / "products.csv")
    assert len(products) == SMALL.skus
    assert len({row["sku"] for row in products}) == SMALL.skus


def test_every_sku_listed_on_every_channel(small_demo):
    mapping = read_rows(small_demo / "channel_skus" / "channel_skus.csv")
    channels = {row["channel"] for row in mapping}
    assert channels == {"amazon", "shopify", "b2b"}
    for channel in channels:
        mapped = {row["sku"] for row in mapping if row["channel"] == channel}
        assert len(mapped) == SMALL.skus, channel


def test_channel_skus_differ_from_canonical(small_demo):
    mapping = read_rows(small_demo / "channel_skus" / "channel_skus.csv")
    assert all(row["channel_sku"] != row["sku"] for row in mapping)


def test_one_wms_file_per_day(small_demo):
    files = sorted((small_demo / "wms_snapshots").iterdir())
    assert len(files) == SMALL.days
    assert files[-1].name == f"wms_snapshot_{SMALL.end_date.isoformat()}.csv"
    rows = read_rows(files[0])
    # One row per SKU and warehouse.
    assert len(rows) == SMALL.skus * 2
    assert {row["location_id"] for row in rows} == {"WH-EAST", "WH-WEST"}


def test_order_count_near_requested(small_demo):
    amazon = {row["amazon-order-id"] for row in read_source(small_demo, "amazon_orders")}
    shopify = {row["Name"] for row in read_source(small_demo, "shopify_orders")}
    b2b = {row["order_id"] for row in read_source(small_demo, "b2b_orders")}
    total = len(amazon) + len(shopify) + len(b2b)
    assert abs(total - SMALL.orders) <= 0.1 * SMALL.orders
    assert len(amazon) > 0
    assert len(shopify) > 0
    assert len(b2b) > 0


def test_orders_within_the_run(small_demo):
    dates = {row["purchase-date"][:10] for row in read_source(small_demo, "amazon_orders")}
    assert min(dates) >= SMALL.start_date.isoformat()
    assert max(dates) <= SMALL.end_date.isoformat()


def test_manifest_counts_match_files(small_demo, manifest):
    for name, rows in manifest["files"].items():
        spec = SOURCES[name.split("/", 1)[0]]
        if spec.allows_preamble:
            # Preamble lines before the header are neither the header nor data.
            data_lines = spec.read((small_demo / name).read_bytes(), name, None).rows_read
        else:
            data_lines = (small_demo / name).read_text(encoding="utf-8").count("\n") - 1
        assert data_lines == rows, name

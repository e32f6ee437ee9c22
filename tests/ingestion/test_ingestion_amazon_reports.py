"""Amazon All Orders and FBA inventory reports."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from ingestion.readers import amazon_fba_inventory, amazon_orders
from ingestion.readers.amazon_fba_inventory import snapshot_instant
from ingestion.readers.base import FileRejected
from ingestion_helpers import assert_accounting, column, tsv

ORDERS_HEADER = (
    "amazon-order-id merchant-order-id purchase-date last-updated-date order-status fulfillment-channel "
    "sales-channel order-channel ship-service-level product-name sku asin item-status quantity currency "
    "item-price item-tax shipping-price shipping-tax gift-wrap-price gift-wrap-tax item-promotion-discount "
    "ship-promotion-discount ship-city ship-state ship-postal-code ship-country promotion-ids"
).split()


def orders_row(**values: str) -> list[str]:
    fields = {name.replace("_", "-"): value for name, value in values.items()}
    return [fields.get(name, "") for name in ORDERS_HEADER]


def test_orders_report_types():
    data = tsv(
        ORDERS_HEADER,
        orders_row(amazon_order_id="113-0001", purchase_date="2026-03-01T10:15:00+00:00", order_status="Shipped",
                   sku="000123", asin="B000TEST01", quantity="2", currency="USD", item_price="39.98",
                   item_promotion_discount="-5.00", ship_postal_code="02134"),
    )
    result = amazon_orders.read(data, "orders.txt")
    assert column(result.table, "sku") == ["000123"]
    assert column(result.table, "ship_postal_code") == ["02134"]
    assert column(result.table, "quantity") == [2]
    assert column(result.table, "item_price") == [Decimal("39.98")]
    assert column(result.table, "item_promotion_discount") == [Decimal("-5.00")]
    assert column(result.table, "item_tax") == [None]
    assert_accounting(result)


def test_orders_columns_bound_by_name():
    # Columns reordered, optional ones absent, an unknown column added.
    header = ["sku", "quantity", "amazon-order-id", "new-column", "order-status", "asin", "purchase-date"]
    data = tsv(header, ["A-1", "3", "113-9", "ignored", "Pending", "B0X", "2026-03-01T10:15:00Z"])
    result = amazon_orders.read(data, "orders.txt")
    assert column(result.table, "amazon_order_id") == ["113-9"]
    assert column(result.table, "quantity") == [3]
    assert column(result.table, "purchase_at") == [datetime(2026, 3, 1, 10, 15, tzinfo=UTC)]
    assert column(result.table, "item_price") == [None]


def test_orders_missing_required_column():
    header = ["amazon-order-id", "purchase-date", "order-status", "asin", "quantity"]
    with pytest.raises(FileRejected) as raised:
        amazon_orders.read(tsv(header, ["113-9", "2026-03-01T10:15:00Z", "Pending", "B0X", "1"]), "orders.txt")
    assert "orders.txt" in str(raised.value)
    assert "'sku'" in raised.value.reason
    assert raised.value.data_lines == [2]


def test_orders_invalid_values_rejected():
    data = tsv(
        ORDERS_HEADER,
        orders_row(amazon_order_id="113-1", purchase_date="2026-03-01", order_status="Shipped", sku="A", asin="B",
                   quantity="1"),
        orders_row(amazon_order_id="113-2", purchase_date="2026-03-01T10:15:00+00:00", order_status="Shipped",
                   sku="A", asin="B", quantity="one"),
        orders_row(amazon_order_id="113-3", purchase_date="2026-03-01T10:15:00+00:00", order_status="Shipped",
                   sku="A", asin="B", quantity="1", item_price="12.34567"),
    )
    result = amazon_orders.read(data, "orders.txt")
    rejects = {(row["line_number"], row["column"]): row["reason"] for row in result.rejects.to_pylist()}

    assert result.table.num_rows == 0
    assert "UTC offset" in rejects[(2, "purchase-date")]
    assert rejects[(3, "quantity")] == "not a whole number"
    assert "more than 4 decimals" in rejects[(4, "item-price")]
    assert_accounting(result)


FBA_HEADER = (
    "sku fnsku asin product-name condition your-price mfn-listing-exists mfn-fulfillable-quantity "
    "afn-listing-exists afn-warehouse-quantity afn-fulfillable-quantity afn-unsellable-quantity "
    "afn-reserved-quantity afn-total-quantity per-unit-volume afn-inbound-working-quantity "
    "afn-inbound-shipped-quantity afn-inbound-receiving-quantity afn-researching-quantity "
    "afn-reserved-future-supply afn-future-supply-buyable"
).split()
FBA_ROW = ["0042", "X00ABC", "B0042", "Mug", "New", "12,99", "No", "", "Yes", "15", "10", "2", "3", "15",
           "0.125", "0", "5", "0", "0", "0", "0"]


def test_fba_inventory_row():
    result = amazon_fba_inventory.read(tsv(FBA_HEADER, FBA_ROW), "fba_inventory_2026-03-01.txt")
    row = result.table.to_pylist()[0]
    assert row["sku"] == "0042"
    assert row["your_price"] == Decimal("12.99")
    assert row["mfn_listing_exists"] is False
    assert row["afn_listing_exists"] is True
    assert row["afn_fulfillable_quantity"] == 10
    assert row["per_unit_volume"] == Decimal("0.125")
    assert row["snapshot_at"] == datetime(2026, 3, 1, tzinfo=UTC)
    assert_accounting(result)


@pytest.mark.real_data
def test_fba_real_header_accepted(real_data):
    header = (real_data / "amazon" / "fba_inventory" / "header_only.txt").read_bytes()
    result = amazon_fba_inventory.read(header, "header_only.txt")
    assert result.rows_read == 0
    assert result.table.num_rows == 0


@pytest.mark.parametrize(
    ("file_name", "expected", "origin"),
    [
        ("fba_inventory_2026-03-01.txt", datetime(2026, 3, 1, tzinfo=UTC), "file_name"),
        ("report-20260301083015.txt", datetime(2026, 3, 1, 8, 30, 15, tzinfo=UTC), "file_name"),
        ("Inventory_20260301.txt", datetime(2026, 3, 1, tzinfo=UTC), "file_name"),
        ("inventory.txt", datetime(2026, 2, 2, 12, 0, tzinfo=UTC), "modified_at"),
    ],
)
def test_fba_snapshot_instant(file_name, expected, origin):
    assert snapshot_instant(file_name, datetime(2026, 2, 2, 12, 0, tzinfo=UTC)) == (expected, origin)


def test_fba_snapshot_falls_back_to_load_time():
    moment, origin = snapshot_instant("inventory.txt", None)
    assert origin == "load_time"
    assert abs((datetime.now(UTC) - moment).total_seconds()) < 60

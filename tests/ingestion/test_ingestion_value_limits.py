"""Values the models cannot use are quarantined at read time, so the blocking raw checks pass."""

from decimal import Decimal

import pytest

from ingestion.readers import amazon_settlements, b2b_orders, products, shopify_orders, walmart_recon, wms_snapshots
from ingestion.readers.columns import MAX_UNITS, ColumnSpec
from ingestion.sources import SOURCES
from ingestion_helpers import assert_accounting, column
from orchestration.lib.raw_expectations import REQUIRED

B2B_HEADER = (
    "order_id,line_number,account_id,ordered_at,ship_by_date,shipped_at,status,sku,quantity,unit_price,currency,"
    "cancel_reason\n"
)


def b2b_line(line: int, quantity: str = "2", unit_price: str = "9.50", currency: str = "USD") -> str:
    return f"PO-1,{line},ACME,2026-03-01T10:00:00+00:00,2026-03-03,,accepted,APP-{line:04d},{quantity},{unit_price},{currency},\n"


def rejects_by_line(result) -> dict[int, tuple[str, str, str]]:
    return {row["line_number"]: (row["column"], row["value"], row["reason"]) for row in result.rejects.to_pylist()}


def test_b2b_implausible_values_quarantined():
    data = (
        B2B_HEADER
        + b2b_line(1)  # line 2: valid
        + b2b_line(2, quantity="-5")  # line 3
        + b2b_line(3, quantity="1000000000")  # line 4
        + b2b_line(4, unit_price="-14.99")  # line 5
        + b2b_line(5, unit_price="99999999999999.99")  # line 6: 14 integer digits, at least 10^10
        + b2b_line(6, currency="XYZ")  # line 7
        + b2b_line(7, quantity="1000000", unit_price="9999999999.9999")  # line 8: both at their limit
    ).encode()
    result = b2b_orders.read(data, "bad_b2b.csv")
    rejects = rejects_by_line(result)

    assert column(result.table, "_line_number") == [2, 8]
    assert column(result.table, "quantity") == [2, MAX_UNITS]
    assert column(result.table, "unit_price") == [Decimal("9.5"), Decimal("9999999999.9999")]
    assert rejects[3] == ("quantity", "-5", "below the minimum of 0")
    assert rejects[4][:2] == ("quantity", "1000000000")
    assert "above the maximum of 1,000,000" in rejects[4][2]
    assert rejects[5] == ("unit_price", "-14.99", "below the minimum of 0")
    assert rejects[6][:2] == ("unit_price", "99999999999999.99")
    assert "10,000,000,000 or more" in rejects[6][2]
    assert rejects[7][:2] == ("currency", "XYZ")
    assert "unknown ISO 4217 currency code" in rejects[7][2]
    assert_accounting(result)


def test_wms_negative_stock_quarantined():
    data = (
        "snapshot_at,location_id,sku,on_hand,reserved,damaged,inspection,quality_hold,in_transit,"
        "in_transit_expected_date,inbound_po,inbound_po_expected_date\n"
        "2026-03-01T10:00:00+00:00,WH-EAST,APP-0001,10,2,0,0,0,0,,0,\n"
        "2026-03-01T10:00:00+00:00,WH-EAST,APP-0002,10,-2,0,0,0,0,,0,\n"
        "2026-03-01T10:00:00+00:00,WH-EAST,APP-0003,2000000,0,0,0,0,0,,0,\n"
    ).encode()
    result = wms_snapshots.read(data, "wms.csv")
    rejects = rejects_by_line(result)

    assert column(result.table, "sku") == ["APP-0001"]
    assert rejects[3] == ("reserved", "-2", "below the minimum of 0")
    assert rejects[4][:2] == ("on_hand", "2000000")
    assert_accounting(result)


def test_shopify_negative_quantity_quarantined():
    header = "Name,Financial Status,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Currency\n"
    data = (
        header
        + "#1001,paid,10.00,2026-03-01 10:00:00 +0000,1,Mug,10.00,APP-0001,USD\n"
        + "#1002,paid,10.00,2026-03-01 10:00:00 +0000,-1,Mug,10.00,APP-0001,USD\n"
    ).encode()
    result = shopify_orders.read(data, "orders_export.csv")

    assert column(result.table, "name") == ["#1001"]
    assert rejects_by_line(result)[3] == ("Lineitem quantity", "-1", "below the minimum of 0")


def test_products_negative_cost_quarantined():
    data = (
        "sku,title,category,unit_cost,cost_currency,safety_stock\n"
        "0042,Mug,kitchen,2.50,USD,4\n"
        "0043,Cup,kitchen,-1.00,USD,4\n"
        "0044,Pen,office,1.00,usd,4\n"
    ).encode()
    result = products.read(data, "products.csv")
    rejects = rejects_by_line(result)

    assert column(result.table, "sku") == ["0042"]
    assert rejects[3] == ("unit_cost", "-1.00", "below the minimum of 0")
    assert rejects[4][:2] == ("cost_currency", "usd")


def test_settlement_negative_amounts_load():
    # Refunds and fees are negative in settlements, so only the magnitude limit applies.
    header = ["settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount",
              "currency", "transaction-type", "order-id", "amount-type", "amount-description", "amount"]
    rows = [
        ["S1", "2026-03-01T00:00:00+00:00", "2026-03-14T00:00:00+00:00", "2026-03-16T00:00:00+00:00", "-5.00",
         "USD", "", "", "", "", ""],
        ["S1", "", "", "", "", "", "Refund", "113-1", "ItemPrice", "Principal", "-5.00"],
        ["S1", "", "", "", "", "", "Order", "113-2", "ItemPrice", "Principal", "12345678901.00"],
    ]
    data = ("\n".join("\t".join(row) for row in rows) + "\n")
    data = ("\t".join(header) + "\n" + data).encode()
    result = amazon_settlements.read(data, "settlement.txt")

    assert Decimal("-5.00") in column(result.table, "amount")
    assert rejects_by_line(result)[4][:2] == ("amount", "12345678901.00")


def source_columns(source: str) -> dict[str, ColumnSpec]:
    if source == "amazon_settlements":
        specs = amazon_settlements.COMMON_COLUMNS + amazon_settlements.V2_COLUMNS
    elif source == "walmart_recon":
        # The wide layout has no currency column: its currency is always USD.
        specs = walmart_recon.WIDE_COLUMNS + walmart_recon.V1_COLUMNS
    else:
        module = __import__(f"ingestion.readers.{source}", fromlist=["FORMAT"])
        specs = module.FORMAT.columns
    return {spec.name: spec for spec in specs}


# Columns the readers compute rather than read, so a delivered file cannot leave them null.
COMPUTED_COLUMNS = {"record_type", "layout", "snapshot_at"}


@pytest.mark.parametrize("source", sorted(REQUIRED))
def test_blocking_checks_enforced_at_read(source):
    assert source in SOURCES
    specs = source_columns(source)
    for expectation in REQUIRED[source]:
        name = expectation.column
        if name in COMPUTED_COLUMNS:
            continue
        spec = specs[name]
        if expectation.expectation_type == "ExpectColumnValuesToNotBeNull":
            assert spec.not_null, expectation.label
        elif expectation.expectation_type == "ExpectColumnValuesToBeBetween":
            assert spec.minimum is not None and spec.minimum >= expectation.options["min_value"], expectation.label
            assert "max_value" not in expectation.options, expectation.label
        elif expectation.expectation_type == "ExpectColumnValuesToBeInSet":
            assert spec.allowed is not None, expectation.label
            assert spec.allowed <= set(expectation.options["value_set"]), expectation.label
        else:
            pytest.fail(f"no read-time rule for {expectation.label}")

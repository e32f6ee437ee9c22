"""Shopify orders export and Shopify Payments transactions export."""

from decimal import Decimal

import pyarrow.compute as pc
import pytest

from ingestion.readers import shopify_orders, shopify_payments
from ingestion_helpers import assert_accounting, column

ORDERS_HEADER = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total,"
    "Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Lineitem requires shipping,"
    "Note Attributes,Id"
)


def test_order_fields_only_on_first_row():
    # Order #1001 has two line items: 2 x 10.00 + 1 x 5.50 = 25.50 subtotal, + 4.50 shipping = 30.00.
    data = (
        ORDERS_HEADER + "\n"
        '#1001,a@example.com,paid,2026-04-05 21:06:21 +0400,fulfilled,USD,25.50,4.50,0.00,30.00,'
        '2026-04-05 21:06:21 +0400,2,Mug,10.00,00123,true,"gift: yes\nwrap: no",555\n'
        "#1001,,,,,,,,,,2026-04-05 21:06:21 +0400,1,Card,5.50,,false,,\n"
        "#1002,b@example.com,pending,,unfulfilled,USD,7.00,0.00,0.00,7.00,"
        "2026-04-06 08:00:00 -0500,1,Pen,7.00,P-1,true,,556\n"
    ).encode()
    result = shopify_orders.read(data, "orders.csv")
    table = result.table

    assert column(table, "_line_number") == [2, 4, 5]
    assert column(table, "order_row_index") == [1, 2, 1]
    assert column(table, "total") == [Decimal("30.00"), None, Decimal("7.00")]
    assert column(table, "financial_status") == ["paid", None, "pending"]
    assert column(table, "lineitem_sku") == ["00123", None, "P-1"]
    assert column(table, "lineitem_requires_shipping") == [True, False, True]
    assert column(table, "id") == ["555", None, "556"]
    # 21:06:21 at +04:00 is 17:06:21 UTC.
    assert column(table, "created_at")[0].isoformat() == "2026-04-05T17:06:21+00:00"
    assert column(table, "created_at")[2].isoformat() == "2026-04-06T13:00:00+00:00"
    assert_accounting(result)


def test_absent_optional_columns_are_null():
    data = (ORDERS_HEADER + "\n" + "#1,,paid,,,USD,1.00,0,0,1.00,2026-04-05 21:06:21 +0400,1,X,1.00,S,true,,9\n").encode()
    result = shopify_orders.read(data, "orders.csv")
    assert column(result.table, "cancelled_at") == [None]
    assert column(result.table, "refunded_amount") == [None]


def test_decimal_comma_rejected_in_shopify():
    data = (ORDERS_HEADER + "\n" + "#1,,paid,,,USD,1.00,0,0,\"1,5\",2026-04-05 21:06:21 +0400,1,X,1.00,S,true,,9\n").encode()
    result = shopify_orders.read(data, "orders.csv")
    assert column(result.rejects, "column") == ["Total"]
    assert column(result.rejects, "reason") == ["not a decimal amount"]
    assert_accounting(result)


@pytest.mark.real_data
@pytest.mark.parametrize(
    ("file_name", "orders", "total"),
    [("orders_export_small.csv", 5, Decimal("7700.00")), ("orders_export_50_orders.csv", 50, Decimal("75300.00"))],
)
def test_real_orders_totals(real_data, file_name, orders, total):
    path = real_data / "shopify" / "orders_export" / file_name
    result = shopify_orders.read(path.read_bytes(), file_name)
    first_rows = result.table.filter(pc.equal(result.table["order_row_index"], 1))

    assert first_rows.num_rows == orders
    assert len(set(column(result.table, "name"))) == orders
    assert pc.sum(first_rows["total"]).as_py() == total
    assert set(column(first_rows, "currency")) == {"BDT"}
    assert result.rejects.num_rows == 0
    assert_accounting(result)


@pytest.mark.real_data
def test_real_multiline_note_line_numbers(real_data):
    # Each order of the small file spans 10 physical lines because of Note Attributes.
    path = real_data / "shopify" / "orders_export" / "orders_export_small.csv"
    result = shopify_orders.read(path.read_bytes(), path.name)
    assert column(result.table, "_line_number")[:3] == [2, 12, 22]


@pytest.mark.real_data
def test_real_payments_net_is_amount_minus_fee(real_data):
    path = real_data / "shopify" / "payments_transactions" / "payment_transactions_export.excerpt.csv"
    result = shopify_payments.read(path.read_bytes(), path.name)
    table = result.table

    assert table.num_rows == 71
    for amount, fee, net, line in zip(
        column(table, "amount"), column(table, "fee"), column(table, "net"), column(table, "_line_number")
    ):
        assert net == amount - fee, f"line {line}: {net} != {amount} - {fee}"
    assert all(fee >= 0 for fee in column(table, "fee"))
    assert column(table, "order_name")[0] == "#40476"
    assert column(table, "transaction_at")[0].isoformat() == "2025-11-05T17:01:09+00:00"
    assert str(column(table, "payout_date")[0]) == "2025-11-07"
    assert_accounting(result)

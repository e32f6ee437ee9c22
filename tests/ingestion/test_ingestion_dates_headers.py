"""Impossible and implausible dates, and a header that names a read column twice."""

import pytest

from ingestion.readers import b2b_orders, purchase_orders
from ingestion.readers.base import FileRejected

from ingestion_helpers import assert_accounting, column

B2B_HEADER = "order_id,line_number,account_id,ordered_at,ship_by_date,status,sku,quantity,unit_price,currency\n"
PO_HEADER = "po_id,line_number,supplier_id,order_date,expected_date,sku,quantity,unit_cost,currency,location_id,status\n"


@pytest.mark.parametrize(
    "ordered_at",
    ["2026-02-30T10:00:00+00:00", "2026-04-31T10:00:00Z", "30.02.2026 10:00:00 UTC", "2026-02-30 10:00:00 +0400"],
)
def test_impossible_instant_rejected(ordered_at):
    data = (B2B_HEADER + f"B-1,1,ACME,{ordered_at},,accepted,SKU-1,1,1.00,USD\n").encode()

    result = b2b_orders.read(data, "b2b.csv")

    assert result.table.num_rows == 0
    assert column(result.rejects, "value") == [ordered_at]
    assert column(result.rejects, "reason") == ["not a timestamp with a UTC offset (for example 2025-08-18T02:48:54+00:00)"]


@pytest.mark.parametrize(
    ("header", "value"),
    [("ordered_at", "0001-01-01T00:00:00Z"), ("ordered_at", "1989-12-31T23:59:59Z"), ("ordered_at", "2100-01-01T00:00:00Z"), ("ship_by_date", "9999-12-31")],
)
def test_implausible_dates_rejected(header, value):
    values = {"ordered_at": "2026-03-01T09:00:00Z", "ship_by_date": "2026-03-05", header: value}
    row = f"B-1,1,ACME,{values['ordered_at']},{values['ship_by_date']},accepted,SKU-1,1,1.00,USD\n"

    result = b2b_orders.read((B2B_HEADER + row).encode(), "b2b.csv")

    assert result.table.num_rows == 0
    assert column(result.rejects, "column") == [header]
    assert column(result.rejects, "reason") == ["outside the plausible range of dates, 1990 to 2099"]


def test_range_edges_load():
    rows = (
        "B-1,1,ACME,1990-01-01T00:00:00Z,2099-12-31,accepted,SKU-1,1,1.00,USD\n"
        "B-1,2,ACME,2099-12-31T23:59:59Z,1990-01-01,accepted,SKU-1,1,1.00,USD\n"
    )

    result = b2b_orders.read((B2B_HEADER + rows).encode(), "b2b.csv")

    assert result.table.num_rows == 2
    assert result.rejects.num_rows == 0


def test_repeated_read_column_rejected():
    data = (PO_HEADER.rstrip("\n") + ",sku\n" + "PO-1,1,SUP-1,2026-03-01,,SKU-1,5,1.00,USD,WH-EAST,open,SKU-2\n").encode()

    with pytest.raises(FileRejected) as raised:
        purchase_orders.read(data, "po.csv")

    assert "column 'sku' appears 2 times in the header (columns 6 and 12)" in raised.value.reason
    assert raised.value.data_lines == [2]


def test_repeated_unread_column_loads():
    data = (PO_HEADER.rstrip("\n") + ",note,note\n" + "PO-1,1,SUP-1,2026-03-01,,SKU-1,5,1.00,USD,WH-EAST,open,a,b\n").encode()

    result = purchase_orders.read(data, "po.csv")

    assert_accounting(result)
    assert result.table.num_rows == 1

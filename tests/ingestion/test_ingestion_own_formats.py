"""Our own CSV formats: one valid and one invalid record each."""

from datetime import date
from decimal import Decimal

import pytest

from ingestion.sources import SOURCES
from ingestion_helpers import assert_accounting

# source: (header, valid record, expected values of the valid record, invalid record, rejected column)
CASES = {
    "b2b_orders": (
        "order_id,line_number,account_id,ordered_at,ship_by_date,shipped_at,status,sku,quantity,unit_price,currency,cancel_reason",
        "PO-7,1,ACME,2026-03-01T09:00:00-05:00,2026-03-05,2026-03-04T16:00:00+00:00,shipped,0042,12,8.5000,USD,",
        {"ordered_at": "2026-03-01T14:00:00+00:00", "ship_by_date": date(2026, 3, 5), "quantity": 12,
         "unit_price": Decimal("8.5"), "sku": "0042"},
        "PO-8,1,ACME,2026-03-01T09:00:00-05:00,03/05/2026,,accepted,0043,1,1.00,USD,",
        "ship_by_date",
    ),
    "wms_snapshots": (
        "snapshot_at,location_id,sku,on_hand,reserved,damaged,inspection,quality_hold,in_transit,"
        "in_transit_expected_date,inbound_po,inbound_po_expected_date",
        "2026-03-01T06:00:00+00:00,WH-EAST,0042,120,10,2,1,0,30,2026-03-04,50,2026-03-20",
        {"on_hand": 120, "in_transit_expected_date": date(2026, 3, 4), "location_id": "WH-EAST"},
        "2026-03-01T06:00:00+00:00,WH-WEST,0042,12.5,0,0,0,0,0,,0,",
        "on_hand",
    ),
    "products": (
        "sku,title,category,unit_cost,cost_currency,safety_stock",
        "0042,Mug,kitchen,\"1,234.50\",USD,5",
        {"unit_cost": Decimal("1234.50"), "safety_stock": 5},
        "0043,Pen,office,2.5,USD,-",
        "safety_stock",
    ),
    "channel_skus": (
        "channel,channel_sku,identifier_type,sku",
        "amazon,X00ABC,fnsku,0042",
        {"channel_sku": "X00ABC", "identifier_type": "fnsku"},
        "amazon,,asin,0043",
        "channel_sku",
    ),
    "locations": (
        "location_id,name,location_type,channel,timezone,country",
        "FBA-US,Amazon FBA US,marketplace_fc,amazon,America/New_York,US",
        {"location_type": "marketplace_fc", "channel": "amazon"},
        ",Nameless,warehouse,,UTC,US",
        "location_id",
    ),
    "published_availability": (
        "published_at,channel,channel_sku,sku,quantity,feed_file",
        "2026-03-01T07:00:00+00:00,shopify,MUG-1,0042,40,shopify_inventory_20260301.csv",
        {"quantity": 40, "feed_file": "shopify_inventory_20260301.csv"},
        "2026-03-01T07:00:00,shopify,MUG-2,0043,1,f.csv",
        "published_at",
    ),
    "suppliers": (
        "supplier_id,supplier_name,sku,promised_lead_time_days,moq,case_pack,currency,is_preferred",
        "SUP-01,Acme Mills,0042,14,48,12,EUR,yes",
        {"promised_lead_time_days": 14, "moq": 48, "case_pack": 12, "currency": "EUR", "is_preferred": True},
        "SUP-01,Acme Mills,0043,14,48,0,EUR,yes",
        "case_pack",
    ),
    "purchase_orders": (
        "po_id,line_number,supplier_id,order_date,expected_date,sku,quantity,unit_cost,currency,location_id,status",
        "PO-100,1,SUP-01,2026-03-01,2026-03-15,0042,120,3.2500,USD,WH-EAST,partially_received",
        {"order_date": date(2026, 3, 1), "expected_date": date(2026, 3, 15), "quantity": 120,
         "unit_cost": Decimal("3.25"), "status": "partially_received"},
        "PO-100,2,SUP-01,2026-03-01,2026-03-15,0043,12,1.00,USD,WH-EAST,shipped",
        "status",
    ),
    "receipts": (
        "receipt_id,line_number,po_id,po_line_number,received_date,sku,quantity,location_id",
        "GR-9,1,PO-100,1,2026-03-14,0042,60,WH-EAST",
        {"po_line_number": 1, "received_date": date(2026, 3, 14), "quantity": 60},
        "GR-9,2,PO-100,2,2026-03-14,0043,-5,WH-EAST",
        "quantity",
    ),
    "returns": (
        "return_id,channel,order_id,sku,quantity,location_id,event,event_at,disposition,reason,refund_amount,currency",
        "RMA-7,shopify,#1001,0042,2,WH-EAST,inspected,2026-03-03T09:00:00-05:00,damaged,too small,,",
        {"event_at": "2026-03-03T14:00:00+00:00", "quantity": 2, "disposition": "damaged", "refund_amount": None},
        "RMA-8,shopify,#1002,0043,1,WH-EAST,shelved,2026-03-03T09:00:00-05:00,,,,",
        "event",
    ),
}


@pytest.mark.parametrize("source", sorted(CASES))
def test_own_format(source):
    header, valid, expected, invalid, rejected_column = CASES[source]
    result = SOURCES[source].read(f"{header}\n{valid}\n{invalid}\n".encode(), f"{source}.csv")
    row = result.table.to_pylist()[0]

    assert result.table.num_rows == 1
    assert row["_line_number"] == 2
    for name, value in expected.items():
        actual = row[name].isoformat() if hasattr(row[name], "tzinfo") and row[name].tzinfo else row[name]
        assert actual == value, name
    assert result.rejects.column("column").to_pylist() == [rejected_column]
    assert result.rejects.column("line_number").to_pylist() == [3]
    assert_accounting(result)

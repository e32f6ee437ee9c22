"""A raw layer of partial and extreme inputs, with the expected mart values worked out below.

Master data are the hand-worked fixture's: SKU-A has safety stock 2, SKU-B none.
Allocation serves b2b first (no buffer, no cap), so b2b takes each whole pool.
"""

from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from dbt_hand_worked_data import FIRST_LOAD, SECOND_LOAD, utc, write_master_data
from dbt_raw_fixtures import write_empty_raw_layer, write_raw_file


def stock(snapshot_at: datetime, location_id: str, sku: str, on_hand: int) -> dict:
    return {"snapshot_at": snapshot_at, "location_id": location_id, "sku": sku, "on_hand": on_hand,
            "reserved": 0, "damaged": 0, "inspection": 0, "quality_hold": 0,
            "in_transit": 0, "inbound_po": 0}


def write_partial_snapshots(root: Path) -> None:
    """Write a full snapshot day, then a day on which WH-WEST did not report.

    2026-01-10 06:00: WH-EAST SKU-A 10, SKU-B 4; WH-WEST SKU-A 6, SKU-B 5.
    2026-01-11 06:00: WH-EAST SKU-A 8 only; WH-WEST missing.
    On 2026-01-11 WH-WEST carries its 01-10 snapshot forward (stale), and WH-EAST's
    latest snapshot has no SKU-B, so WH-EAST counts 0 of it:
      SKU-A sellable 8 + 6 = 14, pool 14 - 2 safety = 12 for every channel;
      SKU-B sellable 0 + 5 = 5, pool 5.
    """
    write_raw_file(root, "wms_snapshots", "wms_2026-01-10.csv", [
        stock(utc(2026, 1, 10, 6), "WH-EAST", "SKU-A", 10),
        stock(utc(2026, 1, 10, 6), "WH-EAST", "SKU-B", 4),
        stock(utc(2026, 1, 10, 6), "WH-WEST", "SKU-A", 6),
        stock(utc(2026, 1, 10, 6), "WH-WEST", "SKU-B", 5),
    ], FIRST_LOAD)
    write_raw_file(root, "wms_snapshots", "wms_2026-01-11_east_only.csv", [
        stock(utc(2026, 1, 11, 6), "WH-EAST", "SKU-A", 8),
    ], SECOND_LOAD)


def write_b2b_orders(root: Path) -> None:
    """Write cancelled lines measured against carried stock, and a price that overflows 18 digits.

    P-1 line 1, SKU-A x 13, cancelled on 2026-01-11 with no reason: 14 sellable, no stock_cancel.
    P-1 line 2, SKU-A x 15, cancelled: 14 < 15, stock_cancel "cancelled with 14 sellable for 15 ordered".
    P-2, SKU-B x 3 at 99,999,999,999,999.99: gross sales 3 x 99999999999999.99
      = 299,999,999,999,999.97, which needs 15 integer digits.
    """
    line = {"order_id": "P-1", "account_id": "ACME", "ordered_at": utc(2026, 1, 11, 15),
            "ship_by_date": date(2026, 1, 30), "status": "cancelled", "sku": "SKU-A",
            "unit_price": Decimal("12.50"), "currency": "USD"}
    write_raw_file(root, "b2b_orders", "b2b_partial.csv", [
        {**line, "line_number": 1, "quantity": 13},
        {**line, "line_number": 2, "quantity": 15},
        {**line, "order_id": "P-2", "line_number": 1, "status": "accepted", "sku": "SKU-B",
         "quantity": 3, "unit_price": Decimal("99999999999999.99")},
    ], FIRST_LOAD)


def write_settlement_without_summary(root: Path) -> None:
    """Write a wide-layout settlement whose summary row was quarantined at read time.

    Settlement 777 keeps its two detail rows: 20.00 - 39.99 = -19.99, posted 01-05 and 01-07.
    Only the summary row states a wide layout's currency, so the currency is unknown (null).
    """
    common = {"settlement_id": "777", "record_type": "detail", "layout": "wide"}
    write_raw_file(root, "amazon_settlements", "777.txt", [
        {**common, "transaction_type": "Order", "order_id": "111-9", "sku": "A-AMZ",
         "posted_at": utc(2026, 1, 5), "amount_type": "ItemPrice", "amount_description": "Principal",
         "amount": Decimal("20.00"), "_line_number": 3},
        {**common, "transaction_type": "Subscription Fee", "posted_at": utc(2026, 1, 7),
         "amount_type": "other-transaction", "amount_description": "Subscription Fee",
         "amount": Decimal("-39.99"), "_line_number": 4},
    ], FIRST_LOAD)


def write_partial_inputs_raw_layer(root: Path) -> None:
    """Write the whole fixture into the raw layer under `root`."""
    write_empty_raw_layer(root)
    write_master_data(root)
    write_partial_snapshots(root)
    write_b2b_orders(root)
    write_settlement_without_summary(root)

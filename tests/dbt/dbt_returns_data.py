"""Returns rows of the hand-worked raw layer, each delivered twice to test deduplication."""

from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from dbt_raw_fixtures import write_raw_file

FIRST_LOAD = datetime(2026, 1, 10, 8, tzinfo=timezone.utc)
SECOND_LOAD = datetime(2026, 1, 11, 8, tzinfo=timezone.utc)


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def write_returns(root: Path) -> None:
    """Write an FBA returns report twice and our returns events across two files.

    FBA: two packages of order 111-1 (one SELLABLE, one CUSTOMER_DAMAGED) and one
    of 111-2 (an unknown grade), in two overlapping reports: 3 returns, not 6.
    Ours: RMA-1 is received, inspected sellable and restocked; RMA-2 is received
    only (awaiting inspection). The second file repeats RMA-1's `received` with
    3 units instead of 2, so the latest load's 3 units stand. RMA-3 (2 units of
    SKU-A) reached WH-WEST on 01-09 and is not inspected yet.
    At the 01-10 06:00 count: WH-EAST awaits 0 (RMA-1 was restocked on 01-09 and
    RMA-2 arrives on 01-12); WH-WEST awaits RMA-3's 2 units.
    """
    fba = [
        {"return_at": _utc(2026, 1, 6, 9), "order_id": "111-1", "sku": "A-AMZ", "quantity": 1,
         "detailed_disposition": "SELLABLE", "license_plate_number": "LPN1"},
        {"return_at": _utc(2026, 1, 6, 9), "order_id": "111-1", "sku": "A-AMZ", "quantity": 1,
         "detailed_disposition": "customer_damaged", "license_plate_number": "LPN2"},
        {"return_at": _utc(2026, 1, 7, 9), "order_id": "111-2", "sku": "A-AMZ", "quantity": 2,
         "detailed_disposition": "UNKNOWN_GRADE", "license_plate_number": None},
    ]
    write_raw_file(root, "amazon_fba_returns", "returns_jan.txt", fba, FIRST_LOAD)
    write_raw_file(root, "amazon_fba_returns", "returns_jan_again.txt", fba, SECOND_LOAD)

    def event(return_id: str, event_name: str, day: int, quantity: int, **extra) -> dict:
        return {"return_id": return_id, "channel": "Shopify", "order_id": "#1001", "sku": "SKU-A",
                "quantity": quantity, "location_id": "WH-EAST", "event": event_name,
                "event_at": _utc(2026, 1, day, 15), **extra}

    write_raw_file(root, "returns", "returns_1.csv", [
        event("RMA-1", "received", 8, 2),
        event("RMA-1", "inspected", 9, 2, disposition="sellable"),
        event("RMA-1", "restocked", 9, 2, disposition="sellable"),
        event("RMA-1", "refunded", 10, 2, refund_amount=Decimal("20.00"), currency="usd"),
        event("RMA-2", "received", 12, 1),
        {**event("RMA-3", "received", 9, 2), "location_id": "WH-WEST"},
    ], FIRST_LOAD)
    write_raw_file(root, "returns", "returns_2.csv", [event("RMA-1", "received", 8, 3)], SECOND_LOAD)

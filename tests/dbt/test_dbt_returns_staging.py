"""Staging of the FBA returns report and our returns events (fixture in dbt_returns_data.py)."""


def test_fba_returns_counted_once(hand_worked_warehouse):
    rows = hand_worked_warehouse.sql("""
        select order_id, license_plate_number, quantity, disposition, is_restockable
        from stg_amazon_fba_returns__returns order by order_id, license_plate_number
    """).fetchall()

    assert rows == [
        ("111-1", "LPN1", 1, "sellable", True),
        ("111-1", "LPN2", 1, "damaged", False),
        ("111-2", None, 2, None, False),
    ]


def test_return_events_latest_load_wins(hand_worked_warehouse):
    rows = hand_worked_warehouse.sql("""
        select return_id, event, quantity, channel from stg_returns__events
        where event = 'received' order by return_id
    """).fetchall()

    assert rows == [
        ("RMA-1", "received", 3, "shopify"),
        ("RMA-2", "received", 1, "shopify"),
        ("RMA-3", "received", 2, "shopify"),
    ]


def test_return_refund_currency_upper(hand_worked_warehouse):
    rows = hand_worked_warehouse.sql("""
        select refund_amount, currency from stg_returns__events where event = 'refunded'
    """).fetchall()

    assert [(float(amount), currency) for amount, currency in rows] == [(20.0, "USD")]


def test_returns_awaiting_inspection_counted(hand_worked_warehouse):
    rows = hand_worked_warehouse.sql("""
        select location_id, inspection, returns_awaiting_inspection
        from fct_inventory_positions where sku = 'SKU-A' order by location_id
    """).fetchall()

    # Both snapshots report inspection, so the WMS figure stands beside the returns count.
    assert rows == [("WH-EAST", 1, 0), ("WH-WEST", 0, 2)]

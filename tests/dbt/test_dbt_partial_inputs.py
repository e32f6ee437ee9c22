"""Mart values of a real `dbt build` on partial and extreme inputs (dbt_partial_inputs_data)."""

from datetime import date, datetime, timezone
from decimal import Decimal


def test_missing_warehouse_carried_forward(partial_inputs_warehouse):
    rows = partial_inputs_warehouse.execute(
        """
        select sku, channel, atp, pool_before, allocated
        from fct_channel_allocation
        where snapshot_at = timestamptz '2026-01-11 06:00:00+00' and channel in ('b2b', 'amazon')
        order by sku, priority
        """
    ).fetchall()
    # b2b's pool_before is what is left after its own ring fence of 6 (the shipped
    # policy's ACC-1001 has no orders here, so the fence is kept whole): SKU-A 12 - 6,
    # SKU-B max(0, 5 - 5). The fence counts in allocated.
    assert rows == [
        ("SKU-A", "b2b", 12, 6, 12),
        ("SKU-A", "amazon", 12, 0, 0),
        ("SKU-B", "b2b", 5, 0, 5),
        ("SKU-B", "amazon", 5, 0, 0),
    ]


def test_stale_location_flagged(partial_inputs_warehouse):
    rows = partial_inputs_warehouse.execute(
        """
        select location_id, sku, location_snapshot_at, is_stale
        from int_warehouse_positions_carried
        where snapshot_date = date '2026-01-11'
        order by location_id, sku
        """
    ).fetchall()
    west_snapshot = datetime(2026, 1, 10, 6, tzinfo=timezone.utc)
    east_snapshot = datetime(2026, 1, 11, 6, tzinfo=timezone.utc)
    assert rows == [
        ("WH-EAST", "SKU-A", east_snapshot, False),
        ("WH-WEST", "SKU-A", west_snapshot, True),
        ("WH-WEST", "SKU-B", west_snapshot, True),
    ]


def test_stock_cancel_uses_carried_stock(partial_inputs_warehouse):
    rows = partial_inputs_warehouse.execute(
        """
        select l.line_number, e.detail
        from fct_order_exceptions e
        join fct_order_lines l on e.order_line_id = l.order_line_id
        where e.exception_type = 'stock_cancel'
        """
    ).fetchall()
    assert rows == [(2, "cancelled with 14 sellable for 15 ordered")]


def test_price_beyond_18_digits_kept(partial_inputs_warehouse):
    gross_sales, net_sales = partial_inputs_warehouse.execute(
        "select gross_sales, net_sales from fct_order_lines where order_id = 'P-2'"
    ).fetchone()
    assert gross_sales == Decimal("299999999999999.97")
    assert net_sales == Decimal("299999999999999.97")


def test_settlement_without_summary_kept(partial_inputs_warehouse):
    amounts = partial_inputs_warehouse.execute(
        "select amount from fct_settlement_lines where settlement_id = '777' order by source_line_number"
    ).fetchall()
    assert amounts == [(Decimal("20.00"),), (Decimal("-39.99"),)]


def test_settlement_without_summary_unreconciled(partial_inputs_warehouse):
    row = partial_inputs_warehouse.execute(
        """
        select currency, summary_total, line_total, line_count, difference, is_reconciled,
               settlement_start_at, settlement_end_at
        from fct_settlement_recon where settlement_id = '777'
        """
    ).fetchall()
    assert row == [(
        None, None, Decimal("-19.99"), 2, None, False,
        datetime(2026, 1, 5, tzinfo=timezone.utc), datetime(2026, 1, 7, tzinfo=timezone.utc),
    )]


def test_settlement_without_summary_raises_mismatch(partial_inputs_warehouse):
    rows = partial_inputs_warehouse.execute(
        """
        select channel, order_id, detail, opened_at
        from fct_order_exceptions where exception_type = 'settlement_mismatch'
        """
    ).fetchall()
    assert rows == [(
        "amazon", "111-9", "settlement 777 has no summary row, so its total is unknown",
        datetime(2026, 1, 7, tzinfo=timezone.utc),
    )]

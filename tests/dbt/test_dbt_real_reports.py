"""Marts built from the public Amazon and Shopify sample reports alone."""

from decimal import Decimal

import pytest

pytestmark = pytest.mark.real_data


def test_amazon_settlements_reconcile(real_reports_warehouse):
    rows = real_reports_warehouse.execute(
        """
        select settlement_id, currency, summary_total, line_total, line_count, is_reconciled
        from fct_settlement_recon where channel = 'amazon' order by line_count desc
        """
    ).fetchall()
    # Totals and detail-row counts as the reports' own summary rows and files state them.
    assert [row[1:] for row in rows] == [
        ("CAD", Decimal("1016.08"), Decimal("1016.08"), 189, True),
        ("CAD", Decimal("-321.69"), Decimal("-321.69"), 3, True),
    ]


def test_shopify_order_totals_per_export(real_reports_warehouse):
    rows = real_reports_warehouse.execute(
        """
        with order_files as (
            select distinct order_id, source_file_name from stg_shopify_orders__order_lines
        )
        select order_files.source_file_name, count(*), sum(fct_orders.order_total), min(fct_orders.currency)
        from fct_orders
        inner join order_files on fct_orders.order_id = order_files.order_id
        where fct_orders.channel = 'shopify'
        group by order_files.source_file_name
        order by count(*)
        """
    ).fetchall()
    assert rows == [
        ("orders_export_small.csv", 5, Decimal("7700.00"), "BDT"),
        ("orders_export_50_orders.csv", 50, Decimal("75300.00"), "BDT"),
    ]


def test_lines_without_sku_are_exceptions(real_reports_warehouse):
    lines_without_sku = {
        row[0]
        for row in real_reports_warehouse.execute(
            "select order_line_id from fct_order_lines where channel = 'shopify' and channel_sku is null"
        ).fetchall()
    }
    flagged = {
        row[0]
        for row in real_reports_warehouse.execute(
            "select order_line_id from fct_order_exceptions where exception_type = 'unmapped_sku'"
        ).fetchall()
    }
    assert lines_without_sku, "the sample exports are known to have lines without a SKU"
    assert lines_without_sku <= flagged


def test_shopify_payout_reconciles(real_reports_warehouse):
    summary_total, line_total, line_count, is_reconciled = real_reports_warehouse.execute(
        """
        select summary_total, line_total, line_count, is_reconciled
        from fct_settlement_recon where channel = 'shopify'
        """
    ).fetchone()
    # The excerpt has 71 transactions, all in the 2025-11-07 payout.
    assert summary_total == line_total
    assert line_count == 71
    assert is_reconciled


def test_real_amounts_all_mapped(real_reports_warehouse):
    unmapped = real_reports_warehouse.execute(
        """
        select channel, transaction_type, amount_type, amount_description
        from fct_settlement_lines where is_unmapped_fee
        """
    ).fetchall()
    # Every kind of amount in the public files has a fee_buckets row, so none is an exception.
    assert unmapped == []


def test_shopify_rows_net_is_amount_minus_fee(real_reports_warehouse):
    mismatched = real_reports_warehouse.execute(
        "select count(*) from stg_shopify_payments__transactions where net <> amount - fee"
    ).fetchone()[0]
    (rows,) = real_reports_warehouse.execute("select count(*) from stg_shopify_payments__transactions").fetchone()
    assert rows == 71
    assert mismatched == 0

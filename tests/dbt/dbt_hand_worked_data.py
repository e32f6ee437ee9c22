"""A small raw layer whose mart values are worked out by hand below.

Channels, fee schedule and allocation policy are the project's seeds. Amazon
counts days in America/Los_Angeles, has 2 handling days and a horizon of 0,
and charges 15 % referral (8 % for supplements) and 3.22 per FBA unit.
Shopify counts days in America/New_York, has a horizon of 2 and charges
2.9 % + 0.30 per charge. B2B counts days in America/New_York, has 3 handling
days, a horizon of 7 and no fees. Allocation serves b2b first (no buffer, no
cap), then amazon (buffer 2, max 500), then shopify (buffer 1). Every build
runs with as_of_at 2026-01-20 00:00 UTC.
"""

from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from dbt_raw_fixtures import write_empty_raw_layer, write_raw_file
from dbt_returns_data import write_returns


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


FIRST_LOAD = utc(2026, 1, 10, 8)
SECOND_LOAD = utc(2026, 1, 11, 8)


def write_master_data(root: Path) -> None:
    """Write products, channel SKUs and locations."""
    write_raw_file(root, "products", "products.csv", [
        {"sku": "SKU-A", "title": "Vitamin C", "category": "supplements",
         "unit_cost": Decimal("10.00"), "cost_currency": "USD", "safety_stock": 2},
        {"sku": "SKU-B", "title": "Blue Shirt", "category": "apparel",
         "unit_cost": Decimal("20.00"), "cost_currency": "USD", "safety_stock": 0},
    ], FIRST_LOAD)
    write_raw_file(root, "channel_skus", "channel_skus.csv", [
        {"channel": "amazon", "channel_sku": "A-AMZ", "identifier_type": "seller_sku", "sku": "SKU-A"},
        {"channel": "amazon", "channel_sku": "B0ASINB", "identifier_type": "asin", "sku": "SKU-B"},
        {"channel": "shopify", "channel_sku": "A-SHOP", "identifier_type": "variant_sku", "sku": "SKU-A"},
        {"channel": "shopify", "channel_sku": "Blue Shirt", "identifier_type": "product_name", "sku": "SKU-B"},
    ], FIRST_LOAD)
    write_raw_file(root, "locations", "locations.csv", [
        {"location_id": "WH-EAST", "name": "East", "location_type": "warehouse",
         "timezone": "America/New_York", "country": "US"},
        {"location_id": "WH-WEST", "name": "West", "location_type": "warehouse",
         "timezone": "America/Los_Angeles", "country": "US"},
        {"location_id": "FBA-US", "name": "Amazon US", "location_type": "marketplace_fc",
         "channel": "amazon", "timezone": "America/Los_Angeles", "country": "US"},
    ], FIRST_LOAD)


def write_inventory(root: Path) -> None:
    """Write one snapshot day, loaded twice, and one publication.

    SKU-A on 2026-01-10:
      WH-EAST sellable = 20 - 3 reserved - 1 damaged - 1 inspection = 15;
        atp_h0 = 15 - 2 safety = 13;
        atp_h7 = 15 + 5 in transit (due 01-12 <= 01-17) - 2 = 18
        (the PO due 01-20 is after 01-17 and does not count).
      WH-WEST sellable 4; atp_h0 = atp_h7 = 4 - 2 = 2.
      Pools, safety stock once: b2b (H 7) 15 + 5 + 4 - 2 = 22;
        amazon (H 0) 15 + 4 - 2 = 17; shopify (H 2) 15 + 5 + 4 - 2 = 22.
      Allocation: b2b 22 (none), then amazon pool max(0, 17 - 22) = 0 and
        shopify pool max(0, 22 - 22) = 0 (pool_exhausted).
    Amazon was told 5 at 00:00: true 0, tolerance 1, over-promise, oversell 5.
    """
    snapshot = [
        {"snapshot_at": utc(2026, 1, 10, 6), "location_id": "WH-EAST", "sku": "SKU-A",
         "on_hand": 20, "reserved": 3, "damaged": 1, "inspection": 1, "quality_hold": 0,
         "in_transit": 5, "in_transit_expected_date": date(2026, 1, 12),
         "inbound_po": 10, "inbound_po_expected_date": date(2026, 1, 20)},
        {"snapshot_at": utc(2026, 1, 10, 6), "location_id": "WH-WEST", "sku": "SKU-A",
         "on_hand": 4, "reserved": 0, "damaged": 0, "inspection": 0, "quality_hold": 0,
         "in_transit": 0, "inbound_po": 0},
    ]
    # The same snapshot delivered again must not double the stock.
    write_raw_file(root, "wms_snapshots", "wms_2026-01-10.csv", snapshot, FIRST_LOAD)
    write_raw_file(root, "wms_snapshots", "wms_2026-01-10_again.csv", snapshot, SECOND_LOAD)

    write_raw_file(root, "published_availability", "feed.csv", [
        {"published_at": utc(2026, 1, 10, 0), "channel": "amazon", "channel_sku": "A-AMZ",
         "sku": "SKU-A", "quantity": 5, "feed_file": "amazon_inventory.txt"},
    ], FIRST_LOAD)


def write_b2b_orders(root: Path) -> None:
    """Write B2B orders, one of them re-exported with a changed quantity.

    B-1: 3 x 12.50 = 37.50; ship by 01-07, shipped 01-09 (New York): late_shipment.
      Exported twice with the same content: counted once, no duplicate.
      COGS 3 x 10.00 = 30.00; no fees.
    B-2: line 1 cancelled "out of stock": stock_cancel; line 2 backordered: backorder,
      open since 2026-01-05 15:00 UTC, 15 days at 2026-01-20.
    B-3: quantity 1 in the first export and 2 in the second: duplicate_order; the
      later export wins, so 2 x 12.50 = 25.00.
    """
    first = [
        {"order_id": "B-1", "line_number": 1, "account_id": "ACME", "ordered_at": utc(2026, 1, 5, 15),
         "ship_by_date": date(2026, 1, 7), "shipped_at": utc(2026, 1, 9, 15), "status": "shipped",
         "sku": "SKU-A", "quantity": 3, "unit_price": Decimal("12.50"), "currency": "USD"},
        {"order_id": "B-2", "line_number": 1, "account_id": "ACME", "ordered_at": utc(2026, 1, 5, 15),
         "ship_by_date": date(2026, 1, 30), "status": "cancelled", "sku": "SKU-B", "quantity": 2,
         "unit_price": Decimal("40.00"), "currency": "USD", "cancel_reason": "Out of stock"},
        {"order_id": "B-2", "line_number": 2, "account_id": "ACME", "ordered_at": utc(2026, 1, 5, 15),
         "ship_by_date": date(2026, 1, 30), "status": "backordered", "sku": "SKU-A", "quantity": 1,
         "unit_price": Decimal("12.50"), "currency": "USD"},
        {"order_id": "B-3", "line_number": 1, "account_id": "ACME", "ordered_at": utc(2026, 1, 6, 15),
         "ship_by_date": date(2026, 1, 30), "status": "accepted", "sku": "SKU-A", "quantity": 1,
         "unit_price": Decimal("12.50"), "currency": "USD"},
    ]
    second = [dict(first[0]), dict(first[3], quantity=2)]
    write_raw_file(root, "b2b_orders", "b2b_first.csv", first, FIRST_LOAD)
    write_raw_file(root, "b2b_orders", "b2b_second.csv", second, SECOND_LOAD)


def write_amazon(root: Path) -> None:
    """Write Amazon orders and one settlement, the settlement delivered twice.

    111-1 (Los Angeles day 01-05), A-AMZ -> SKU-A, 2 units, FBA:
      order total = 50.00 + 4.99 shipping + 4.00 tax - 5.00 promotion = 53.99;
      net sales 50 - 5 = 45.00; COGS 2 x 10 = 20.00;
      settled fees: Commission 4.00, FBA 6.44, total 10.44;
      gross profit 45 - 20 = 25; contribution 25 - 10.44 = 14.56.
    111-2, SKU unknown but ASIN B0ASINB -> SKU-B (apparel, 15 %), merchant fulfilled,
      Pending: estimated referral 0.15 x 30 = 4.50, no FBA fee;
      payment_hold; unshipped at 01-20 past its 01-07 deadline, but an order held for
      payment is not also late.
    111-3 on 01-07, native status "Weird": unmapped_status.
    Settlement 900 (USD): 50.00 - 5.00 - 4.00 - 6.44 - 39.99 = -5.43 over 5 rows.
      Expected fees of 111-1: 0.08 x (50 - 5) = 3.60 + 3.22 x 2 = 6.44 -> 10.04;
      settled 10.44; fee-rate variance -10.04 - (-10.44) = 0.40; expected -5.03.
    """
    common = {"currency": "USD", "sales_channel": "Amazon.com"}
    write_raw_file(root, "amazon_orders", "all_orders.txt", [
        {**common, "amazon_order_id": "111-1", "purchase_at": utc(2026, 1, 5, 20),
         "last_updated_at": utc(2026, 1, 6, 10), "order_status": "Shipped",
         "fulfillment_channel": "Amazon", "sku": "A-AMZ", "asin": "B0ASINA", "quantity": 2,
         "item_price": Decimal("50.00"), "item_tax": Decimal("4.00"),
         "shipping_price": Decimal("4.99"), "item_promotion_discount": Decimal("5.00")},
        {**common, "amazon_order_id": "111-2", "purchase_at": utc(2026, 1, 5, 20),
         "last_updated_at": utc(2026, 1, 5, 20), "order_status": "Pending",
         "fulfillment_channel": "Merchant", "sku": "B-AMZ-UNKNOWN", "asin": "B0ASINB",
         "quantity": 1, "item_price": Decimal("30.00")},
        {**common, "amazon_order_id": "111-3", "purchase_at": utc(2026, 1, 7, 20),
         "last_updated_at": utc(2026, 1, 7, 20), "order_status": "Weird",
         "fulfillment_channel": "Merchant", "sku": "A-AMZ", "quantity": 1,
         "item_price": Decimal("10.00")},
    ], FIRST_LOAD)

    summary = {"settlement_id": "900", "settlement_start_at": utc(2026, 1, 1),
               "settlement_end_at": utc(2026, 1, 14), "deposit_at": utc(2026, 1, 16),
               "total_amount": Decimal("-5.43"), "currency": "USD", "layout": "v2"}
    item = {"transaction_type": "Order", "order_id": "111-1", "sku": "A-AMZ",
            "fulfillment_id": "AFN", "posted_at": utc(2026, 1, 7)}
    rows = [
        {**summary, "record_type": "summary", "_line_number": 2},
        {**summary, **item, "record_type": "detail", "quantity_purchased": 2, "amount_type": "ItemPrice",
         "amount_description": "Principal", "amount": Decimal("50.00"), "_line_number": 3},
        {**summary, **item, "record_type": "detail", "amount_type": "Promotion",
         "amount_description": "Principal", "amount": Decimal("-5.00"), "_line_number": 4},
        {**summary, **item, "record_type": "detail", "amount_type": "ItemFees",
         "amount_description": "Commission", "amount": Decimal("-4.00"), "_line_number": 5},
        {**summary, **item, "record_type": "detail", "amount_type": "ItemFees",
         "amount_description": "FBAPerUnitFulfillmentFee", "amount": Decimal("-6.44"), "_line_number": 6},
        {**summary, "record_type": "detail", "transaction_type": "Subscription Fee",
         "amount_type": "other-transaction", "amount_description": "Subscription Fee",
         "amount": Decimal("-39.99"), "posted_at": utc(2026, 1, 2), "_line_number": 7},
    ]
    write_raw_file(root, "amazon_settlements", "900.txt", rows, FIRST_LOAD)
    write_raw_file(root, "amazon_settlements", "900_downloaded_again.txt", rows, SECOND_LOAD)


def write_shopify(root: Path) -> None:
    """Write one Shopify order of two line rows and its payout.

    #1001 (New York day 01-05): Total 55.00 stated once on the first row.
      Line 1 A-SHOP 20.00; line 2 has no SKU, matched by name "Blue Shirt": unmapped_sku.
      Payment fee 1.90 spread by net sales: 1.90 x 20/50 = 0.76 and 1.90 x 30/50 = 1.14.
    #1002 appears twice in the same export: duplicate_order, counted once (total 25.00).
    Payout 2026-01-08: net 55.00 - 1.90 = 53.10 over 1 transaction;
      expected fee 0.029 x 55.00 + 0.30 = 1.895, charged in whole cents as 1.90,
      so the fee-rate variance is -1.90 - (-1.90) = 0.
    """
    repeated_order = {
        "name": "#1002", "order_row_index": 1, "financial_status": "paid", "fulfillment_status": "fulfilled",
        "fulfilled_at": utc(2026, 1, 7, 12), "currency": "USD", "total": Decimal("25.00"),
        "created_at": utc(2026, 1, 6, 12), "lineitem_quantity": 1, "lineitem_name": "Vitamin C",
        "lineitem_price": Decimal("20.00"), "lineitem_sku": "A-SHOP", "lineitem_fulfillment_status": "fulfilled",
    }
    write_raw_file(root, "shopify_orders", "orders_export.csv", [
        {"name": "#1001", "order_row_index": 1, "financial_status": "paid",
         "paid_at": utc(2026, 1, 5, 12), "fulfillment_status": "fulfilled",
         "fulfilled_at": utc(2026, 1, 6, 12), "currency": "USD", "subtotal": Decimal("50.00"),
         "shipping": Decimal("5.00"), "taxes": Decimal("0.00"), "total": Decimal("55.00"),
         "discount_amount": Decimal("0.00"), "created_at": utc(2026, 1, 5, 12),
         "lineitem_quantity": 1, "lineitem_name": "Vitamin C", "lineitem_price": Decimal("20.00"),
         "lineitem_sku": "A-SHOP", "lineitem_fulfillment_status": "fulfilled", "id": "5001"},
        {"name": "#1001", "order_row_index": 2, "created_at": utc(2026, 1, 5, 12),
         "lineitem_quantity": 1, "lineitem_name": "Blue Shirt", "lineitem_price": Decimal("30.00"),
         "lineitem_fulfillment_status": "fulfilled"},
        repeated_order,
        repeated_order,
    ], FIRST_LOAD)
    write_raw_file(root, "shopify_payments", "payments.csv", [
        {"transaction_at": utc(2026, 1, 5, 12), "type": "charge", "order_name": "#1001",
         "payout_status": "paid", "payout_date": date(2026, 1, 8), "available_on": date(2026, 1, 8),
         "amount": Decimal("55.00"), "fee": Decimal("1.90"), "net": Decimal("53.10"), "currency": "USD"},
    ], FIRST_LOAD)


def write_hand_worked_raw_layer(root: Path) -> None:
    """Write the whole fixture into the raw layer under `root`."""
    write_empty_raw_layer(root)
    write_master_data(root)
    write_inventory(root)
    write_b2b_orders(root)
    write_amazon(root)
    write_shopify(root)
    write_returns(root)

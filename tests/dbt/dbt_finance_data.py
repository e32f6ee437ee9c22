"""A raw layer for the finance marts (Walmart, eBay, Shopify payouts, FX), worked out by hand.

Seeds in force: Walmart charges 15 % commission (8 % supplements), eBay 13.25 %
final value fee plus 0.30 per order item, Shopify 2.9 % + 0.30 per charge;
Walmart counts days in America/Chicago. The reporting currency is USD.

FX rates (USD per unit): EUR 1.10 on Fri 2026-01-09 and 1.20 on Mon 2026-01-12;
USD to CAD 1.25 on 2026-01-09, inverted to CAD 0.80. A weekend day uses Friday's rate.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

from dbt_hand_worked_data import FIRST_LOAD, utc
from dbt_raw_fixtures import write_empty_raw_layer, write_raw_file

D = Decimal


def write_master_data(root: Path) -> None:
    """Write a USD-costed lamp and an EUR-costed cup; neither has channel SKU rows."""
    write_raw_file(root, "products", "products.csv", [
        {"sku": "SKU-W", "title": "Desk Lamp", "category": "home",
         "unit_cost": D("20.00"), "cost_currency": "USD", "safety_stock": 0},
        {"sku": "SKU-E", "title": "Espresso Cup", "category": "kitchen",
         "unit_cost": D("5.00"), "cost_currency": "EUR", "safety_stock": 0},
    ], FIRST_LOAD)
    write_raw_file(root, "fx_rates", "fx.csv", [
        {"rate_date": date(2026, 1, 9), "base_currency": "EUR", "quote_currency": "USD", "rate": D("1.10")},
        {"rate_date": date(2026, 1, 12), "base_currency": "EUR", "quote_currency": "USD", "rate": D("1.20")},
        {"rate_date": date(2026, 1, 9), "base_currency": "USD", "quote_currency": "CAD", "rate": D("1.25")},
    ], FIRST_LOAD)


def write_walmart(root: Path) -> None:
    """Write four Walmart order lines and one v1 settlement of 2026-01-01 to 2026-01-14.

    Orders (noon UTC, the same day in Chicago):
      W1 01-10 SKU-W x2 100.00 USD; W2 01-10 SKU-E x1 30.00 USD; W3 01-11 SKU-W x1 50.00 USD;
      W4 01-12 SKU-E x1 40.00 CAD, not settled.
    COGS: W1 2 x 20 = 40; W2 5.00 EUR x 1.10 (Friday's rate on Saturday) = 5.50 USD;
      W4 5.00 EUR x 1.20 = 6.00 USD / 0.80 = 7.50 CAD.
    Settlement lines: W1 +100 price, -15 commission (15 % of 100, on schedule);
      W2 +30, -6.00 (schedule 4.50: fee-rate variance -4.50 - -6.00 = +1.50);
      W3 +50 without commission (timing: -0.15 x 50 = -7.50);
      W1 refund -50, commission returned +6.00 (missing reimbursement 7.50 - 6.00 = 1.50);
      W1's return label -4.00 (a shipping chargeback on the refund: return shipping);
      an ADJMNT "Mystery program fee" -2.00 that no fee_buckets row matches (unmapped_fee).
      Lines: 100 - 15 + 30 - 6 + 50 - 50 + 6 - 4 - 2 = 109.00 = Total Payable.
      Variance 1.50 - 7.50 + 1.50 = -4.50; expected total 104.50.
    """
    write_raw_file(root, "walmart_orders", "walmart_orders.csv", [
        {"purchase_order_id": "W1", "customer_order_id": "C1", "order_date": date(2026, 1, 10),
         "ship_by_date": date(2026, 1, 12), "line_number": 1, "status": "Shipped", "sku": "SKU-W",
         "quantity": 2, "item_cost": D("100.00"), "shipping_cost": D("0.00")},
        {"purchase_order_id": "W2", "customer_order_id": "C2", "order_date": date(2026, 1, 10),
         "ship_by_date": date(2026, 1, 12), "line_number": 1, "status": "Shipped", "sku": "SKU-E",
         "quantity": 1, "item_cost": D("30.00")},
        {"purchase_order_id": "W3", "customer_order_id": "C3", "order_date": date(2026, 1, 11),
         "ship_by_date": date(2026, 1, 13), "line_number": 1, "status": "Shipped", "sku": "SKU-W",
         "quantity": 1, "item_cost": D("50.00")},
        {"purchase_order_id": "W4", "customer_order_id": "C4", "order_date": date(2026, 1, 12),
         "ship_by_date": date(2026, 1, 14), "line_number": 1, "status": "Acknowledged", "sku": "SKU-E",
         "quantity": 1, "item_cost": D("40.00"), "currency": "CAD"},
    ], FIRST_LOAD)

    period = {"layout": "v1", "period_start_date": date(2026, 1, 1), "period_end_date": date(2026, 1, 14),
              "total_payable": D("109.00"), "currency": "USD"}
    amounts = [
        ("W1", "SALE", "Product Price", "100.00", 2), ("W1", "SALE", "Commission on Product", "-15.00", 2),
        ("W2", "SALE", "Product Price", "30.00", 1), ("W2", "SALE", "Commission on Product", "-6.00", 1),
        ("W3", "SALE", "Product Price", "50.00", 1),
        ("W1", "REFUNDED", "Product Price", "-50.00", 1), ("W1", "REFUNDED", "Commission on Product", "6.00", 1),
        ("W1", "REFUNDED", "Return Shipping Charge", "-4.00", 1),
    ]
    skus = {"W1": "SKU-W", "W2": "SKU-E", "W3": "SKU-W"}
    rows = [
        {**period, "transaction_type": kind, "purchase_order_id": order, "purchase_order_line": "1",
         "partner_item_id": skus[order], "amount_type": amount_type, "amount": D(amount), "ship_qty": quantity,
         "posted_date": date(2026, 1, 12), "amount_column": "Amount"}
        for order, kind, amount_type, amount, quantity in amounts
    ]
    rows.append({**period, "transaction_type": "ADJMNT", "transaction_description": "Mystery program fee",
                 "amount_type": "Fee/Reimbursement", "amount": D("-2.00"), "posted_date": date(2026, 1, 13),
                 "amount_column": "Amount"})
    write_raw_file(root, "walmart_recon", "walmart_recon.csv", rows, FIRST_LOAD)


def write_ebay(root: Path) -> None:
    """Write an EUR eBay account: payout P1 on Mon 2026-01-12 and one unpaid order.

    E1 01-10: 20.00 item + 5.00 shipping - 0.30 fixed - 2.65 variable (13.25 % of 20) = net 22.05,
      plus a promoted listings fee of -1.00.
    E2 01-11: 12.00 - 0.30 - 2.00 = 9.70; the schedule expects 1.59 + 0.30 = 1.89, so
      fee-rate variance = -1.89 - (-2.30) = +0.41.
    Payout P1 = 22.05 - 1.00 + 9.70 = 30.75 (the Payout row states -30.75); in USD at
      Monday's 1.20: 36.90, variance 0.41 x 1.20 = 0.492.
    E3 01-13 unpaid: 8.00 - 0.30 - 1.06 = 6.64, in USD at 1.20 (latest rate on or before 01-13) = 7.968.
    """
    def order(order_id, day, item, fixed, variable, net, payout):
        return {"transaction_date": day, "type": "Order", "order_number": order_id, "custom_label": "SKU-E",
                "quantity": 1, "item_subtotal": D(item), "final_value_fee_fixed": D(fixed),
                "final_value_fee_variable": D(variable), "net_amount": D(net), "transaction_currency": "EUR",
                "payout_id": payout, "transaction_id": f"T-{order_id}"}

    write_raw_file(root, "ebay_transactions", "ebay.csv", [
        {**order("E1", date(2026, 1, 10), "20.00", "-0.30", "-2.65", "22.05", "P1"), "shipping_and_handling": D("5.00")},
        {"transaction_date": date(2026, 1, 10), "type": "Other fee", "order_number": "E1", "net_amount": D("-1.00"),
         "transaction_currency": "EUR", "payout_id": "P1", "description": "Promoted Listings - General fee"},
        order("E2", date(2026, 1, 11), "12.00", "-0.30", "-2.00", "9.70", "P1"),
        {"transaction_date": date(2026, 1, 12), "type": "Payout", "net_amount": D("-30.75"),
         "transaction_currency": "EUR", "payout_id": "P1", "payout_date": date(2026, 1, 12)},
        order("E3", date(2026, 1, 13), "8.00", "-0.30", "-1.06", "6.64", None),
    ], FIRST_LOAD)


def write_shopify(root: Path) -> None:
    """Write one charge of 100.00 (fee 2.9 % + 0.30 = 3.20, net 96.80) paid out on 2026-01-11.

    The payouts export states a Total of 96.00 for that day: the payout is 0.80 short.
    """
    write_raw_file(root, "shopify_payments", "payments.csv", [
        {"transaction_at": utc(2026, 1, 9, 15), "type": "charge", "order_name": "#9001", "payout_status": "paid",
         "payout_date": date(2026, 1, 11), "amount": D("100.00"), "fee": D("3.20"), "net": D("96.80"),
         "currency": "USD"},
    ], FIRST_LOAD)
    write_raw_file(root, "shopify_payouts", "payouts.csv", [
        {"payout_date": date(2026, 1, 11), "status": "paid", "charges": D("100.00"), "refunds": D("0.00"),
         "fees": D("-3.20"), "total": D("96.00"), "currency": "USD"},
    ], FIRST_LOAD)


def write_amazon(root: Path) -> None:
    """Write a wide-layout Amazon settlement without its summary row, from Amazon.ca.

    Its currency comes from the marketplace: CAD. Lines: 10.00 principal, and -1.00 of
    an amount description no fee_buckets row matches (unmapped_fee). The principal posted
    2026-01-10 converts at CAD 0.80 = 8.00 USD.
    """
    common = {"settlement_id": "NOSUM", "record_type": "detail", "layout": "wide", "transaction_type": "Order",
              "order_id": "A-X", "sku": "A-AMZ", "marketplace_name": "Amazon.ca", "posted_at": utc(2026, 1, 10, 9)}
    write_raw_file(root, "amazon_settlements", "nosum.txt", [
        {**common, "amount_type": "ItemPrice", "amount_description": "Principal", "amount": D("10.00"),
         "amount_column": "price-amount", "_line_number": 2},
        {**common, "amount_type": "ItemFees", "amount_description": "NewFeeType", "amount": D("-1.00"),
         "amount_column": "item-related-fee-amount", "_line_number": 2},
    ], FIRST_LOAD)


def write_returns(root: Path) -> None:
    """Write two returns of our own and one FBA return.

    R1 (walmart W1, SKU-W, 1 of its 2 units): received 01-14 10:00, restocked 01-15 22:00:
      cycle 1.5 days; COGS reversed 40 x 1 / 2 = 20.
    R2 (walmart W3, SKU-W): received 01-13 00:00, disposed of as damaged 01-16 00:00: 3.0 days,
      nothing reversed.
    FBA (amazon A-X, A-AMZ): graded SELLABLE on 01-12, received and restocked at once: 0 days.
    Restock rate: 1 + 0 + 1 restocked of 1 + 1 + 1 disposed units = 2 / 3.
    """
    def event(return_id, order_id, name, at, **extra):
        return {"return_id": return_id, "channel": "walmart", "order_id": order_id, "sku": "SKU-W", "quantity": 1,
                "event": name, "event_at": at, **extra}

    write_raw_file(root, "returns", "returns.csv", [
        event("R1", "W1", "requested", utc(2026, 1, 12, 10), reason="Changed mind"),
        event("R1", "W1", "received", utc(2026, 1, 14, 10), location_id="WH-EAST"),
        event("R1", "W1", "inspected", utc(2026, 1, 15, 9), disposition="sellable"),
        event("R1", "W1", "restocked", utc(2026, 1, 15, 22), location_id="WH-EAST"),
        event("R2", "W3", "received", utc(2026, 1, 13, 0), reason="Damaged"),
        event("R2", "W3", "inspected", utc(2026, 1, 15, 0), disposition="damaged"),
        event("R2", "W3", "disposed", utc(2026, 1, 16, 0)),
    ], FIRST_LOAD)
    write_raw_file(root, "amazon_fba_returns", "fba_returns.txt", [
        {"return_at": utc(2026, 1, 12, 8), "order_id": "A-X", "sku": "A-AMZ", "quantity": 1,
         "detailed_disposition": "SELLABLE", "reason": "UNWANTED_ITEM", "license_plate_number": "LPN1"},
    ], FIRST_LOAD)


def write_finance_raw_layer(root: Path) -> None:
    """Write the whole finance fixture into the raw layer under `root`."""
    write_empty_raw_layer(root)
    write_master_data(root)
    write_walmart(root)
    write_ebay(root)
    write_shopify(root)
    write_amazon(root)
    write_returns(root)

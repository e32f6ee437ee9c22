"""Walmart orders export and reconciliation report (v1 layout) for the demo.

Walmart is a separate part of the demo with its own seed. Its orders are drawn
here, not in `orders.py`, so no other demo file depends on them.
NOTE: Walmart sales therefore do not draw from the simulated stock.
"""

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from ingestion.demo.config import WALMART_COMMISSION_BY_CATEGORY, WALMART_COMMISSION_DEFAULT, DemoConfig
from ingestion.demo.exports.csv_files import cents, rate_cents, write_csv
from ingestion.demo.writer import WrittenFiles

ORDER_SHARE = 0.05
SHIPPING_CENTS = 499
REFUND_SHARE = 0.04
# Lines are posted to the reconciliation report this many days after the order.
POSTING_DELAY_DAYS = 2
HANDLING_DAYS = 2
PERIOD_DAYS = 14

ORDERS_HEADER = ["PO#", "Order#", "Order Date", "Ship By", "Line#", "Status", "Item Description", "Shipping Method",
                 "Qty", "SKU", "Item Cost", "Shipping Cost", "Tax", "Carrier", "Tracking Number", "Fulfillment Entity"]
RECON_HEADER = [
    "Period Start Date", "Period End Date", "Total Payable", "Currency", "Transaction Key",
    "Transaction Posted Timestamp", "Transaction Type", "Transaction Description", "Customer Order #",
    "Customer Order line #", "Purchase Order #", "Purchase Order line #", "Amount", "Amount Type", "Ship Qty",
    "Commission Rate", "Transaction Reason Description", "Partner Item Id", "Partner GTIN", "Partner Item Name",
    "Product Tax Code", "Ship to State", "Ship to City", "Ship to Zipcode", "Contract Category", "Product Type",
    "Commission Rule", "Shipping Method", "Fulfillment Type",
]


def draw_walmart_orders(config: DemoConfig, products: pd.DataFrame) -> pd.DataFrame:
    """Draw Walmart purchase orders of one line each, with one or two units."""
    rng = np.random.default_rng(config.rng_seed("walmart"))
    count = max(5, int(config.orders * ORDER_SHARE))
    picked = products.iloc[rng.choice(len(products), size=count, p=products["popularity"].to_numpy())]
    orders = pd.DataFrame({
        "sku": picked["sku"].to_numpy(), "title": picked["title"].to_numpy(),
        "category": picked["category"].to_numpy(), "price_cents": picked["price_cents"].to_numpy(),
        "quantity": rng.integers(1, 3, size=count), "day": np.sort(rng.integers(0, config.days, size=count)),
        "shipping": np.where(rng.random(count) < 0.5, SHIPPING_CENTS, 0),
        "refunded": rng.random(count) < REFUND_SHARE,
    })
    orders["item_cents"] = orders["price_cents"] * orders["quantity"]
    orders["order_date"] = [config.start_date + timedelta(days=int(day)) for day in orders["day"]]
    orders["purchase_order_id"] = [str(1_800_000_000_000 + 7 * index) for index in range(count)]
    orders["customer_order_id"] = [str(2_000_000_000_000 + 11 * index) for index in range(count)]
    # Lines ordered in the last days are not shipped yet; their ship-by day is still ahead.
    orders["shipped"] = orders["day"] < config.days - HANDLING_DAYS
    orders["refunded"] &= orders["shipped"]
    rates = [WALMART_COMMISSION_BY_CATEGORY.get(category, WALMART_COMMISSION_DEFAULT) for category in orders["category"]]
    orders["commission_rate"] = rates
    orders["commission_cents"] = [rate_cents(item, rate) for item, rate in zip(orders["item_cents"], rates)]
    return orders


def write_walmart_orders(out_dir: Path, written: WrittenFiles, config: DemoConfig, orders: pd.DataFrame) -> None:
    """Write the Seller Center order export, one row per purchase order line, with US dates."""
    rows = []
    for order in orders.itertuples():
        ship_by = order.order_date + timedelta(days=HANDLING_DAYS)
        tax = (order.item_cents * 7 + 50) // 100
        rows.append([
            order.purchase_order_id, order.customer_order_id, _us_date(order.order_date), _us_date(ship_by), "1",
            "Shipped" if order.shipped else "Acknowledged", order.title, "Standard", str(order.quantity), order.sku,
            cents(order.item_cents), cents(order.shipping), cents(tax),
            "UPS" if order.shipped else "", f"1Z{order.purchase_order_id}" if order.shipped else "", "Seller Fulfilled",
        ])
    path = out_dir / "walmart_orders" / f"walmart_orders_{config.start_date.isoformat()}_{config.end_date.isoformat()}.csv"
    write_csv(path, written, ORDERS_HEADER, rows)


def write_walmart_recon(out_dir: Path, written: WrittenFiles, config: DemoConfig, orders: pd.DataFrame) -> None:
    """Write one v1 reconciliation report per 14-day period that has postings.

    Each shipped line posts its price, shipping and commission (negative) two
    days after the order; a refunded line posts its refund and the commission
    returned a week later. The commission is the seed's rate on the price,
    rounded half up to the cent, so the demo's Walmart settlements have no variance.
    """
    postings = []
    for order in orders[orders["shipped"]].itertuples():
        posted = order.order_date + timedelta(days=POSTING_DELAY_DAYS)
        postings.append((posted, order, "SALE", order.item_cents, "Product Price"))
        if order.shipping:
            postings.append((posted, order, "SALE", order.shipping, "Shipping Price"))
        postings.append((posted, order, "SALE", -order.commission_cents, "Commission on Product"))
        if order.refunded:
            refunded = posted + timedelta(days=7)
            postings.append((refunded, order, "REFUNDED", -order.item_cents, "Product Price"))
            postings.append((refunded, order, "REFUNDED", order.commission_cents, "Commission on Product"))
    postings = [posting for posting in postings if posting[0] <= config.end_date]

    for start, end in _periods(config):
        period = [posting for posting in postings if start <= posting[0] <= end]
        if not period:
            continue
        total = sum(posting[3] for posting in period)
        rows = [_recon_row(start, end, total, index, posting) for index, posting in enumerate(period)]
        path = out_dir / "walmart_recon" / f"walmart_recon_{start.isoformat()}_{end.isoformat()}.csv"
        write_csv(path, written, RECON_HEADER, rows)


def _recon_row(start: date, end: date, total: int, index: int, posting) -> list[str]:
    posted, order, kind, amount, amount_type = posting
    rate = f"{order.commission_rate / 100:.2f}"
    return [
        _us_date(start), _us_date(end), cents(total), "USD", f"{order.purchase_order_id}-{kind}-{index}",
        _us_date(posted), kind, "Purchase" if kind == "SALE" else "Refund", order.customer_order_id, "1",
        order.purchase_order_id, "1", cents(amount), amount_type, str(order.quantity), rate,
        "Customer changed mind" if kind == "REFUNDED" else "", order.sku, f"0{order.purchase_order_id[-12:]}",
        order.title, "2038345", "NY", "New York", "10001", order.category, order.category, "Standard", "Standard",
        "Seller Fulfilled",
    ]


def _periods(config: DemoConfig) -> list[tuple[date, date]]:
    """Split the demo days, plus the days refunds may post after them, into 14-day periods."""
    periods = []
    start = config.start_date
    while start <= config.end_date:
        periods.append((start, start + timedelta(days=PERIOD_DAYS - 1)))
        start += timedelta(days=PERIOD_DAYS)
    return periods


def _us_date(day: date) -> str:
    return day.strftime("%m/%d/%Y")

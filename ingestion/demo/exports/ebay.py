"""eBay transaction report for the demo: an EUR account paid out weekly.

eBay is a separate part of the demo with its own seed, so no other demo file
depends on it. The demo has no eBay orders report, so eBay shows in the
settlement marts only.
"""

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from ingestion.demo.config import EBAY_CURRENCY, EBAY_FINAL_VALUE_RATE, EBAY_FIXED_FEE_CENTS, DemoConfig
from ingestion.demo.exports.csv_files import cents, rate_cents, write_csv
from ingestion.demo.writer import WrittenFiles

ORDER_SHARE = 0.04
# Demo prices are in US cents; the EUR account lists them at this many EUR cents per 100 US cents.
EUR_PER_100_USD = 92
SHIPPING_CENTS = 490
PROMOTED_SHARE = 0.2
PROMOTED_RATE = 500
REFUND_SHARE = 0.03
EMPTY = "--"

HEADER = [
    "Transaction creation date", "Type", "Order number", "Legacy order ID", "Buyer username", "Buyer name",
    "Ship to city", "Ship to province/region/state", "Ship to zip", "Ship to country", "Net amount",
    "Payout currency", "Payout date", "Payout ID", "Payout method", "Payout status", "Reason for hold", "Item ID",
    "Transaction ID", "Item title", "Custom label", "Quantity", "Item subtotal", "Shipping and handling",
    "Seller collected tax", "eBay collected tax", "Final Value Fee - fixed", "Final Value Fee - variable",
    "Very high \"item not as described\" fee", "Below standard performance fee", "International fee",
    "Gross transaction amount", "Transaction currency", "Exchange rate", "Reference ID", "Description",
]


def write_ebay_transactions(out_dir: Path, written: WrittenFiles, config: DemoConfig, products: pd.DataFrame) -> None:
    """Write the transaction report: orders, promoted listings fees, refunds and weekly payouts.

    Fees are the seed's final value fee rate on the item price, rounded half up
    to the cent, plus the fixed fee, so the demo's eBay settlements have no variance.
    Transactions after the last Monday payout are unpaid.
    """
    rng = np.random.default_rng(config.rng_seed("ebay"))
    count = max(5, int(config.orders * ORDER_SHARE))
    picked = products.iloc[rng.choice(len(products), size=count, p=products["popularity"].to_numpy())]
    days = np.sort(rng.integers(0, config.days, size=count))
    promoted = rng.random(count) < PROMOTED_SHARE
    refunded = rng.random(count) < REFUND_SHARE

    transactions = []
    for index, (product, day) in enumerate(zip(picked.itertuples(), days)):
        sold = config.start_date + timedelta(days=int(day))
        transactions += _order_transactions(index, product, sold, promoted[index], refunded[index])
    transactions = [row for row in transactions if row["date"] <= config.end_date]

    rows = []
    for payout_day in _payout_days(config):
        paid = [row for row in transactions if "payout_id" not in row and row["date"] < payout_day]
        if not paid:
            continue
        payout_id = f"P{payout_day.strftime('%Y%m%d')}"
        for row in paid:
            row.update(payout_id=payout_id, payout_day=payout_day)
        total = sum(row["net"] for row in paid)
        transactions.append({"date": payout_day, "type": "Payout", "net": -total, "payout_id": payout_id,
                             "payout_day": payout_day, "description": "Payout to bank"})
    for row in sorted(transactions, key=lambda row: (row["date"], row.get("order", ""), row["type"]), reverse=True):
        rows.append(_report_row(row))

    preamble = [["Transaction report"], [f"Start date: {_report_date(config.start_date)}"],
                [f"End date: {_report_date(config.end_date)}"], [f"Currency: {EBAY_CURRENCY}"], []]
    path = out_dir / "ebay_transactions" / (
        f"ebay_transaction_report_{config.start_date.isoformat()}_{config.end_date.isoformat()}.csv")
    write_csv(path, written, HEADER, rows, preamble=preamble, quote_all=True)


def _order_transactions(index: int, product, sold: date, promoted: bool, refunded: bool) -> list[dict]:
    order = f"{10 + index % 90:02d}-{13000 + index:05d}-{70000 + index * 3:05d}"
    item = (product.price_cents * EUR_PER_100_USD + 50) // 100
    variable = -rate_cents(item, EBAY_FINAL_VALUE_RATE)
    fixed = -EBAY_FIXED_FEE_CENTS
    common = {"order": order, "sku": product.sku, "title": product.title, "item_id": str(300000000000 + index)}
    rows = [{**common, "date": sold, "type": "Order", "item": item, "shipping": SHIPPING_CENTS, "fixed": fixed,
             "variable": variable, "net": item + SHIPPING_CENTS + fixed + variable, "quantity": 1,
             "transaction_id": str(2000000000000 + index)}]
    if promoted:
        fee = -rate_cents(item, PROMOTED_RATE)
        rows.append({**common, "date": sold + timedelta(days=1), "type": "Other fee", "net": fee,
                     "description": "Promoted Listings - General fee"})
    if refunded:
        # eBay credits the variable final value fee back on a refund, not the fixed one.
        rows.append({**common, "date": sold + timedelta(days=9), "type": "Refund", "item": -item,
                     "shipping": -SHIPPING_CENTS, "variable": -variable, "net": -item - SHIPPING_CENTS - variable,
                     "quantity": 1, "transaction_id": str(2000000000000 + index)})
    return rows


def _report_row(row: dict) -> list[str]:
    def money(key: str) -> str:
        return cents(row[key]) if key in row else EMPTY

    gross = row.get("item", 0) + row.get("shipping", 0) if "item" in row else row["net"]
    paid = "payout_id" in row
    return [
        _report_date(row["date"]), row["type"], row.get("order", EMPTY), EMPTY, EMPTY, EMPTY, EMPTY, EMPTY, EMPTY,
        EMPTY, cents(row["net"]), EBAY_CURRENCY, _report_date(row["payout_day"]) if paid else EMPTY,
        row.get("payout_id", EMPTY), "Bank account" if paid else EMPTY, "Paid" if paid else "Processing", EMPTY,
        row.get("item_id", EMPTY), row.get("transaction_id", EMPTY), row.get("title", EMPTY), row.get("sku", EMPTY),
        str(row["quantity"]) if "quantity" in row else EMPTY, money("item"), money("shipping"), EMPTY, EMPTY,
        money("fixed"), money("variable"), EMPTY, EMPTY, EMPTY, cents(gross), EBAY_CURRENCY, EMPTY, EMPTY,
        row.get("description", EMPTY),
    ]


def _payout_days(config: DemoConfig) -> list[date]:
    """Return every Monday of the demo after its first day; each pays out everything before it."""
    first_monday = config.start_date + timedelta(days=(7 - config.start_date.weekday()) % 7 or 7)
    days = []
    while first_monday <= config.end_date:
        days.append(first_monday)
        first_monday += timedelta(days=7)
    return days


def _report_date(day: date) -> str:
    return f"{day.strftime('%b')} {day.day}, {day.year}"

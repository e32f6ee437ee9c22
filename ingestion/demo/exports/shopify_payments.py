"""The Shopify Payments transactions export: charges, refunds and their payouts."""

from pathlib import Path

import duckdb
import pandas as pd

from ingestion.demo.config import SHOPIFY_PAYMENT_FIXED_CENTS, SHOPIFY_PAYMENT_RATE, STORE_TIMEZONE, DemoConfig
from ingestion.demo.writer import WrittenFiles, write_query

HEADER = [
    "Transaction Date", "Type", "Order", "Card Brand", "Card Source", "Payout Status", "Payout Date",
    "Available On", "Amount", "Fee", "Net", "Checkout", "Payment Method Name", "Presentment Amount",
    "Presentment Currency", "Currency",
]
# Funds become available, and are paid out, this many days after the transaction day.
PAYOUT_DELAY_DAYS = 2
CARD_BRANDS = ("visa", "master", "american_express", "discover")


def payment_transactions(orders: pd.DataFrame) -> pd.DataFrame:
    """Return one charge per paid order and one refund per refunded order, in cents.

    The fee is the rate on the amount rounded half up to the cent, plus the fixed
    fee; refunds carry no fee, so Net = Amount - Fee on every row.
    """
    paid = orders[orders["is_paid"]]
    rate_per_mille = round(SHOPIFY_PAYMENT_RATE * 1000)
    charges = pd.DataFrame({
        "order_seq": paid.index, "order_id": paid["order_id"], "transaction_at": paid["paid_at"], "type": "charge",
        "amount": paid["total"],
        "fee": (paid["total"] * rate_per_mille + 500) // 1000 + SHOPIFY_PAYMENT_FIXED_CENTS,
    })
    refunded = paid[paid["refunded_cents"] > 0]
    refunds = pd.DataFrame({
        "order_seq": refunded.index, "order_id": refunded["order_id"], "transaction_at": refunded["refund_at"],
        "type": "refund", "amount": -refunded["refunded_cents"], "fee": 0,
    })
    transactions = pd.concat([charges, refunds], ignore_index=True)
    transactions["net"] = transactions["amount"] - transactions["fee"]
    return transactions


def write_shopify_payments(conn: duckdb.DuckDBPyConnection, out_dir: Path, written: WrittenFiles,
                           config: DemoConfig, transactions: pd.DataFrame) -> None:
    """Write every transaction, newest first as Shopify exports them."""
    conn.register("payment_frame", transactions)
    brands = "[" + ", ".join(f"'{b}'" for b in CARD_BRANDS) + "]"
    path = out_dir / "shopify_payments" / (
        f"payment_transactions_export_{config.start_date.isoformat()}_{config.end_date.isoformat()}.csv")
    write_query(conn, f"""
        WITH t AS (
            SELECT *, CAST(timezone('{STORE_TIMEZONE}', transaction_at) AS DATE) + INTERVAL {PAYOUT_DELAY_DAYS} DAY AS payout
            FROM payment_frame
        )
        SELECT shopify_time(transaction_at, '{STORE_TIMEZONE}'), type, order_id,
               {brands}[order_seq % {len(CARD_BRANDS)} + 1], 'online',
               CASE WHEN CAST(payout AS DATE) <= DATE '{config.end_date.isoformat()}' THEN 'paid' ELSE 'pending' END,
               strftime(payout, '%Y-%m-%d'), strftime(payout, '%Y-%m-%d'),
               money(amount), money(fee), money(net),
               '#' || CAST(38000000000000 + order_seq * 17 AS VARCHAR), 'card', money(abs(amount)), 'USD', 'USD'
        FROM t ORDER BY transaction_at DESC, order_seq DESC, type
    """, path, written, header=HEADER, expected_rows=len(transactions))
    conn.unregister("payment_frame")

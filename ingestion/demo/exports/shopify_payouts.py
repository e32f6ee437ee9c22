"""The Shopify Payments payouts export: one row per payout day, summed from the transactions."""

from pathlib import Path

import pandas as pd

from ingestion.demo.config import STORE_TIMEZONE, DemoConfig
from ingestion.demo.exports.csv_files import cents, write_csv
from ingestion.demo.exports.shopify_payments import PAYOUT_DELAY_DAYS
from ingestion.demo.writer import WrittenFiles

HEADER = ["Payout Date", "Status", "Charges", "Refunds", "Adjustments", "Reserved Funds", "Fees",
          "Retried Amount", "Total", "Currency"]


def write_shopify_payouts(out_dir: Path, written: WrittenFiles, config: DemoConfig,
                          transactions: pd.DataFrame) -> None:
    """Write each payout of the payments export with its parts; Total = the sum of its transactions' Net.

    The payout day is the transaction's store-local day plus the payout delay,
    as in the payments export, so each payout matches its transactions exactly.
    """
    local_day = transactions["transaction_at"].dt.tz_convert(STORE_TIMEZONE).dt.tz_localize(None).dt.normalize()
    frame = transactions.assign(payout=(local_day + pd.Timedelta(days=PAYOUT_DELAY_DAYS)).dt.date)
    frame["charge"] = frame["amount"].where(frame["type"] == "charge", 0)
    frame["refund"] = frame["amount"].where(frame["type"] == "refund", 0)
    payouts = frame.groupby("payout").agg(
        charges=("charge", "sum"), refunds=("refund", "sum"), fees=("fee", "sum"), total=("net", "sum"),
    )

    rows = []
    for payout, row in payouts.sort_index(ascending=False).iterrows():
        status = "paid" if payout <= config.end_date else "scheduled"
        rows.append([payout.isoformat(), status, cents(int(row["charges"])), cents(int(row["refunds"])), "0.00",
                     "0.00", cents(-int(row["fees"])), "0.00", cents(int(row["total"])), "USD"])
    path = out_dir / "shopify_payouts" / (
        f"payouts_export_{config.start_date.isoformat()}_{config.end_date.isoformat()}.csv")
    write_csv(path, written, HEADER, rows)

"""Amazon settlement flat files: the V2 (long) layout, and the wide layout for the oldest.

Every amount is whole cents, so the detail rows of each file sum exactly to the
summary row's total-amount.
"""

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ingestion.demo import faults as F
from ingestion.demo.config import (
    FBA_FEE_CENTS_BY_CATEGORY,
    FBA_FEE_CENTS_DEFAULT,
    REFERRAL_RATE_BY_CATEGORY,
    REFERRAL_RATE_DEFAULT,
    DemoConfig,
)
from ingestion.demo.naming import day_date, settlement_file
from ingestion.demo.stock import StockHistory
from ingestion.demo.timeline import report_time, snapshot_times
from ingestion.demo.writer import WrittenFiles, write_query

V2_HEADER = (
    "settlement-id settlement-start-date settlement-end-date deposit-date total-amount currency "
    "transaction-type order-id merchant-order-id adjustment-id shipment-id marketplace-name "
    "amount-type amount-description amount fulfillment-id posted-date posted-date-time "
    "order-item-code merchant-order-item-id merchant-adjustment-item-id sku quantity-purchased"
).split()
WIDE_HEADER = (
    "settlement-id settlement-start-date settlement-end-date deposit-date total-amount currency "
    "transaction-type order-id merchant-order-id adjustment-id shipment-id marketplace-name "
    "shipment-fee-type shipment-fee-amount order-fee-type order-fee-amount fulfillment-id "
    "posted-date order-item-code merchant-order-item-id merchant-adjustment-item-id sku "
    "quantity-purchased price-type price-amount item-related-fee-type item-related-fee-amount "
    "misc-fee-amount other-fee-amount other-fee-reason-description promotion-id promotion-type "
    "promotion-amount direct-payment-type direct-payment-amount other-amount"
).split()

SUBSCRIPTION_FEE_CENTS = 3999
STORAGE_FEE_CENTS_PER_UNIT = 4
# Amazon keeps 20 % of the refunded referral fee, at most $5.00.
REFUND_COMMISSION_SHARE_PERCENT = 20
REFUND_COMMISSION_MAX_CENTS = 500
# Amazon names the marketplace on order rows only; account fees leave it empty.
MARKETPLACE = "CASE WHEN transaction_type IN ('Order', 'Refund') THEN 'Amazon.com' END"
# The referral rate the off-schedule fault charges instead of the schedule's.
WRONG_REFERRAL_RATE = 0.20


@dataclass(frozen=True)
class Settlement:
    settlement_id: str
    start: pd.Timestamp
    end: pd.Timestamp
    layout: str  # v2 | wide

    @property
    def deposit(self) -> pd.Timestamp:
        return self.end + pd.Timedelta(days=2)


def settlement_periods(config: DemoConfig) -> list[Settlement]:
    """Cut the run into settlement periods, oldest first, the newest ending 2 days
    before the report time so the last days are not yet settled.

    Amazon settles every 14 days; runs shorter than 42 days use a third of the run
    so that even a small demo has several settlements.
    """
    rng = np.random.default_rng(config.rng_seed("settlements"))
    cadence = pd.Timedelta(days=14 if config.days >= 42 else max(3, config.days // 3))
    data_start = snapshot_times(config)[0]
    end = report_time(config) - pd.Timedelta(days=2)
    bounds = []
    while True:
        bounds.append((end - cadence, end))
        if end - cadence <= data_start:
            break
        end -= cadence
    bounds.reverse()

    first_id = 24_000_000_000 + int(rng.integers(0, 10**8))
    return [
        Settlement(str(first_id + 1_234_567 * k), start, end, "wide" if k == 0 else "v2")
        for k, (start, end) in enumerate(bounds)
    ]


def _referral_cents(principal: np.ndarray, categories: np.ndarray) -> np.ndarray:
    """Return the referral fee per row, rounded half up to the cent."""
    percent = np.array([round(REFERRAL_RATE_BY_CATEGORY.get(c, REFERRAL_RATE_DEFAULT) * 100) for c in categories],
                       dtype=np.int64)
    return (principal.astype(np.int64) * percent + 50) // 100


def _item_rows(lines: pd.DataFrame, products: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Return the Order rows of every shipped line: principal, commission, FBA fee."""
    shipped = lines[(lines["ship_at"] < as_of).fillna(False).astype(bool)]
    category = products["category"].to_numpy()[shipped["sku_index"].to_numpy()]
    principal = (shipped["unit_cents"] * shipped["quantity"]).to_numpy()
    fba_fee = np.array([FBA_FEE_CENTS_BY_CATEGORY.get(c, FBA_FEE_CENTS_DEFAULT) for c in category])
    base = pd.DataFrame({
        "line_index": shipped.index.to_numpy(), "transaction_type": "Order", "order_id": shipped["order_id"].to_numpy(),
        "adjustment_id": "", "shipment_id": "D" + pd.Series(shipped["order_seq"].to_numpy() * 7 + 1_000_000).astype(str).to_numpy(),
        "fulfillment_id": np.where(shipped["fulfilment"] == "AFN", "AFN", "MFN"),
        "posted_at": shipped["ship_at"].to_numpy(),
        "order_item_code": (60_000_000_000_000 + shipped.index.to_numpy() * 7).astype(str),
        "sku": shipped["channel_sku"].to_numpy(), "quantity": shipped["quantity"].to_numpy(),
    })
    principal_rows = base.assign(amount_type="ItemPrice", amount_description="Principal", amount=principal, row_order=1)
    commission_rows = base.assign(amount_type="ItemFees", amount_description="Commission",
                                  amount=-_referral_cents(principal, category), row_order=2, quantity=0)
    afn = base["fulfillment_id"].to_numpy() == "AFN"
    fba_rows = base[afn].assign(amount_type="ItemFees", amount_description="FBAPerUnitFulfillmentFee",
                                amount=-(fba_fee * shipped["quantity"].to_numpy())[afn], row_order=3, quantity=0)
    return pd.concat([principal_rows, commission_rows, fba_rows], ignore_index=True)


def _refund_rows(lines: pd.DataFrame, products: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Return the Refund rows: principal back, commission back, refund commission kept."""
    refunded = lines[(lines["refund_at"] < as_of).fillna(False).astype(bool)]
    category = products["category"].to_numpy()[refunded["sku_index"].to_numpy()]
    principal = refunded["refund_cents"].to_numpy()
    commission = _referral_cents(principal, category)
    kept = np.minimum(REFUND_COMMISSION_MAX_CENTS, (commission * REFUND_COMMISSION_SHARE_PERCENT + 50) // 100)
    base = pd.DataFrame({
        "line_index": refunded.index.to_numpy(), "transaction_type": "Refund", "order_id": refunded["order_id"].to_numpy(),
        "adjustment_id": "amzn1:crow:" + pd.Series(refunded.index.to_numpy() * 31 + 7_000_000).astype(str).to_numpy(),
        "shipment_id": "", "fulfillment_id": np.where(refunded["fulfilment"] == "AFN", "AFN", "MFN"),
        "posted_at": refunded["refund_at"].to_numpy(), "order_item_code": (60_000_000_000_000 + refunded.index.to_numpy() * 7).astype(str),
        "sku": refunded["channel_sku"].to_numpy(), "quantity": 0,
    })
    return pd.concat([
        base.assign(amount_type="ItemPrice", amount_description="Principal", amount=-principal, row_order=1),
        base.assign(amount_type="ItemFees", amount_description="Commission", amount=commission, row_order=2),
        base.assign(amount_type="ItemFees", amount_description="RefundCommission", amount=-kept, row_order=3),
    ], ignore_index=True)


def _account_rows(config: DemoConfig, stock: StockHistory) -> pd.DataFrame:
    """Return the monthly subscription fee (on the run's first day of the month) and
    the monthly FBA storage fee a week later, priced on the stored units that day."""
    rows = []
    for day in range(config.days):
        when = pd.Timestamp(day_date(config, day), tz="UTC") + pd.Timedelta(hours=6)
        if day_date(config, day).day == config.start_date.day:
            rows.append(("Subscription Fee", when, -SUBSCRIPTION_FEE_CENTS))
        if day % 30 == 7:
            units = int(stock.fba_fulfillable[day].sum() + stock.fba_reserved[day].sum())
            rows.append(("Storage Fee", when, -max(1, units * STORAGE_FEE_CENTS_PER_UNIT)))
    frame = pd.DataFrame(rows, columns=["amount_description", "posted_at", "amount"])
    return frame.assign(line_index=-1, transaction_type="other-transaction", order_id="", adjustment_id="",
                        shipment_id="", fulfillment_id="", order_item_code="", sku="", quantity=0,
                        amount_type="other-transaction", row_order=1)


def build_settlement_rows(config: DemoConfig, lines: pd.DataFrame, products: pd.DataFrame, stock: StockHistory,
                          periods: list[Settlement], faults: F.FaultLog) -> pd.DataFrame:
    """Return every settled amount with the index of its settlement; one wrong commission."""
    as_of = report_time(config)
    rows = pd.concat([_item_rows(lines, products, as_of), _refund_rows(lines, products, as_of),
                      _account_rows(config, stock)], ignore_index=True)
    rows["posted_at"] = pd.to_datetime(rows["posted_at"], utc=True)
    starts = pd.DatetimeIndex([p.start for p in periods])
    ends = pd.DatetimeIndex([p.end for p in periods])
    index = starts.searchsorted(pd.DatetimeIndex(rows["posted_at"]), side="right") - 1
    settled = (index >= 0) & (rows["posted_at"] < ends[np.maximum(index, 0)]).to_numpy()
    rows = rows[settled].assign(settlement_index=index[settled])
    rows = rows.sort_values(["settlement_index", "posted_at", "order_id", "line_index", "transaction_type", "row_order"],
                            kind="stable").reset_index(drop=True)
    _charge_off_schedule(config, rows, lines, products, periods, faults)
    return rows


def _charge_off_schedule(config: DemoConfig, rows: pd.DataFrame, lines: pd.DataFrame, products: pd.DataFrame,
                         periods: list[Settlement], faults: F.FaultLog) -> None:
    """Charge one order's commission at a rate the fee schedule does not have."""
    rng = np.random.default_rng(config.rng_seed("fee-off-schedule"))
    newest_v2 = len(periods) - 1
    candidates = rows.index[(rows["transaction_type"] == "Order") & (rows["amount_description"] == "Commission")
                            & (rows["settlement_index"] == newest_v2)]
    row = int(rng.choice(candidates))
    line = lines.loc[rows.at[row, "line_index"]]
    principal = int(line["unit_cents"] * line["quantity"])
    charged = -((principal * round(WRONG_REFERRAL_RATE * 100) + 50) // 100)
    expected = int(rows.at[row, "amount"])
    rows.at[row, "amount"] = charged
    settlement = periods[newest_v2]
    faults.add(F.FEE_OFF_SCHEDULE, "amazon", order_id=line["order_id"], channel_sku=line["channel_sku"],
               sku=products["sku"].iat[int(line["sku_index"])], file=settlement_file(settlement.settlement_id),
               detail={"settlement_id": settlement.settlement_id, "amount_description": "Commission",
                       "expected_amount": f"{expected / 100:.2f}", "charged_amount": f"{charged / 100:.2f}",
                       "charged_rate": WRONG_REFERRAL_RATE})


def write_settlements(conn: duckdb.DuckDBPyConnection, out_dir: Path, written: WrittenFiles,
                      periods: list[Settlement], rows: pd.DataFrame) -> None:
    """Write one file per settlement: the summary row, then its detail rows."""
    conn.register("settlement_rows", rows)
    for index, settlement in enumerate(periods):
        total = int(rows.loc[rows["settlement_index"] == index, "amount"].sum())
        summary = {
            "id": settlement.settlement_id, "start": settlement.start.isoformat(),
            "end": settlement.end.isoformat(), "deposit": settlement.deposit.isoformat(), "total": total,
        }
        sql = _v2_sql if settlement.layout == "v2" else _wide_sql
        header = V2_HEADER if settlement.layout == "v2" else WIDE_HEADER
        write_query(conn, sql(index, summary), out_dir / settlement_file(settlement.settlement_id),
                    written, delimiter="\t", header=header)
    conn.unregister("settlement_rows")


def _summary_values(summary: dict) -> list[str]:
    return [
        f"'{summary['id']}'", f"iso_utc(TIMESTAMPTZ '{summary['start']}')", f"iso_utc(TIMESTAMPTZ '{summary['end']}')",
        f"iso_utc(TIMESTAMPTZ '{summary['deposit']}')", f"money({summary['total']})", "'USD'",
    ]


def _union_summary(summary: dict, detail_columns: list[str], n_columns: int, index: int) -> str:
    """Return the summary row (first, as Amazon writes it) followed by the detail rows."""
    summary_row = _summary_values(summary) + ["NULL"] * (n_columns - 6)
    names = [f"c{i}" for i in range(n_columns)]
    first = ", ".join(f"{value} AS {name}" for value, name in zip(summary_row, names))
    detail = ", ".join(f"{value} AS {name}" for value, name in zip(detail_columns, names))
    return f"""
        SELECT * EXCLUDE (sort_key) FROM (
            SELECT {first}, -1 AS sort_key
            UNION ALL
            SELECT {detail}, row_number() OVER (ORDER BY posted_at, order_id, line_index, transaction_type,
                                                         row_order, wide_row) AS sort_key
            FROM detail_rows
        ) ORDER BY sort_key
    """


def _v2_sql(index: int, summary: dict) -> str:
    detail = [
        f"'{summary['id']}'", "NULL", "NULL", "NULL", "NULL", "NULL", "transaction_type", "nullif(order_id, '')",
        "NULL", "nullif(adjustment_id, '')", "nullif(shipment_id, '')", MARKETPLACE, "amount_type",
        "amount_description", "money(amount)", "nullif(fulfillment_id, '')", "iso_utc(posted_at)",
        "iso_utc(posted_at)", "nullif(order_item_code, '')", "NULL", "NULL", "nullif(sku, '')",
        "CASE WHEN quantity > 0 THEN CAST(quantity AS VARCHAR) END",
    ]
    return (f"WITH detail_rows AS (SELECT *, 0 AS wide_row FROM settlement_rows WHERE settlement_index = {index}) "
            + _union_summary(summary, detail, len(V2_HEADER), index))


def _wide_sql(index: int, summary: dict) -> str:
    """Spread amounts over the wide columns; an order item starts with a row that
    carries only its quantity, as in Amazon's own wide files."""
    def amount_in(amount_type: str) -> str:
        return f"CASE WHEN wide_row = 1 AND amount_type = '{amount_type}' THEN money(amount) END"

    def label_in(amount_type: str) -> str:
        return f"CASE WHEN wide_row = 1 AND amount_type = '{amount_type}' THEN amount_description END"

    detail = [
        f"'{summary['id']}'", "NULL", "NULL", "NULL", "NULL", "NULL",
        "CASE WHEN transaction_type = 'other-transaction' THEN amount_description ELSE transaction_type END",
        "nullif(order_id, '')", "NULL", "nullif(adjustment_id, '')", "nullif(shipment_id, '')", MARKETPLACE,
        "NULL", "NULL", "NULL", "NULL", "nullif(fulfillment_id, '')", "iso_utc(posted_at)",
        "nullif(order_item_code, '')", "NULL", "NULL", "nullif(sku, '')",
        "CASE WHEN wide_row = 0 THEN CAST(quantity AS VARCHAR) END",
        label_in("ItemPrice"), amount_in("ItemPrice"), label_in("ItemFees"), amount_in("ItemFees"),
        "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", amount_in("other-transaction"),
    ]
    return f"""
        WITH own AS (SELECT * FROM settlement_rows WHERE settlement_index = {index}),
        detail_rows AS (
            SELECT *, 1 AS wide_row FROM own
            UNION ALL
            SELECT * REPLACE (0 AS row_order), 0 AS wide_row FROM own
            WHERE transaction_type = 'Order' AND amount_description = 'Principal'
        )
    """ + _union_summary(summary, detail, len(WIDE_HEADER), index)

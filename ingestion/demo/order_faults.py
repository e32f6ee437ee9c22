"""Refunds, pending payments and the order-file faults injected on purpose."""

import numpy as np
import pandas as pd

from ingestion.demo import faults as F
from ingestion.demo.config import CHANNEL_POLICIES, DemoConfig
from ingestion.demo.fulfilment import UNMAPPED_B2B_STATUS
from ingestion.demo.naming import order_file
from ingestion.demo.timeline import report_time

CHANNEL_SKU_COLUMN = {"amazon": "seller_sku", "shopify": "variant_sku", "b2b": "item_number"}
REFUND_SHARE = {"amazon": 0.02, "shopify": 0.03}
PAYMENT_PENDING_SHARE = 0.01


def attach_channel_skus(channel: str, lines: pd.DataFrame, catalogue: pd.DataFrame) -> None:
    """Give each line the identifiers its channel's report shows."""
    index = lines["sku_index"].to_numpy()
    lines["channel_sku"] = catalogue[CHANNEL_SKU_COLUMN[channel]].to_numpy()[index]
    if channel == "amazon":
        lines["asin"] = catalogue["asin"].to_numpy()[index]


def _order_frame(lines: pd.DataFrame) -> pd.DataFrame:
    return lines.assign(is_cancelled=lines["cancel_reason"] != "").groupby("order_seq", sort=True).agg(
        order_id=("order_id", "first"), day=("day", "first"), ordered_at=("ordered_at", "first"),
        ship_at=("ship_at", "min"), cancelled=("is_cancelled", "all"),
    )


def hold_payments(config: DemoConfig, lines: pd.DataFrame, faults: F.FaultLog) -> None:
    """Leave a share of Shopify orders unpaid (bank transfer not received), so unshipped."""
    rng = np.random.default_rng(config.rng_seed("payment-pending"))
    orders = _order_frame(lines)
    pending = orders.index[(rng.random(len(orders)) < PAYMENT_PENDING_SHARE) & ~orders["cancelled"]]
    on_pending = lines["order_seq"].isin(pending)
    lines.loc[on_pending, "payment_pending"] = True
    lines.loc[on_pending, "ship_at"] = pd.NaT

    handling = {p.channel: p.handling_days for p in CHANNEL_POLICIES}["shopify"]
    overdue = orders.loc[pending]
    overdue = overdue[overdue["ordered_at"] + pd.Timedelta(days=handling) < report_time(config)]
    for seq, order in overdue.iterrows():
        faults.add(F.PAYMENT_HOLD, "shopify", order_id=order["order_id"],
                   file=order_file(config, "shopify", int(order["day"])),
                   detail={"ordered_at": order["ordered_at"].isoformat()})


def refund_orders(config: DemoConfig, channel: str, lines: pd.DataFrame) -> None:
    """Refund a share of shipped orders 7 to 14 days after shipment, when that is past.

    Shopify refunds the whole order or, for one in three, its first line only;
    Amazon refunds the first line (a return of one item).
    """
    rng = np.random.default_rng(config.rng_seed(f"refund-{channel}"))
    as_of = report_time(config)
    orders = _order_frame(lines)
    delay = pd.to_timedelta(rng.integers(7 * 86400, 14 * 86400, size=len(orders)), unit="s")
    refund_at = orders["ship_at"] + delay
    eligible = (refund_at < as_of).fillna(False).to_numpy(dtype=bool)
    chosen = (rng.random(len(orders)) < REFUND_SHARE[channel]) & eligible
    if not chosen.any() and eligible.any():
        # A short run still gets one refund, so every transaction type appears.
        chosen[np.argmax(eligible)] = True
    whole = rng.random(len(orders)) < (0.67 if channel == "shopify" else 0.0)

    seq = lines["order_seq"].to_numpy()
    refunded_line = chosen[seq] & (whole[seq] | (lines["line_number"].to_numpy() == 1))
    lines.loc[refunded_line, "refund_at"] = refund_at.to_numpy()[seq][refunded_line]
    lines.loc[refunded_line, "refund_cents"] = (lines["unit_cents"] * lines["quantity"])[refunded_line]


def unmap_skus(config: DemoConfig, channel: str, lines: pd.DataFrame, faults: F.FaultLog) -> None:
    """Give a few shipped lines a channel SKU that no `channel_skus` row maps."""
    rng = np.random.default_rng(config.rng_seed(f"unmapped-{channel}"))
    candidates = lines.index[lines["ship_at"].notna()].to_numpy()
    count = min(len(candidates), max(2, len(lines) // 2000))
    rows = np.sort(rng.choice(candidates, size=count, replace=False))
    # One assignment per column: assigning row by row copies the whole text column each time.
    legacy = [f"{sku}-LEGACY" for sku in lines.loc[rows, "channel_sku"]]
    lines.loc[rows, "channel_sku"] = legacy
    if channel == "amazon":
        # An ASIN the catalogue lacks too, or the line would still map by ASIN.
        lines.loc[rows, "asin"] = ["B0" + f"{row:08d}"[-8:] for row in rows]
    for row, legacy_sku in zip(rows, legacy):
        faults.add(F.UNMAPPED_SKU, channel, order_id=lines.at[row, "order_id"],
                   line_number=int(lines.at[row, "line_number"]), channel_sku=legacy_sku,
                   file=order_file(config, channel, int(lines.at[row, "day"])))


def unmap_status(config: DemoConfig, lines: pd.DataFrame, faults: F.FaultLog) -> None:
    """Give the newest open B2B order a portal status the mapping does not know."""
    open_orders = lines[lines["cancel_reason"] == ""]
    seq = int(open_orders["order_seq"].max())
    on_order = (lines["order_seq"] == seq) & (lines["cancel_reason"] == "")
    lines.loc[on_order, "ship_at"] = pd.NaT
    lines.loc[on_order, "status_override"] = UNMAPPED_B2B_STATUS
    first = lines[on_order].iloc[0]
    faults.add(F.UNMAPPED_STATUS, "b2b", order_id=first["order_id"],
               file=order_file(config, "b2b", int(first["day"])),
               detail={"status": UNMAPPED_B2B_STATUS, "lines": lines.loc[on_order, "line_number"].tolist()})


def duplicate_row(config: DemoConfig, lines: pd.DataFrame, faults: F.FaultLog) -> None:
    """Write one shipped Amazon line twice in its report, as overlapping exports do."""
    rng = np.random.default_rng(config.rng_seed("duplicate"))
    candidates = lines.index[lines["ship_at"].notna()].to_numpy()
    row = int(rng.choice(candidates))
    lines.at[row, "copies"] = 2
    faults.add(F.DUPLICATE_ORDER, "amazon", order_id=lines.at[row, "order_id"],
               line_number=int(lines.at[row, "line_number"]), channel_sku=lines.at[row, "channel_sku"],
               file=order_file(config, "amazon", int(lines.at[row, "day"])))

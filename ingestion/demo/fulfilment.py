"""Decide what happened to each order: cancellations, shipments, refunds, faults.

Runs after the orders are drawn and before the stock simulation, which then moves
stock exactly as these decisions say. Times are UTC instants; a missing instant
(NaT) means the event did not happen by the report time.
"""

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ingestion.demo import faults as F
from ingestion.demo.config import DemoConfig
from ingestion.demo.naming import order_file
from ingestion.demo.timeline import event_days, report_time

log = logging.getLogger(__name__)

HOUR = pd.Timedelta(hours=1)
DAY = pd.Timedelta(days=1)

# B2B orders must ship by this many days after the order date.
B2B_SHIP_BY_DAYS = 5
CUSTOMER_CANCEL_SHARE = {"amazon": 0.015, "shopify": 0.015, "b2b": 0.02}
STOCK_CANCEL_REASON = "out of stock"
CUSTOMER_CANCEL_REASON = "customer request"
# A B2B status the portal emits that is missing from the status mapping on purpose.
UNMAPPED_B2B_STATUS = "in_review"


@dataclass(frozen=True)
class Stockout:
    """Days when a SKU has no sellable stock in any warehouse (a quality hold)."""

    sku_index: int
    first_day: int
    last_day: int

    def covers(self, sku_index: np.ndarray, day: np.ndarray) -> np.ndarray:
        return (sku_index == self.sku_index) & (day >= self.first_day) & (day <= self.last_day)


def _uniform_delay(rng: np.random.Generator, count: int, low: pd.Timedelta, high: pd.Timedelta) -> pd.TimedeltaIndex:
    seconds = rng.integers(int(low.total_seconds()), int(high.total_seconds()), size=count)
    return pd.to_timedelta(seconds, unit="s")


def _order_values(lines: pd.DataFrame, values: np.ndarray) -> np.ndarray:
    """Spread one value per order (indexed by order_seq) to the order's lines."""
    return values[lines["order_seq"].to_numpy()]


def choose_stockouts(config: DemoConfig, lines: dict[str, pd.DataFrame]) -> list[Stockout]:
    """Pick the best-selling warehouse SKUs of a mid-run window to run out of stock."""
    rng = np.random.default_rng(config.rng_seed("stockouts"))
    # Warehouse lines per day and SKU, so each window is a sum of a few rows.
    cells = np.concatenate([
        (frame["day"].to_numpy() * config.skus + frame["sku_index"].to_numpy())[(frame["fulfilment"] != "AFN").to_numpy()]
        for frame in lines.values()
    ])
    lines_per_cell = np.bincount(cells, minlength=config.days * config.skus).reshape(config.days, config.skus)
    length = 3 if config.days >= 21 else 2
    count = max(1, config.skus // 50)

    stockouts: list[Stockout] = []
    taken = np.zeros(config.skus, dtype=bool)
    for _ in range(count):
        first = int(rng.integers(config.days // 3, config.days - length - 1))
        in_window = np.where(taken, 0, lines_per_cell[first:first + length].sum(axis=0))
        if in_window.max() == 0:
            continue
        # argmax takes the lowest SKU index among equal counts, a stable choice.
        top = int(np.argmax(in_window))
        taken[top] = True
        stockouts.append(Stockout(top, first, first + length - 1))
    return stockouts


def stockout_days(stockouts: list[Stockout], n_skus: int) -> tuple[np.ndarray, np.ndarray]:
    """Return each SKU's first and last stock-out day; a SKU without one never matches a day."""
    first_day = np.full(n_skus, np.iinfo(np.int64).max, dtype=np.int64)
    last_day = np.full(n_skus, -2, dtype=np.int64)
    for stockout in stockouts:
        if last_day[stockout.sku_index] != -2:
            raise ValueError(f"SKU index {stockout.sku_index} has two stock-outs; each SKU may have one")
        first_day[stockout.sku_index] = stockout.first_day
        last_day[stockout.sku_index] = stockout.last_day
    return first_day, last_day


def in_any_stockout(stockouts: list[Stockout], sku_index: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Tell for each (SKU, day) pair whether a stock-out covers it, in one pass over the pairs."""
    n_skus = int(max([*(s.sku_index for s in stockouts), -1], default=-1)) + 1
    if n_skus == 0:
        return np.zeros(len(sku_index), dtype=bool)
    first_day, last_day = stockout_days(stockouts, n_skus)
    known = sku_index < n_skus
    sku = np.where(known, sku_index, 0)
    return known & (first_day[sku] <= day) & (day <= last_day[sku])


def _in_any_stockout(stockouts: list[Stockout], lines: pd.DataFrame) -> np.ndarray:
    return in_any_stockout(stockouts, lines["sku_index"].to_numpy(), lines["day"].to_numpy())


def init_outcome_columns(lines: pd.DataFrame) -> None:
    """Add the outcome columns with their defaults: not cancelled, not shipped, not refunded."""
    lines["cancel_reason"] = ""
    lines["cancelled_at"] = pd.Series(pd.NaT, index=lines.index, dtype=lines["ordered_at"].dtype)
    lines["ship_at"] = lines["cancelled_at"]
    lines["refund_at"] = lines["cancelled_at"]
    lines["refund_cents"] = 0
    lines["payment_pending"] = False
    lines["copies"] = 1
    lines["status_override"] = ""


def cancel_orders(config: DemoConfig, channel: str, lines: pd.DataFrame,
                  stockouts: list[Stockout], faults: F.FaultLog, products: pd.DataFrame) -> None:
    """Cancel lines hit by a stock-out, then a share of other orders at the buyer's request."""
    rng = np.random.default_rng(config.rng_seed(f"cancel-{channel}"))
    n_orders = int(lines["order_seq"].max()) + 1
    warehouse_line = (lines["fulfilment"] != "AFN").to_numpy()
    stock_hit = _in_any_stockout(stockouts, lines) & warehouse_line
    touches_stockout = np.zeros(n_orders, dtype=bool)
    np.logical_or.at(touches_stockout, lines["order_seq"].to_numpy(), _in_any_stockout(stockouts, lines))

    if channel == "b2b":
        # The portal cancels only the line it cannot serve; the rest of the order ships.
        stock_cancelled = stock_hit
    else:
        order_hit = np.zeros(n_orders, dtype=bool)
        np.logical_or.at(order_hit, lines["order_seq"].to_numpy(), stock_hit)
        stock_cancelled = _order_values(lines, order_hit)
    delay = _uniform_delay(rng, len(lines), 5 * pd.Timedelta(minutes=1), 2 * HOUR)
    lines.loc[stock_cancelled, "cancel_reason"] = STOCK_CANCEL_REASON
    lines.loc[stock_cancelled, "cancelled_at"] = lines.loc[stock_cancelled, "ordered_at"] + delay[stock_cancelled]

    _record_stock_cancels(config, channel, lines[stock_hit], faults, products["sku"].to_numpy())

    # Buyers cancel orders that touch no stock-out, so no cancellation looks like one.
    order_cancelled = (rng.random(n_orders) < CUSTOMER_CANCEL_SHARE[channel]) & ~touches_stockout
    customer = _order_values(lines, order_cancelled)
    delay = _uniform_delay(rng, len(lines), 10 * pd.Timedelta(minutes=1), 6 * HOUR)
    lines.loc[customer, "cancel_reason"] = CUSTOMER_CANCEL_REASON
    lines.loc[customer, "cancelled_at"] = lines.loc[customer, "ordered_at"] + delay[customer]


def _record_stock_cancels(config: DemoConfig, channel: str, hit: pd.DataFrame, faults: F.FaultLog,
                          sku_names: np.ndarray) -> None:
    """Record one fault per order with lines hit by a stock-out, in order of purchase."""
    seqs = hit["order_seq"].to_numpy()
    order = np.argsort(seqs, kind="stable")
    seqs = seqs[order]
    order_ids = hit["order_id"].to_numpy()[order]
    line_numbers = hit["line_number"].to_numpy()[order].astype(int)
    sku_index = hit["sku_index"].to_numpy()[order]
    days = hit["day"].to_numpy()[order]
    bounds = np.flatnonzero(np.diff(seqs)) + 1
    for start, stop in zip(np.concatenate(([0], bounds)), np.concatenate((bounds, [len(seqs)]))):
        if start == stop:
            continue
        faults.add(
            F.STOCK_CANCEL, channel, order_id=order_ids[start],
            line_number=int(line_numbers[start]) if channel == "b2b" else None,
            sku=sku_names[int(sku_index[start])], file=order_file(config, channel, int(days[start])),
            detail={"skus": sorted(sku_names[sku_index[start:stop]].tolist()),
                    "lines": line_numbers[start:stop].tolist(), "order_day": int(days[start])},
        )


def schedule_shipments(config: DemoConfig, channel: str, lines: pd.DataFrame, faults: F.FaultLog) -> None:
    """Set ship times (planned, even past the report time) and inject late shipments."""
    rng = np.random.default_rng(config.rng_seed(f"ship-{channel}"))
    n_orders = int(lines["order_seq"].max()) + 1
    as_of = report_time(config)

    if channel == "b2b":
        lines["ship_by_day"] = lines["day"] + B2B_SHIP_BY_DAYS
        ship_days = rng.integers(1, B2B_SHIP_BY_DAYS, size=n_orders)
        delay = pd.to_timedelta(ship_days, unit="D") + _uniform_delay(rng, n_orders, 0 * HOUR, 4 * HOUR)
    elif channel == "amazon":
        delay = _uniform_delay(rng, n_orders, 2 * HOUR, 30 * HOUR)
    else:
        delay = _uniform_delay(rng, n_orders, 2 * HOUR, 36 * HOUR)
    lines["ship_at"] = lines["ordered_at"] + pd.TimedeltaIndex(delay)[lines["order_seq"].to_numpy()]

    if channel in ("b2b", "shopify"):
        _inject_late_shipments(config, channel, lines, faults, rng, as_of)

    cancelled = lines["cancel_reason"] != ""
    lines.loc[cancelled, "ship_at"] = pd.NaT


def _inject_late_shipments(config: DemoConfig, channel: str, lines: pd.DataFrame, faults: F.FaultLog,
                           rng: np.random.Generator, as_of: pd.Timestamp) -> None:
    orders = lines.assign(is_cancelled=lines["cancel_reason"] != "").groupby("order_seq", sort=True).agg(
        order_id=("order_id", "first"), ordered_at=("ordered_at", "first"), day=("day", "first"),
        cancelled=("is_cancelled", "any"),
    )
    # Late by whole days, so the delay shows whatever time zone compares the dates.
    if channel == "b2b":
        late_delay = pd.Timedelta(days=B2B_SHIP_BY_DAYS + 2)
        count = max(1, len(orders) // 50)
    else:
        late_delay = pd.Timedelta(days=4)
        count = max(2, len(orders) // 500)
    eligible = orders[~orders["cancelled"] & (orders["ordered_at"] + late_delay + 3 * DAY < as_of)]
    chosen = np.sort(rng.choice(eligible.index.to_numpy(), size=min(count, len(eligible)), replace=False))

    extra = pd.to_timedelta(rng.integers(0, 3, size=len(chosen)), unit="D") + \
        pd.to_timedelta(rng.integers(0, 6, size=len(chosen)), unit="h")
    late_ship_at = orders.loc[chosen, "ordered_at"] + late_delay + extra
    on_late = lines["order_seq"].isin(chosen)
    lines.loc[on_late, "ship_at"] = late_ship_at.reindex(lines.loc[on_late, "order_seq"]).to_numpy()

    for seq, shipped_at in late_ship_at.items():
        order = orders.loc[seq]
        faults.add(F.LATE_SHIPMENT, channel, order_id=order["order_id"],
                   file=order_file(config, channel, int(order["day"])),
                   detail={"shipped_at": shipped_at.isoformat(), "ordered_at": order["ordered_at"].isoformat()})

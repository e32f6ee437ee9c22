"""Simulate warehouse and FBA stock day by day, consistent with the order lines.

Each day starts with the morning count (the snapshot): receipts due that day have
arrived, then the count is taken, then the day's orders reserve units and the day's
shipments leave. Sellable stock never goes below what the day's orders need, except
during a planned stock-out, when a quality hold takes every sellable unit; that is
why stock cancellations are exactly the lines ordered during a stock-out.

The loop runs over days only; every step is vectorized over warehouses and SKUs.
"""

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ingestion.demo.config import WAREHOUSES, DemoConfig
from ingestion.demo.fulfilment import Stockout, in_any_stockout, stockout_days
from ingestion.demo.timeline import event_days, report_time

log = logging.getLogger(__name__)

# Sellable units kept above the day's demand, so that a cancelled 1-3 unit line
# never looks like a stock cancellation.
MARGIN_UNITS = 3
CASE_PACK = 12
# WH-EAST buys from the supplier (an inbound PO); WH-WEST is refilled by transfers.
LEAD_DAYS = {"WH-EAST": 8, "WH-WEST": 4}
FBA_INBOUND_DAYS = 6
COVER_DAYS = 21
# Stock counts stay far below 2**31; half the bytes of int64 matters at a year of
# 70,000 SKUs, where each warehouse x day x SKU array has 50 million cells.
STOCK_DTYPE = np.int32


@dataclass
class StockHistory:
    """Counts per warehouse, day and SKU (arrays shaped W x D x S) and FBA per day x SKU."""

    on_hand: np.ndarray
    reserved: np.ndarray
    damaged: np.ndarray
    inspection: np.ndarray
    quality_hold: np.ndarray
    in_transit: np.ndarray
    in_transit_due: np.ndarray  # day index, -1 when nothing is in transit
    inbound_po: np.ndarray
    inbound_po_due: np.ndarray
    fba_fulfillable: np.ndarray
    fba_reserved: np.ndarray
    fba_unsellable: np.ndarray
    fba_inbound: np.ndarray
    expedited_receipts: int
    # One row per replenishment or expedited buy: purchasing.py turns them into POs and receipts.
    buys: pd.DataFrame

    @property
    def sellable(self) -> np.ndarray:
        return self.on_hand - self.reserved - self.damaged - self.inspection - self.quality_hold

    def sellable_at(self, day: int, sku_index: int) -> np.ndarray:
        """Return each warehouse's sellable units of one SKU on one day, without the whole array."""
        cell = (slice(None), day, sku_index)
        return (self.on_hand[cell] - self.reserved[cell] - self.damaged[cell] - self.inspection[cell]
                - self.quality_hold[cell])


class BuyLog:
    """Record every buy the simulation makes, so the demo's POs and receipts match its stock.

    A regular buy is ordered after the day's count and arrives on the morning of its due
    day (later while a stock-out holds receipts back). An expedited buy is ordered and
    received on the same morning, before the count. Buys are kept as one array per day
    and column, because a year of 70,000 SKUs makes millions of them.
    """

    COLUMNS = ("warehouse_index", "sku_index", "order_day", "due_day", "quantity", "received_day", "expedited")

    def __init__(self, n_w: int, n_s: int):
        self._chunks: dict[str, list[np.ndarray]] = {name: [] for name in self.COLUMNS}
        self._count = 0
        # (rows, day) of each day's receipts of regular buys, applied when the frame is built.
        self._receipts: list[tuple[np.ndarray, int]] = []
        # Row of each warehouse and SKU's open regular buy, -1 when none.
        self.open_row = np.full((n_w, n_s), -1, dtype=np.int64)

    def order(self, placed: np.ndarray, quantity: np.ndarray, due: np.ndarray, day: int) -> None:
        w, s = np.nonzero(placed)
        self.open_row[w, s] = self._append(w, s, day, due[w, s], quantity[w, s], received_day=-1, expedited=False)

    def receive(self, arriving: np.ndarray, day: int) -> None:
        w, s = np.nonzero(arriving)
        self._receipts.append((self.open_row[w, s], day))
        self.open_row[w, s] = -1

    def expedite(self, placed: np.ndarray, quantity: np.ndarray, day: int) -> None:
        w, s = np.nonzero(placed)
        self._append(w, s, day, np.full(len(w), day), quantity[w, s], received_day=day, expedited=True)

    def frame(self) -> pd.DataFrame:
        columns = {name: np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int64)
                   for name, chunks in self._chunks.items()}
        for rows, day in self._receipts:
            columns["received_day"][rows] = day
        columns["expedited"] = columns["expedited"].astype(bool)
        return pd.DataFrame(columns, columns=list(self.COLUMNS))

    def _append(self, w: np.ndarray, s: np.ndarray, day: int, due: np.ndarray, quantity: np.ndarray,
                received_day: int, expedited: bool) -> np.ndarray:
        count = len(w)
        values = {"warehouse_index": w, "sku_index": s, "order_day": np.full(count, day), "due_day": due,
                  "quantity": quantity, "received_day": np.full(count, received_day),
                  "expedited": np.full(count, expedited)}
        for name, value in values.items():
            self._chunks[name].append(np.asarray(value, dtype=bool if name == "expedited" else np.int64))
        rows = np.arange(self._count, self._count + count, dtype=np.int64)
        self._count += count
        return rows


def _daily_units(config: DemoConfig, sku: np.ndarray, quantity: np.ndarray, day: np.ndarray, location: np.ndarray,
                 n_locations: int) -> np.ndarray:
    """Sum quantities into a (location, day, SKU) array, keeping only days of the run."""
    inside = (day >= 0) & (day < config.days)
    cell = np.ravel_multi_index((location[inside], day[inside], sku[inside]), (n_locations, config.days, config.skus))
    # bincount sums in float64, exact for whole numbers far above any demo total.
    units = np.bincount(cell, weights=quantity[inside], minlength=n_locations * config.days * config.skus)
    return units.astype(STOCK_DTYPE).reshape(n_locations, config.days, config.skus)


def _flows(config: DemoConfig, lines: pd.DataFrame, stockouts: list[Stockout], fba: bool):
    """Return demand (all lines), reservations and shipments as unit arrays."""
    rows = (lines["fulfilment"] == "AFN").to_numpy() == fba
    sku = lines["sku_index"].to_numpy()[rows]
    quantity = lines["quantity"].to_numpy()[rows]
    day = lines["day"].to_numpy()[rows]
    ship_at = lines["ship_at"][rows]
    location = np.zeros(len(sku), dtype=np.int64) if fba else \
        pd.Categorical(lines["warehouse"][rows], categories=list(WAREHOUSES)).codes.astype(np.int64)
    n_locations = 1 if fba else len(WAREHOUSES)

    # FBA keeps selling through a warehouse stock-out, so its demand keeps every line.
    in_stockout = np.zeros(len(sku), dtype=bool) if fba else in_any_stockout(stockouts, sku, day)
    live = (lines["cancel_reason"][rows] == "").to_numpy()
    shipped = ship_at.notna().to_numpy() & (ship_at < report_time(config)).to_numpy()
    ship_day = event_days(config, ship_at)

    demand = _daily_units(config, sku[~in_stockout], quantity[~in_stockout], day[~in_stockout],
                          location[~in_stockout], n_locations)
    reserve = _daily_units(config, sku[live], quantity[live], day[live], location[live], n_locations)
    ship = _daily_units(config, sku[shipped], quantity[shipped], ship_day[shipped], location[shipped], n_locations)
    return demand, reserve, ship


def simulate_stock(config: DemoConfig, products: pd.DataFrame, lines: pd.DataFrame,
                   stockouts: list[Stockout]) -> StockHistory:
    """Run the warehouses and FBA through every day of the demo."""
    rng = np.random.default_rng(config.rng_seed("stock"))
    n_w, n_d, n_s = len(WAREHOUSES), config.days, config.skus
    demand, reserve, ship = _flows(config, lines, stockouts, fba=False)
    safety = products["safety_stock"].to_numpy()

    rate = reserve.sum(axis=1) / n_d
    lead = np.array([LEAD_DAYS[w] for w in WAREHOUSES])[:, None]
    reorder_point = np.ceil(rate * (lead + 5)) + safety
    order_qty = np.maximum(np.ceil(rate * COVER_DAYS / CASE_PACK), 1) * CASE_PACK

    good = (np.ceil(rate * 25) + safety + CASE_PACK).astype(np.int64)  # sellable + reserved
    reserved = np.zeros((n_w, n_s), dtype=np.int64)
    damaged = rng.integers(0, 3, size=(n_w, n_s))
    inspection = np.zeros((n_w, n_s), dtype=np.int64)
    hold = np.zeros((n_w, n_s), dtype=np.int64)
    open_qty = np.zeros((n_w, n_s), dtype=np.int64)
    open_due = np.full((n_w, n_s), -1, dtype=np.int64)

    shape = (n_w, n_d, n_s)
    history = {name: np.zeros(shape, dtype=STOCK_DTYPE) for name in
               ("on_hand", "reserved", "damaged", "inspection", "quality_hold", "open_qty", "open_due")}
    expedited = 0
    buys = BuyLog(n_w, n_s)

    first_day, last_day = stockout_days(stockouts, n_s)
    for d in range(n_d):
        in_stockout = np.broadcast_to((first_day <= d) & (d <= last_day), (n_w, n_s))

        # Receipts due today arrive, unless a stock-out holds the SKU's receipts back.
        arriving = (open_due == d) & ~in_stockout
        held_back = (open_due == d) & in_stockout
        buys.receive(arriving, d)
        good += np.where(arriving, open_qty, 0)
        open_qty[arriving] = 0
        open_due[arriving] = -1
        open_due[held_back] += 1

        # Damage found, write-offs, returns into inspection and their disposition.
        damaged += (rng.random((n_w, n_s)) < 0.01) * rng.integers(1, 4, size=(n_w, n_s))
        damaged[rng.random((n_w, n_s)) < 0.02] = 0
        inspection += rng.random((n_w, n_s)) < 0.03
        restock = (rng.random((n_w, n_s)) < 0.25) & ~in_stockout
        good += np.where(restock, inspection, 0)
        inspection[restock] = 0

        starting = first_day == d
        hold[:, starting] = good[:, starting] - reserved[:, starting]
        good[:, starting] = reserved[:, starting]
        ending = last_day + 1 == d
        good[:, ending] += hold[:, ending]
        hold[:, ending] = 0

        # An expedited receipt covers any day the plan would fall short.
        shortfall = demand[:, d, :] + MARGIN_UNITS - (good - reserved)
        expedite = (shortfall > 0) & ~in_stockout
        expedited += int(expedite.sum())
        rush_units = np.where(expedite, shortfall + np.ceil(rate * 3).astype(np.int64), 0)
        buys.expedite(expedite, rush_units, d)
        good += rush_units

        history["on_hand"][:, d] = good + damaged + inspection + hold
        history["reserved"][:, d] = reserved
        history["damaged"][:, d] = damaged
        history["inspection"][:, d] = inspection
        history["quality_hold"][:, d] = hold
        history["open_qty"][:, d] = open_qty
        history["open_due"][:, d] = open_due

        reserved += reserve[:, d, :] - ship[:, d, :]
        good -= ship[:, d, :]

        reorder = (open_due < 0) & ~in_stockout & (good - reserved < reorder_point)
        open_qty[reorder] = order_qty[reorder]
        open_due[reorder] = (d + lead + np.zeros_like(open_due))[reorder]
        buys.order(reorder, open_qty, open_due, d)

    if (history["on_hand"] - history["reserved"] - history["damaged"] - history["inspection"]
            - history["quality_hold"] < 0).any():
        raise AssertionError("stock simulation produced negative sellable stock")
    log.info("simulated %d days x %d SKUs x %d warehouses (%d expedited receipts)", n_d, n_s, n_w, expedited)

    is_east = np.array([w == "WH-EAST" for w in WAREHOUSES])[:, None, None]
    fba = _simulate_fba(config, rng, lines, stockouts, safety)
    return StockHistory(
        on_hand=history["on_hand"], reserved=history["reserved"], damaged=history["damaged"],
        inspection=history["inspection"], quality_hold=history["quality_hold"],
        in_transit=np.where(is_east, 0, history["open_qty"]),
        in_transit_due=np.where(is_east, -1, history["open_due"]),
        inbound_po=np.where(is_east, history["open_qty"], 0),
        inbound_po_due=np.where(is_east, history["open_due"], -1),
        fba_fulfillable=fba[0], fba_reserved=fba[1], fba_unsellable=fba[2], fba_inbound=fba[3],
        expedited_receipts=expedited,
        buys=buys.frame(),
    )


def _simulate_fba(config: DemoConfig, rng: np.random.Generator, lines: pd.DataFrame,
                  stockouts: list[Stockout], safety: np.ndarray) -> tuple[np.ndarray, ...]:
    """Run Amazon's FBA stock; inbound shipments keep it above the day's FBA orders."""
    demand, reserve, ship = (flow[0] for flow in _flows(config, lines, stockouts, fba=True))
    n_d, n_s = config.days, config.skus
    rate = reserve.sum(axis=0) / n_d

    good = (np.ceil(rate * 30) + safety).astype(np.int64)
    reserved = np.zeros(n_s, dtype=np.int64)
    unsellable = np.zeros(n_s, dtype=np.int64)
    inbound = np.zeros(n_s, dtype=np.int64)
    inbound_due = np.full(n_s, -1, dtype=np.int64)
    out = tuple(np.zeros((n_d, n_s), dtype=STOCK_DTYPE) for _ in range(4))

    for d in range(n_d):
        arriving = inbound_due == d
        good += np.where(arriving, inbound, 0)
        inbound[arriving] = 0
        inbound_due[arriving] = -1
        unsellable += rng.random(n_s) < 0.01
        shortfall = demand[d] + MARGIN_UNITS - (good - reserved)
        good += np.where(shortfall > 0, shortfall + np.ceil(rate * 3).astype(np.int64), 0)

        out[0][d] = good - reserved
        out[1][d] = reserved
        out[2][d] = unsellable
        out[3][d] = inbound

        reserved += reserve[d] - ship[d]
        good -= ship[d]
        send = (inbound_due < 0) & (good - reserved < np.ceil(rate * 10) + safety)
        inbound[send] = (np.maximum(np.ceil(rate * 28 / CASE_PACK), 1) * CASE_PACK)[send].astype(np.int64)
        inbound_due[send] = d + FBA_INBOUND_DAYS
    return out

"""Channel allocation of warehouse stock, and the availability each channel was sent.

The allocation mirrors the pipeline's first allocation policy so that published
quantities normally match the true channel ATP:
- a warehouse's units with horizon H = max(0, sellable + in_transit and inbound_po
  expected within H days of the count);
- the ATP of a SKU for a channel = max(0, the sum over warehouses with the
  channel's horizon - safety stock, subtracted once);
- channels are served in priority order from that ATP less what the channels
  before them were given, and each gets min(max_listed_units, max(0, pool - buffer_units)).
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ingestion.demo import faults as F
from ingestion.demo.config import CHANNEL_POLICIES, DemoConfig
from ingestion.demo.fulfilment import Stockout
from ingestion.demo.naming import day_date, published_file
from ingestion.demo.stock import StockHistory
from ingestion.demo.timeline import snapshot_times


def channel_atp(stock: StockHistory, safety: np.ndarray, horizon: int) -> np.ndarray:
    """Return the ATP per day and SKU of all warehouses for a horizon in days."""
    days = np.arange(stock.on_hand.shape[1])[None, :, None]
    transit = np.where((stock.in_transit_due >= 0) & (stock.in_transit_due <= days + horizon), stock.in_transit, 0)
    inbound = np.where((stock.inbound_po_due >= 0) & (stock.inbound_po_due <= days + horizon), stock.inbound_po, 0)
    per_warehouse = np.maximum(0, stock.sellable + transit + inbound)
    return np.maximum(0, per_warehouse.sum(axis=0) - safety[None, :])


def allocate(stock: StockHistory, safety: np.ndarray) -> dict[str, np.ndarray]:
    """Return each channel's allocated units per day and SKU, in priority order."""
    given = np.zeros(stock.on_hand.shape[1:], dtype=np.int64)
    allocation = {}
    for policy in sorted(CHANNEL_POLICIES, key=lambda p: p.priority):
        pool = np.maximum(0, channel_atp(stock, safety, policy.ship_horizon_days) - given)
        allocated = np.maximum(0, pool - policy.buffer_units)
        if policy.max_listed_units is not None:
            allocated = np.minimum(policy.max_listed_units, allocated)
        allocation[policy.channel] = allocated
        given += allocated
    return allocation


@dataclass(frozen=True)
class PublishedHistory:
    """What each channel was told per day and SKU, built into rows one day at a time.

    A year of 70,000 SKUs on three channels is 75 million rows, several GB as one
    frame, so the rows exist only a day at a time.
    """

    times: pd.DatetimeIndex
    quantities: dict[str, np.ndarray]  # channel: day x SKU
    channel_skus: dict[str, np.ndarray]  # channel: channel SKU per SKU
    skus: np.ndarray
    feed_files: dict[str, list[str]]  # channel: feed file name per day

    @property
    def rows(self) -> int:
        return sum(quantity.size for quantity in self.quantities.values())

    def day_frame(self, day: int) -> pd.DataFrame:
        """Return day `day`'s rows, ordered by channel and channel SKU."""
        frames = [
            pd.DataFrame({
                "published_at": self.times[day],
                "channel": policy.channel,
                "channel_sku": self.channel_skus[policy.channel],
                "sku": self.skus,
                "quantity": self.quantities[policy.channel][day],
                "feed_file": self.feed_files[policy.channel][day],
            })
            for policy in CHANNEL_POLICIES
        ]
        return pd.concat(frames, ignore_index=True).sort_values(["channel", "channel_sku"], kind="stable")


def published_availability(config: DemoConfig, products: pd.DataFrame, catalogue: pd.DataFrame,
                           stock: StockHistory, faults: F.FaultLog, stockouts: list[Stockout]) -> PublishedHistory:
    """Build the feed history: each day's allocation per channel SKU, with over-promises.

    Feeds are built from the morning count and stamped with its instant, so the
    latest feed at or before a count is the one computed from it.
    """
    rng = np.random.default_rng(config.rng_seed("published"))
    safety = products["safety_stock"].to_numpy()
    allocation = allocate(stock, safety)
    sku_column = {"amazon": "seller_sku", "shopify": "variant_sku", "b2b": "item_number"}
    times = snapshot_times(config)
    dates = [day_date(config, d) for d in range(config.days)]

    quantities = {}
    for policy in CHANNEL_POLICIES:
        quantity = allocation[policy.channel].copy()
        for day, sku_index in _over_promise_cells(config, rng, policy.channel, stockouts):
            true = int(quantity[day, sku_index])
            warehouse_sellable = int(stock.sellable[:, day, sku_index].sum())
            quantity[day, sku_index] = max(true, warehouse_sellable) + 25
            faults.add(F.OVER_PROMISE, policy.channel,
                       channel_sku=catalogue[sku_column[policy.channel]].iat[sku_index],
                       sku=products["sku"].iat[sku_index], file=f"published_availability/{_file_name(config)}",
                       detail={"published_at": times[day].isoformat(), "published_quantity": int(quantity[day, sku_index]),
                               "true_channel_atp": true, "warehouse_sellable": warehouse_sellable})
        quantities[policy.channel] = quantity

    return PublishedHistory(
        times=times,
        quantities=quantities,
        channel_skus={policy.channel: catalogue[sku_column[policy.channel]].to_numpy() for policy in CHANNEL_POLICIES},
        skus=products["sku"].to_numpy(),
        feed_files={policy.channel: [published_file(policy.channel, d) for d in dates] for policy in CHANNEL_POLICIES},
    )


def _file_name(config: DemoConfig) -> str:
    return f"published_availability_{config.start_date.isoformat()}_{config.end_date.isoformat()}.csv"


def _over_promise_cells(config: DemoConfig, rng: np.random.Generator, channel: str,
                        stockouts: list[Stockout]) -> list[tuple[int, int]]:
    """Pick where a channel was told too much: a stock-out day for Shopify, a random
    day and SKU for Amazon, none for B2B (its portal reads contracts, not feeds)."""
    if channel == "shopify" and stockouts:
        return [(stockouts[0].first_day, stockouts[0].sku_index)]
    if channel == "amazon":
        return [(int(rng.integers(1, config.days)), int(rng.integers(0, config.skus)))]
    return []

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


def published_availability(config: DemoConfig, products: pd.DataFrame, catalogue: pd.DataFrame,
                           stock: StockHistory, faults: F.FaultLog, stockouts: list[Stockout]) -> pd.DataFrame:
    """Build the feed history: each day's allocation per channel SKU, with over-promises.

    Feeds are built from the morning count and stamped with its instant, so the
    latest feed at or before a count is the one computed from it.
    """
    rng = np.random.default_rng(config.rng_seed("published"))
    safety = products["safety_stock"].to_numpy()
    allocation = allocate(stock, safety)
    sku_column = {"amazon": "seller_sku", "shopify": "variant_sku", "b2b": "item_number"}
    times = snapshot_times(config)
    n_d, n_s = config.days, config.skus

    frames = []
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
        dates = [day_date(config, d) for d in range(n_d)]
        frames.append(pd.DataFrame({
            "published_at": np.repeat(times, n_s),
            "channel": policy.channel,
            "channel_sku": np.tile(catalogue[sku_column[policy.channel]].to_numpy(), n_d),
            "sku": np.tile(products["sku"].to_numpy(), n_d),
            "quantity": quantity.reshape(-1),
            "feed_file": np.repeat([published_file(policy.channel, d) for d in dates], n_s),
        }))
    return pd.concat(frames, ignore_index=True).sort_values(["published_at", "channel", "channel_sku"], kind="stable")


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

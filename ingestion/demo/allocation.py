"""Channel allocation of warehouse stock, and the availability each channel was sent.

The demo allocates with the pipeline's own engine and policy file
(`ingestion.allocation`, `config/allocation_policy.yml`), so published quantities
normally match the true channel ATP. Only the engine's inputs are built here:
- a warehouse's units with horizon H = max(0, sellable + in_transit and inbound_po
  expected within H days of the count);
- the ATP of a SKU for a channel = max(0, the sum over warehouses with the
  channel's horizon - safety stock, subtracted once), as `int_channel_atp_pools`;
- the ring fences' service from the B2B lines, as `int_b2b_account_service_daily`;
- the channels ranked by contribution margin, estimated from the fee constants.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ingestion.allocation.engine import allocate as allocate_cells
from ingestion.allocation.frames import fence_service_levels
from ingestion.allocation.policy import Policy, load_policy, policy_path
from ingestion.demo import faults as F
from ingestion.demo.config import (
    CHANNEL_HORIZON_DAYS,
    CHANNEL_POLICIES,
    FBA_FEE_CENTS_BY_CATEGORY,
    FBA_FEE_CENTS_DEFAULT,
    REFERRAL_RATE_BY_CATEGORY,
    REFERRAL_RATE_DEFAULT,
    SHOPIFY_PAYMENT_FIXED_CENTS,
    SHOPIFY_PAYMENT_RATE,
    DemoConfig,
)
from ingestion.demo.fulfilment import Stockout
from ingestion.demo.naming import day_date, published_file, published_history_file
from ingestion.demo.stock import StockHistory
from ingestion.demo.timeline import snapshot_times

# Days allocated per pass of the engine, which bounds its working memory.
ALLOCATION_BLOCK_DAYS = 28


def channel_atp(stock: StockHistory, safety: np.ndarray, horizon: int, days: slice = slice(None)) -> np.ndarray:
    """Return the ATP per day and SKU of all warehouses for a horizon in days, for the days of `days`."""
    day_index = np.arange(stock.on_hand.shape[1])[days][None, :, None]
    transit_due, inbound_due = stock.in_transit_due[:, days], stock.inbound_po_due[:, days]
    transit = np.where((transit_due >= 0) & (transit_due <= day_index + horizon), stock.in_transit[:, days], 0)
    inbound = np.where((inbound_due >= 0) & (inbound_due <= day_index + horizon), stock.inbound_po[:, days], 0)
    sellable = (stock.on_hand[:, days] - stock.reserved[:, days] - stock.damaged[:, days]
                - stock.inspection[:, days] - stock.quality_hold[:, days])
    per_warehouse = np.maximum(0, sellable + transit + inbound)
    return np.maximum(0, per_warehouse.sum(axis=0) - safety[None, :])


def margin_rank(lines: dict[str, pd.DataFrame], products: pd.DataFrame) -> list[str]:
    """Rank the channels with sales by estimated contribution margin, highest first.

    Fees are the fee-schedule estimates. Refunds and settlement differences are left
    out, so each margin moves a little, but with these fee levels the order does not.
    """
    margins = {}
    for channel, frame in lines.items():
        live = frame[frame["cancel_reason"] == ""]
        if live.empty:
            continue
        sku = live["sku_index"].to_numpy()
        revenue = (live["unit_cents"] * live["quantity"]).to_numpy(dtype=float)
        cost = products["unit_cost_cents"].to_numpy()[sku] * live["quantity"].to_numpy()
        category = products["category"].to_numpy()[sku]
        if channel == "amazon":
            categories = pd.Series(category)
            rate = categories.map(REFERRAL_RATE_BY_CATEGORY).fillna(REFERRAL_RATE_DEFAULT).to_numpy(dtype=float)
            fba = categories.map(FBA_FEE_CENTS_BY_CATEGORY).fillna(FBA_FEE_CENTS_DEFAULT).to_numpy(dtype=np.int64)
            fees = revenue * rate + np.where(live["fulfilment"].to_numpy() == "AFN", fba * live["quantity"].to_numpy(), 0)
        elif channel == "shopify":
            fees = revenue * SHOPIFY_PAYMENT_RATE + SHOPIFY_PAYMENT_FIXED_CENTS * live["order_seq"].nunique() / len(live)
        else:
            fees = np.zeros(len(live))
        margins[channel] = (revenue.sum() - cost.sum() - fees.sum()) / revenue.sum()
    return sorted(margins, key=lambda channel: (-margins[channel], channel))


def _b2b_service(config: DemoConfig, b2b_lines: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame({
        "ship_by_date": pd.Timestamp(config.start_date) + pd.to_timedelta(b2b_lines["ship_by_day"], unit="D"),
        "account_id": b2b_lines["account_id"],
        "due_units": b2b_lines["quantity"],
        "filled_units": np.where(b2b_lines["cancel_reason"] == "", b2b_lines["quantity"], 0),
    })
    return frame.groupby(["ship_by_date", "account_id"], as_index=False)[["due_units", "filled_units"]].sum()


def allocate(config: DemoConfig, stock: StockHistory, products: pd.DataFrame,
             lines: dict[str, pd.DataFrame], policy: Policy | None = None) -> dict[str, np.ndarray]:
    """Return each policy channel's allocated units per day and SKU.

    The engine allocates each day and SKU on its own, so the days go through it in
    blocks: its working arrays for a whole year of 70,000 SKUs would need several GB.
    """
    policy = policy or load_policy(policy_path())
    channels = policy.channel_names
    safety = products["safety_stock"].to_numpy()
    n_days, n_skus = stock.on_hand.shape[1:]
    rank = margin_rank(lines, products)

    kept_by_fence = {}
    if policy.ring_fences:
        dates = pd.Series([day_date(config, day) for day in range(n_days)])
        levels = fence_service_levels(policy, _b2b_service(config, lines["b2b"]), dates)
        kept_by_fence = {fence.name: levels[levels["fence"] == fence.name]["kept_units"].to_numpy()
                         for fence in policy.ring_fences}

    allocated = {channel: np.zeros((n_days, n_skus), dtype=np.int64) for channel in channels}
    for first in range(0, n_days, ALLOCATION_BLOCK_DAYS):
        days = slice(first, min(first + ALLOCATION_BLOCK_DAYS, n_days))
        block_days = days.stop - days.start
        atp = np.stack([channel_atp(stock, safety, CHANNEL_HORIZON_DAYS[channel], days).reshape(-1)
                        for channel in channels], axis=1)
        fence_units = np.zeros_like(atp)
        for fence in policy.ring_fences:
            per_cell = np.repeat(kept_by_fence[fence.name][days], n_skus)
            if fence.skus is not None:
                per_cell = np.where(np.tile(products["sku"].isin(fence.skus).to_numpy(), block_days), per_cell, 0)
            fence_units[:, channels.index(fence.channel)] += per_cell
        result = allocate_cells(policy, channels, atp, fence_units, rank)
        for j, channel in enumerate(channels):
            allocated[channel][days] = result.allocated[:, j].reshape(block_days, n_skus)
    return allocated


@dataclass(frozen=True)
class PublishedHistory:
    """The quantity published to each channel per day and SKU, built into rows one day at a time.

    A year of 70,000 SKUs on three channels is 75 million rows, several GB as one
    frame, so the rows exist only a day at a time.
    """

    times: pd.DatetimeIndex
    quantities: dict[str, np.ndarray]  # channel: day x SKU
    channel_skus: dict[str, np.ndarray]  # channel: channel SKU per SKU
    skus: np.ndarray
    feed_files: dict[str, list[str]]  # channel: feed file name per day
    history_files: list[str]  # the landed history file per day

    @property
    def rows(self) -> int:
        return sum(quantity.size for quantity in self.quantities.values())

    @property
    def day_rows(self) -> int:
        return sum(quantity.shape[1] for quantity in self.quantities.values())

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
                           stock: StockHistory, faults: F.FaultLog, stockouts: list[Stockout],
                           allocation: dict[str, np.ndarray]) -> PublishedHistory:
    """Build the feed history: each day's allocation per channel SKU, with over-promises.

    Feeds are built from the morning count and stamped with its instant, so the
    latest feed at or before a count is the one computed from it.
    """
    rng = np.random.default_rng(config.rng_seed("published"))
    sku_column = {"amazon": "seller_sku", "shopify": "variant_sku", "b2b": "item_number"}
    times = snapshot_times(config)
    dates = [day_date(config, d) for d in range(config.days)]
    history_files = [published_history_file(d) for d in dates]

    quantities = {}
    for policy in CHANNEL_POLICIES:
        quantity = allocation[policy.channel].copy()
        for day, sku_index in _over_promise_cells(config, rng, policy.channel, stockouts):
            true = int(quantity[day, sku_index])
            warehouse_sellable = int(stock.sellable_at(day, sku_index).sum())
            quantity[day, sku_index] = max(true, warehouse_sellable) + 25
            faults.add(F.OVER_PROMISE, policy.channel,
                       channel_sku=catalogue[sku_column[policy.channel]].iat[sku_index],
                       sku=products["sku"].iat[sku_index], file=f"published_availability/{history_files[day]}",
                       detail={"published_at": times[day].isoformat(), "published_quantity": int(quantity[day, sku_index]),
                               "true_channel_atp": true, "warehouse_sellable": warehouse_sellable})
        quantities[policy.channel] = quantity

    return PublishedHistory(
        times=times,
        quantities=quantities,
        channel_skus={policy.channel: catalogue[sku_column[policy.channel]].to_numpy() for policy in CHANNEL_POLICIES},
        skus=products["sku"].to_numpy(),
        feed_files={policy.channel: [published_file(policy.channel, d) for d in dates] for policy in CHANNEL_POLICIES},
        history_files=history_files,
    )


def _over_promise_cells(config: DemoConfig, rng: np.random.Generator, channel: str,
                        stockouts: list[Stockout]) -> list[tuple[int, int]]:
    """Pick where a channel was published too much: a stock-out day for Shopify, a random
    day and SKU for Amazon, none for B2B (its portal reads contracts, not feeds)."""
    if channel == "shopify" and stockouts:
        return [(stockouts[0].first_day, stockouts[0].sku_index)]
    if channel == "amazon":
        return [(int(rng.integers(1, config.days)), int(rng.integers(0, config.skus)))]
    return []

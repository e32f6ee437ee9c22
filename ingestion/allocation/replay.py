"""Policy replay: what a policy would have listed over past days, and what it would have cost.

For each replayed day, SKU and channel the policy's listed quantity meets the units
the channel's buyers really ordered that day:
- sold = min(ordered, listed); the rest of the order is lost;
- lost to limits: units that were in the channel's pool but held back by a buffer,
  a max listed quantity or a share cap (min(ordered, pool) - listed, at least 0);
  the rest of the lost units had no stock behind them;
- oversold: units sold on shared channels beyond the shared pool they overlap on.
  They become seller cancellations, taken from the channels served last first.
The projected cancellation rate is oversold ÷ sold units, compared with the
marketplaces' limits. It counts units, not orders, so it is an estimate of the
order-level rate the marketplaces measure.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ingestion.allocation.frames import allocate_frame
from ingestion.allocation.policy import Policy

# Seller-cancellation rates above which the marketplace acts on the account:
# Amazon's cancellation rate target (under 2.5 %) and Walmart's (under 2 %).
CANCELLATION_LIMITS = {"amazon": 0.025, "walmart": 0.02}
LIMIT_RULES = ("buffer", "max_listed", "share_cap")


@dataclass(frozen=True)
class ReplayInputs:
    """Past pools and demand: `pools` (snapshot_date, snapshot_at, sku, channel, atp) and
    `demand` (order_date, channel, sku, ordered_units)."""

    pools: pd.DataFrame
    demand: pd.DataFrame
    margin_rank: list[str]
    service: pd.DataFrame | None = None


def replay_days(inputs: ReplayInputs, policy: Policy) -> pd.DataFrame:
    """Return one row per replayed day, SKU and channel with listed, sold, lost and oversold units."""
    allocation = allocate_frame(policy, inputs.pools, inputs.service, inputs.margin_rank)
    demand = inputs.demand.rename(columns={"order_date": "snapshot_date"})
    demand["snapshot_date"] = pd.to_datetime(demand["snapshot_date"]).dt.date
    allocation["snapshot_date"] = pd.to_datetime(allocation["snapshot_date"]).dt.date
    days = allocation.merge(demand, on=["snapshot_date", "sku", "channel"], how="left")
    days["ordered_units"] = days["ordered_units"].fillna(0).astype(np.int64)

    days["sold_units"] = np.minimum(days["ordered_units"], days["allocated"])
    days["lost_units"] = days["ordered_units"] - days["sold_units"]
    listable = days["pool_before"] + days["fenced_units"]
    held_back = np.maximum(0, np.minimum(days["ordered_units"], listable) - days["allocated"])
    days["lost_to_limits"] = np.where(days["binding_rule"].isin(LIMIT_RULES), held_back, 0)
    days["lost_to_stock"] = days["lost_units"] - days["lost_to_limits"]
    days["oversold_units"] = _oversold(days)
    days["policy_name"] = policy.name
    return days


def _oversold(days: pd.DataFrame) -> np.ndarray:
    """Spread each cell's oversold units over its shared channels, last served first."""
    oversold = np.zeros(len(days), dtype=np.int64)
    shared = days[days["mode"] == "shared"]
    if shared.empty:
        return oversold
    cells = shared.groupby(["snapshot_date", "sku"])
    excess = (cells["sold_units"].transform("sum") - cells["pool_before"].transform("max")).clip(lower=0)
    ordered = shared.assign(excess=excess).sort_values(["snapshot_date", "sku", "serving_order"],
                                                        ascending=[True, True, False])
    # Sold units of the channels served after this one absorb the excess first.
    later = ordered.groupby(["snapshot_date", "sku"])["sold_units"].cumsum() - ordered["sold_units"]
    cancelled = np.minimum(ordered["sold_units"], np.maximum(0, ordered["excess"] - later))
    oversold[days.index.get_indexer(ordered.index)] = cancelled.to_numpy(dtype=np.int64)
    return oversold


def summarize(days: pd.DataFrame) -> pd.DataFrame:
    """Return one row per policy and channel with the replay's totals and cancellation rate."""
    totals = days.groupby(["policy_name", "channel"], as_index=False).agg(
        days=("snapshot_date", "nunique"),
        ordered_units=("ordered_units", "sum"),
        listed_units=("allocated", "sum"),
        sold_units=("sold_units", "sum"),
        lost_to_limits=("lost_to_limits", "sum"),
        lost_to_stock=("lost_to_stock", "sum"),
        oversold_units=("oversold_units", "sum"),
    )
    totals["cancellation_rate"] = totals["oversold_units"] / totals["sold_units"].where(totals["sold_units"] > 0)
    totals["cancellation_limit"] = totals["channel"].map(CANCELLATION_LIMITS)
    totals["over_limit"] = totals["cancellation_rate"] > totals["cancellation_limit"]
    return totals


def compare(inputs: ReplayInputs, policies: list[Policy]) -> pd.DataFrame:
    """Replay several policies on the same days and return their summaries stacked."""
    return pd.concat([summarize(replay_days(inputs, policy)) for policy in policies], ignore_index=True)

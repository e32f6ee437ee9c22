"""Run the allocation engine on long tables: ATP pools in, one row per cell and channel out.

The dbt model `fct_channel_allocation`, the replay and the demo generator build the
same three inputs, so they all allocate through `allocate_frame`.
"""

import numpy as np
import pandas as pd

from ingestion.allocation.engine import RULES, allocate
from ingestion.allocation.policy import Policy

ALLOCATION_COLUMNS = [
    "snapshot_date", "snapshot_at", "sku", "channel", "priority", "mode", "serving_order", "atp",
    "pool_before", "fenced_units", "share_cap_units", "allocated", "binding_rule", "is_low_stock", "reason",
    "policy_name", "policy_sha256",
]

# Every column a reason sentence is written from.
REASON_INPUTS = ["channel", "binding_rule", "pool_before", "fenced_units", "is_low_stock", "serving_order"]


def fence_service_levels(policy: Policy, service: pd.DataFrame, dates: pd.Series) -> pd.DataFrame:
    """Return each fence's service level per snapshot date: filled ÷ due units of its accounts.

    `service` has `ship_by_date, account_id, due_units, filled_units`; lines due in
    the `lookback_days` before a date count, and no due units gives a null level.
    """
    days = pd.to_datetime(pd.Series(sorted(set(dates))))
    rows = []
    for fence in policy.ring_fences:
        mine = service[service["account_id"].isin(fence.accounts)]
        daily = mine.groupby(pd.to_datetime(mine["ship_by_date"]))[["due_units", "filled_units"]].sum()
        for day in days:
            window = daily[(daily.index >= day - pd.Timedelta(days=fence.lookback_days)) & (daily.index < day)]
            due = int(window["due_units"].sum())
            level = float(window["filled_units"].sum()) / due if due else None
            rows.append({"fence": fence.name, "snapshot_date": day.date(), "service_level": level,
                         "kept_units": fence.kept_units(level)})
    return pd.DataFrame(rows, columns=["fence", "snapshot_date", "service_level", "kept_units"])


def allocate_frame(policy: Policy, pools: pd.DataFrame, service: pd.DataFrame | None = None,
                   margin_rank: list[str] | None = None) -> pd.DataFrame:
    """Allocate every (snapshot_date, sku) of `pools` and explain each channel's quantity.

    `pools` has one row per snapshot_date, snapshot_at, sku and channel with its `atp`.
    Channels of the pools that the policy does not name get nothing and no row.
    """
    if pools.empty:
        return pd.DataFrame(columns=ALLOCATION_COLUMNS)
    channels = policy.channel_names
    known = set(pools["channel"].unique())
    missing = [channel for channel in channels if channel not in known]
    if missing:
        raise ValueError(f"policy '{policy.name}' names channel(s) {', '.join(missing)} that have no ATP pool; "
                         "add them to the channels seed or remove them from the policy")

    wide = pools[pools["channel"].isin(channels)].pivot_table(
        index=["snapshot_date", "snapshot_at", "sku"], columns="channel", values="atp", aggfunc="max"
    ).reindex(columns=channels).fillna(0).astype(np.int64)
    cells = wide.index.to_frame(index=False)
    fence_units = _fence_units(policy, cells, channels, service)
    result = allocate(policy, channels, wide.to_numpy(), fence_units, margin_rank)

    count = len(cells)
    # Repeated by position, so that a zoned timestamp keeps its dtype: through
    # to_numpy it became an object array that pandas parsed back one value at a time.
    frame = cells.take(np.repeat(np.arange(count), len(channels))).reset_index(drop=True)
    frame = frame.assign(**{
        "channel": np.tile(np.array(channels, dtype=object), count),
        "priority": np.tile([policy.rule(channel).priority for channel in channels], count),
        "mode": result.mode.reshape(-1),
        "serving_order": result.serving_order.reshape(-1),
        "atp": wide.to_numpy().reshape(-1),
        "pool_before": result.pool_before.reshape(-1),
        "fenced_units": result.fenced.reshape(-1),
        "share_cap_units": pd.array(np.where(result.share_cap < 0, -1, result.share_cap).reshape(-1), dtype="Int64"),
        "allocated": result.allocated.reshape(-1),
        "binding_rule": np.array(RULES, dtype=object)[result.binding_rule.reshape(-1)],
        "is_low_stock": np.repeat(result.is_low_stock, len(channels)),
    })
    frame.loc[frame["share_cap_units"] < 0, "share_cap_units"] = pd.NA
    frame["reason"] = _reasons(policy, frame)
    frame["policy_name"] = policy.name
    frame["policy_sha256"] = policy.sha256
    return frame[ALLOCATION_COLUMNS]


def _fence_units(policy: Policy, cells: pd.DataFrame, channels: list[str], service: pd.DataFrame | None) -> np.ndarray:
    units = np.zeros((len(cells), len(channels)), dtype=np.int64)
    if not policy.ring_fences:
        return units
    if service is None:
        service = pd.DataFrame(columns=["ship_by_date", "account_id", "due_units", "filled_units"])
    # A block holds a few days and many SKUs, so the fence is worked out per day.
    day_codes, days = pd.factorize(cells["snapshot_date"])
    levels = fence_service_levels(policy, service, pd.Series(days))
    dates = pd.to_datetime(pd.Series(days)).dt.date
    for fence in policy.ring_fences:
        kept = levels[levels["fence"] == fence.name].set_index("snapshot_date")["kept_units"]
        per_cell = dates.map(kept).fillna(fence.units).to_numpy(dtype=np.int64)[day_codes]
        if fence.skus is not None:
            per_cell = np.where(cells["sku"].isin(fence.skus).to_numpy(), per_cell, 0)
        units[:, channels.index(fence.channel)] += per_cell
    return units


def _reasons(policy: Policy, frame: pd.DataFrame) -> pd.Series:
    """Explain each quantity in one sentence, naming the binding rule and the numbers behind it."""
    # A year of SKUs repeats a few thousand distinct explanations, so each is written
    # once and shared by its rows: written per row, the text took half of a block's time.
    # Unsorted groups are numbered in order of first appearance, the order drop_duplicates keeps.
    codes = frame.groupby(REASON_INPUTS, sort=False, dropna=False).ngroup().to_numpy()
    sentences = _sentences(policy, frame[REASON_INPUTS].drop_duplicates())
    return pd.Series(sentences.to_numpy(dtype=object)[codes], index=frame.index, dtype=object)


def _sentences(policy: Policy, frame: pd.DataFrame) -> pd.Series:
    """Write the sentence of each row of `frame`, a table of the REASON_INPUTS columns."""
    pool = frame["pool_before"].astype(str)
    # Mapped through dicts, because a Python call per row costs seconds on a year of SKUs.
    buffers = frame["channel"].map({rule.channel: str(rule.buffer_units) for rule in policy.channels})
    max_listed = frame["channel"].map({rule.channel: str(rule.max_listed_units) for rule in policy.channels})
    percent = frame["channel"].map({rule.channel: f"{rule.shared_pool_cap_percent or 0:g}" for rule in policy.channels})
    text = {
        "none": "got its whole pool of " + pool,
        "buffer": "pool of " + pool + " less a buffer of " + buffers,
        "max_listed": "capped at the max listed quantity of " + max_listed,
        "share_cap": percent + " % of the shared pool of " + pool,
        "pool_exhausted": pd.Series("nothing left after ring fences and the channels served before it",
                                    index=frame.index),
    }
    reason = pd.Series("", index=frame.index, dtype=object)
    for rule, sentence in text.items():
        chosen = frame["binding_rule"] == rule
        reason[chosen] = sentence[chosen]
    fenced = frame["fenced_units"] > 0
    reason[fenced] = frame.loc[fenced, "fenced_units"].astype(str) + " ring-fenced contract units; then " + reason[fenced]
    if policy.low_stock is not None:
        favoured = frame["is_low_stock"] & frame["channel"].isin(policy.low_stock.channels)
        reason[favoured] = ("low stock (ATP below " + str(policy.low_stock.below_atp_units)
                            + "), served " + frame.loc[favoured, "serving_order"].astype(str)
                            + " by contribution margin: " + reason[favoured])
    return reason

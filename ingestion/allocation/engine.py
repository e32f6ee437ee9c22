"""Apply an allocation policy to the ATP of many (day, SKU) cells at once.

Per cell, channels are served in this order:
1. ring fences: each fenced channel first gets its kept contract units;
2. exclusive channels in priority order: each gets what is left of its own-horizon
   ATP above its buffer, capped at its max listed quantity, and the pool shrinks;
3. shared channels in priority order: each lists a percentage of what the exclusive
   channels left, so their listings overlap and the pool does not shrink.
In a low-stock cell (the smallest channel ATP below the rule's threshold) the shared
pool closes and the rule's channels are served exclusively by contribution margin,
highest first, after the other exclusive channels. Quantities round down.
"""

from dataclasses import dataclass

import numpy as np

from ingestion.allocation.policy import Policy

RULES = ("none", "buffer", "max_listed", "share_cap", "pool_exhausted")
RULE_CODE = {name: code for code, name in enumerate(RULES)}


@dataclass
class Allocation:
    """Arrays shaped (cells, channels), channels in the order the caller gave them."""

    channels: list[str]
    allocated: np.ndarray
    pool_before: np.ndarray
    fenced: np.ndarray
    share_cap: np.ndarray  # -1 where the channel has no percentage cap in that cell
    serving_order: np.ndarray  # 1 for the first channel served in the cell
    binding_rule: np.ndarray  # codes into RULES
    is_low_stock: np.ndarray  # (cells,)
    mode: np.ndarray  # (cells, channels) 'exclusive' or 'shared' as served


def serving_sequence(policy: Policy, margin_rank: list[str], low_stock: bool) -> list[tuple[str, str]]:
    """Return (channel, mode as served) in serving order, for normal or low-stock cells.

    `margin_rank` lists channels by contribution margin, highest first; channels of
    the low-stock rule missing from it come after, by priority.
    """
    ordered = sorted(policy.channels, key=lambda rule: (rule.priority, rule.channel))
    if not low_stock or policy.low_stock is None:
        exclusive = [(rule.channel, "exclusive") for rule in ordered if rule.mode == "exclusive"]
        return exclusive + [(rule.channel, "shared") for rule in ordered if rule.mode == "shared"]
    favoured = set(policy.low_stock.channels)
    first = [(rule.channel, "exclusive") for rule in ordered
             if rule.channel not in favoured and rule.mode == "exclusive"]
    ranked = [channel for channel in margin_rank if channel in favoured]
    ranked += [rule.channel for rule in ordered if rule.channel in favoured and rule.channel not in ranked]
    # A shared channel outside the rule keeps listing a share of what is left.
    last = [(rule.channel, "shared") for rule in ordered if rule.channel not in favoured and rule.mode == "shared"]
    return first + [(channel, "exclusive") for channel in ranked] + last


def allocate(policy: Policy, channels: list[str], atp: np.ndarray, fence_units: np.ndarray,
             margin_rank: list[str] | None = None) -> Allocation:
    """Allocate per cell; `atp` and `fence_units` are (cells, channels) whole units.

    `atp[:, j]` is the ATP with channel j's horizon, floored at 0. `fence_units[:, j]`
    is the ring-fenced units channel j keeps in the cell (see RingFence.kept_units).
    Every channel of the policy must be among `channels`.
    """
    atp = np.maximum(np.asarray(atp, dtype=np.int64), 0)
    fence_units = np.maximum(np.asarray(fence_units, dtype=np.int64), 0)
    missing = [rule.channel for rule in policy.channels if rule.channel not in channels]
    if missing:
        raise ValueError(f"policy '{policy.name}' allocates to {', '.join(missing)}, which have no ATP column")

    is_low = np.zeros(len(atp), dtype=bool)
    if policy.low_stock is not None and atp.size:
        policy_columns = [channels.index(rule.channel) for rule in policy.channels]
        is_low = atp[:, policy_columns].min(axis=1) < policy.low_stock.below_atp_units

    normal = _serve(policy, channels, atp, fence_units, serving_sequence(policy, margin_rank or [], False))
    if not is_low.any():
        return _result(channels, normal, is_low)
    scarce = _serve(policy, channels, atp, fence_units, serving_sequence(policy, margin_rank or [], True))
    merged = {name: np.where(is_low[:, None], scarce[name], normal[name]) for name in normal}
    return _result(channels, merged, is_low)


def _result(channels: list[str], arrays: dict[str, np.ndarray], is_low: np.ndarray) -> Allocation:
    return Allocation(channels, arrays["allocated"], arrays["pool_before"], arrays["fenced"], arrays["share_cap"],
                      arrays["serving_order"], arrays["binding_rule"], is_low, arrays["mode"])


def _serve(policy: Policy, channels: list[str], atp: np.ndarray, fence_units: np.ndarray,
           sequence: list[tuple[str, str]]) -> dict[str, np.ndarray]:
    cells, width = atp.shape
    allocated = np.zeros((cells, width), dtype=np.int64)
    pool_before = np.zeros((cells, width), dtype=np.int64)
    fenced = np.zeros((cells, width), dtype=np.int64)
    share_cap = np.full((cells, width), -1, dtype=np.int64)
    serving_order = np.zeros((cells, width), dtype=np.int64)
    binding = np.zeros((cells, width), dtype=np.int64)
    mode = np.full((cells, width), "", dtype=object)

    # Units that ring fences and exclusive channels took out of the pool so far.
    taken = np.zeros(cells, dtype=np.int64)
    for channel in dict.fromkeys(fence.channel for fence in policy.ring_fences):
        j = channels.index(channel)
        give = np.minimum(np.maximum(0, atp[:, j] - taken), fence_units[:, j])
        fenced[:, j] = give
        taken += give

    for order, (channel, served_as) in enumerate(sequence, start=1):
        j = channels.index(channel)
        rule = policy.rule(channel)
        pool = np.maximum(0, atp[:, j] - taken)
        after_buffer = np.maximum(0, pool - rule.buffer_units)
        regular = after_buffer.copy()
        listing_room = None
        if rule.max_listed_units is not None:
            # A fence is a contract and is never cut, but it counts toward the listing cap.
            listing_room = np.maximum(0, rule.max_listed_units - fenced[:, j])
            regular = np.minimum(regular, listing_room)
        cap = None
        if served_as == "shared":
            cap = (pool * int(round(rule.shared_pool_cap_percent * 100))) // 10_000
            share_cap[:, j] = cap
            regular = np.minimum(regular, cap)

        binding[:, j] = _binding_rule(pool, after_buffer, regular, listing_room, cap, rule.buffer_units)
        pool_before[:, j] = pool
        allocated[:, j] = fenced[:, j] + regular
        serving_order[:, j] = order
        mode[:, j] = served_as
        if served_as == "exclusive":
            taken += regular
    return {"allocated": allocated, "pool_before": pool_before, "fenced": fenced, "share_cap": share_cap,
            "serving_order": serving_order, "binding_rule": binding, "mode": mode}


def _binding_rule(pool, after_buffer, regular, listing_room, cap, buffer_units) -> np.ndarray:
    """Name the first rule that held a channel below its pool: exhausted, max listed, cap, buffer."""
    rule = np.full(len(pool), RULE_CODE["none"], dtype=np.int64)
    held = regular < pool
    if buffer_units > 0:
        rule = np.where(held & (regular == after_buffer), RULE_CODE["buffer"], rule)
    if cap is not None:
        rule = np.where(held & (regular == cap) & (cap < after_buffer), RULE_CODE["share_cap"], rule)
    if listing_room is not None:
        rule = np.where(held & (regular == listing_room) & (listing_room < after_buffer), RULE_CODE["max_listed"], rule)
    rule = np.where(pool <= 0, RULE_CODE["pool_exhausted"], rule)
    return rule

"""Each allocation rule on hand-worked cells (one SKU on one day per row of `atp`)."""

import numpy as np

from ingestion.allocation.engine import RULES, allocate
from ingestion.allocation.policy import parse_policy

CHANNELS = ["b2b", "amazon", "shopify", "walmart"]


def policy(text: str):
    return parse_policy(text, "test.yml")


def run(policy_text: str, atp: list[list[int]], fences: list[list[int]] | None = None, rank=None):
    chosen = policy(policy_text)
    fence_units = np.zeros((len(atp), len(CHANNELS)), dtype=np.int64) if fences is None else np.array(fences)
    return allocate(chosen, CHANNELS, np.array(atp), fence_units, rank)


def rules(result, row: int) -> list[str]:
    return [RULES[code] for code in result.binding_rule[row]]


BASE = """
name: base
channels:
  - {channel: b2b, priority: 1, max_listed_units: 4}
  - {channel: amazon, priority: 2, buffer_units: 2}
  - {channel: shopify, priority: 3, buffer_units: 1}
  - {channel: walmart, priority: 4, buffer_units: 0, max_listed_units: 100}
"""


def test_priority_buffer_and_max_listed():
    # Every ATP 10: b2b min(4, 10) = 4 (max_listed), 6 left; amazon 6 - 2 = 4 (buffer),
    # 2 left; shopify 2 - 1 = 1 (buffer), 1 left; walmart gets the last 1 (none).
    result = run(BASE, [[10, 10, 10, 10]])

    assert result.allocated[0].tolist() == [4, 4, 1, 1]
    assert result.pool_before[0].tolist() == [10, 6, 2, 1]
    assert rules(result, 0) == ["max_listed", "buffer", "buffer", "none"]


def test_own_horizon_pool_exhausted():
    # b2b (horizon 7) ATP 3 takes 3; amazon (horizon 0) ATP 1: max(0, 1 - 3) = 0;
    # shopify (horizon 2) ATP 5: 5 - 3 = 2, less buffer 1 = 1; walmart ATP 1: 1 - 4 = 0.
    result = run(BASE, [[3, 1, 5, 1]])

    assert result.allocated[0].tolist() == [3, 0, 1, 0]
    assert rules(result, 0) == ["none", "pool_exhausted", "buffer", "pool_exhausted"]


SHARED = """
name: shared
channels:
  - {channel: b2b, priority: 1, max_listed_units: 5}
  - {channel: amazon, priority: 2, mode: shared, shared_pool_cap_percent: 60}
  - {channel: shopify, priority: 3, mode: shared, shared_pool_cap_percent: 100, buffer_units: 3}
  - {channel: walmart, priority: 4, mode: shared, shared_pool_cap_percent: 33, max_listed_units: 2}
"""


def test_shared_pool_caps_overlap():
    # b2b takes 5 of 20, shared pool 15 for all three marketplaces:
    # amazon floor(0.60 x 15) = 9 (share_cap); shopify min(15, 15 - 3) = 12 (buffer);
    # walmart min(floor(0.33 x 15) = 4, 2) = 2 (max_listed). 9 + 12 + 2 > 15: listings overlap.
    result = run(SHARED, [[20, 20, 20, 20]])

    assert result.allocated[0].tolist() == [5, 9, 12, 2]
    assert result.pool_before[0].tolist() == [20, 15, 15, 15]
    assert result.share_cap[0].tolist() == [-1, 9, 15, 4]
    assert rules(result, 0) == ["max_listed", "share_cap", "buffer", "max_listed"]


FENCED = """
name: fenced
channels:
  - {channel: amazon, priority: 1, buffer_units: 1}
  - {channel: shopify, priority: 2}
  - {channel: b2b, priority: 3, max_listed_units: 8}
  - {channel: walmart, priority: 4, mode: shared, shared_pool_cap_percent: 50}
ring_fences:
  - {name: acme, channel: b2b, accounts: [ACME], units: 6, service_threshold: 0.9, release_percent: 50}
"""


def test_ring_fence_served_first():
    # b2b is served last but its fence of 6 comes off first: pool 10 - 6 = 4 for the rest.
    # amazon 4 - 1 = 3; shopify 1; b2b regular min(8 - 6, 0) = 0, total 6; walmart 50 % of 0.
    result = run(FENCED, [[10, 10, 10, 10]], fences=[[6, 0, 0, 0]])

    assert result.allocated[0].tolist() == [6, 3, 1, 0]
    assert result.fenced[0].tolist() == [6, 0, 0, 0]
    assert result.pool_before[0].tolist() == [0, 4, 1, 0]


def test_ring_fence_smaller_than_stock():
    # ATP 4 is less than the fence of 6: b2b keeps all 4, the marketplaces get nothing.
    result = run(FENCED, [[4, 4, 4, 4]], fences=[[6, 0, 0, 0]])

    assert result.allocated[0].tolist() == [4, 0, 0, 0]
    assert rules(result, 0)[1:] == ["pool_exhausted", "pool_exhausted", "pool_exhausted"]


def test_fence_release_by_service():
    fence = policy(FENCED).ring_fences[0]

    # Service unknown or below 0.9: the whole fence is held; at or above it, 50 % is released.
    assert fence.kept_units(None) == 6
    assert fence.kept_units(0.89) == 6
    assert fence.kept_units(0.9) == 3
    assert fence.kept_units(1.0) == 3


LOW = """
name: low
channels:
  - {channel: b2b, priority: 1, max_listed_units: 2}
  - {channel: amazon, priority: 2, buffer_units: 1}
  - {channel: shopify, priority: 3}
  - {channel: walmart, priority: 4, mode: shared, shared_pool_cap_percent: 100}
low_stock:
  below_atp_units: 10
  channels: [amazon, shopify, walmart]
"""


def test_low_stock_serves_by_margin():
    # Row 0, ATP 9 < 10, low stock: b2b 2, then by margin walmart (exclusive now) 7,
    # shopify 0, amazon 0. Row 1, ATP 12: normal priority, amazon 10 - 1 = 9, shopify 1,
    # walmart shares what is left (0).
    result = run(LOW, [[9, 9, 9, 9], [12, 12, 12, 12]], rank=["walmart", "shopify", "amazon", "b2b"])

    assert result.is_low_stock.tolist() == [True, False]
    assert result.allocated[0].tolist() == [2, 0, 0, 7]
    assert result.serving_order[0].tolist() == [1, 4, 3, 2]
    assert result.mode[0].tolist() == ["exclusive"] * 4
    assert result.allocated[1].tolist() == [2, 9, 1, 0]
    assert result.mode[1].tolist() == ["exclusive", "exclusive", "exclusive", "shared"]


def test_low_stock_unranked_channel_last():
    # walmart has no margin: after the ranked shopify and amazon, by priority.
    result = run(LOW, [[9, 9, 9, 9]], rank=["shopify", "amazon"])

    assert result.serving_order[0].tolist() == [1, 3, 2, 4]
    assert result.allocated[0].tolist() == [2, 0, 7, 0]


def test_quantities_round_down():
    # 33 % of 10 is 3.3 and lists 3.
    text = """
name: round
channels:
  - {channel: b2b, priority: 1, max_listed_units: 0}
  - {channel: amazon, priority: 2, mode: shared, shared_pool_cap_percent: 33}
  - {channel: shopify, priority: 3, mode: shared, shared_pool_cap_percent: 99.9}
  - {channel: walmart, priority: 4, mode: shared, shared_pool_cap_percent: 0.5}
"""
    result = run(text, [[10, 10, 10, 10]])

    assert result.allocated[0].tolist() == [0, 3, 9, 0]

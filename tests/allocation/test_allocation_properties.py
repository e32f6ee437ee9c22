"""Invariants of the allocation engine on random policies and stock (hypothesis)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ingestion.allocation.engine import allocate
from ingestion.allocation.policy import ChannelRule, LowStockRule, Policy, RingFence

CHANNELS = ["b2b", "amazon", "shopify", "walmart"]


@st.composite
def policies(draw) -> Policy:
    priorities = draw(st.permutations([1, 2, 3, 4]))
    rules = []
    for channel, priority in zip(CHANNELS, priorities, strict=True):
        shared = channel != "b2b" and draw(st.booleans())
        rules.append(ChannelRule(
            channel=channel,
            priority=priority,
            mode="shared" if shared else "exclusive",
            buffer_units=draw(st.integers(0, 5)),
            max_listed_units=draw(st.none() | st.integers(0, 300)),
            shared_pool_cap_percent=draw(st.floats(0, 100, allow_nan=False)) if shared else None,
        ))
    fences = ()
    if draw(st.booleans()):
        fences = (RingFence("contract", "b2b", ("ACME",), None, draw(st.integers(0, 50)), 0.95, 30,
                            draw(st.floats(0, 100, allow_nan=False))),)
    low_stock = None
    if draw(st.booleans()):
        low_stock = LowStockRule(draw(st.integers(1, 60)), "contribution_margin",
                                 tuple(draw(st.lists(st.sampled_from(CHANNELS[1:]), min_size=1, unique=True))))
    return Policy("random", "", tuple(rules), fences, low_stock, "0" * 64, "hypothesis")


cells = st.integers(1, 8)


@st.composite
def cases(draw):
    policy = draw(policies())
    count = draw(cells)
    atp = np.array(draw(st.lists(st.lists(st.integers(0, 400), min_size=4, max_size=4), min_size=count, max_size=count)))
    fences = np.zeros_like(atp)
    if policy.ring_fences:
        fences[:, 0] = draw(st.lists(st.integers(0, 50), min_size=count, max_size=count))
    rank = draw(st.permutations(CHANNELS))
    return policy, atp, fences, list(rank)


def exclusive_mask(result) -> np.ndarray:
    return result.mode == "exclusive"


@settings(max_examples=300, deadline=None)
@given(cases())
def test_nothing_negative(case):
    policy, atp, fences, rank = case
    result = allocate(policy, CHANNELS, atp, fences, rank)

    assert (result.allocated >= 0).all()
    assert (result.pool_before >= 0).all()
    assert (result.fenced >= 0).all()


@settings(max_examples=300, deadline=None)
@given(cases())
def test_no_channel_above_its_atp(case):
    policy, atp, fences, rank = case
    result = allocate(policy, CHANNELS, atp, fences, rank)

    assert (result.allocated <= atp).all()


@settings(max_examples=300, deadline=None)
@given(cases())
def test_exclusive_sum_within_atp(case):
    policy, atp, fences, rank = case
    result = allocate(policy, CHANNELS, atp, fences, rank)
    exclusive_total = np.where(exclusive_mask(result), result.allocated, 0).sum(axis=1)

    # Each channel's pool is its own-horizon ATP, so the bound is the widest one.
    assert (exclusive_total <= atp.max(axis=1)).all()


@settings(max_examples=300, deadline=None)
@given(cases())
def test_exclusive_sum_within_one_horizon(case):
    policy, atp, fences, rank = case
    same = np.repeat(atp[:, :1], 4, axis=1)
    result = allocate(policy, CHANNELS, same, fences, rank)
    exclusive_total = np.where(exclusive_mask(result), result.allocated, 0).sum(axis=1)

    assert (exclusive_total <= same[:, 0]).all()


@settings(max_examples=300, deadline=None)
@given(cases())
def test_ring_fence_honoured(case):
    policy, atp, fences, rank = case
    result = allocate(policy, CHANNELS, atp, fences, rank)
    fenced = result.fenced[:, 0]

    # The fence is served before anyone, up to the fenced channel's ATP ...
    assert (fenced == np.minimum(fences[:, 0], atp[:, 0])).all()
    # ... and no other channel sees the fenced units.
    for j in range(1, 4):
        assert (result.allocated[:, j] <= np.maximum(0, atp[:, j] - fenced)).all()


@settings(max_examples=300, deadline=None)
@given(cases())
def test_limits_respected(case):
    policy, atp, fences, rank = case
    result = allocate(policy, CHANNELS, atp, fences, rank)

    for j, channel in enumerate(CHANNELS):
        rule = policy.rule(channel)
        regular = result.allocated[:, j] - result.fenced[:, j]
        assert (regular <= np.maximum(0, result.pool_before[:, j] - rule.buffer_units)).all()
        if rule.max_listed_units is not None:
            assert (result.allocated[:, j] <= np.maximum(rule.max_listed_units, result.fenced[:, j])).all()
        capped = result.share_cap[:, j] >= 0
        assert (regular[capped] <= result.share_cap[capped, j]).all()

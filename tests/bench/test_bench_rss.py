"""Which dbt nodes the memory timeline puts at the peak."""

import time
from datetime import UTC, datetime

from benchmarks.rss import RssSampler, peak_by_node, resident_bytes


def _at(second: int) -> datetime:
    return datetime.fromtimestamp(1_700_000_000 + second, UTC)


def test_peak_by_node_windows():
    # Samples at seconds 0..5 with 1, 2, 7, 3, 1, 1 GiB: the peak, 7 GiB, is at second 2.
    # Node a runs 0-1 (highest 2), b runs 1-3 (highest 7, the only one at second 2),
    # c runs 4-5 (highest 1), and d starts and ends between two samples, so it gets 0.
    sampler = RssSampler()
    sampler.samples = [(_at(second).timestamp(), gib * 2**30) for second, gib in enumerate((1, 2, 7, 3, 1, 1))]
    windows = {"a": (_at(0), _at(1)), "b": (_at(1), _at(3)), "c": (_at(4), _at(5)),
               "d": (_at(5).replace(microsecond=200_000), _at(5).replace(microsecond=400_000))}

    memory = peak_by_node(sampler, windows, top=3)

    assert memory["sampled_peak_gib"] == 7
    assert memory["nodes_running_at_peak"] == ["b"]
    assert memory["highest_nodes_gib"] == {"b": 7, "a": 2, "c": 1}


def test_sampler_sees_allocation():
    before = resident_bytes()
    with RssSampler(interval=0.01) as sampler:
        held = b"x" * (256 * 2**20)
        time.sleep(0.2)
        del held

    assert sampler.peak()[1] >= before + 200 * 2**20

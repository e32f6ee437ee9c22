"""Which dbt nodes the memory timeline puts at the peak, and a process tree's memory."""

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from benchmarks.rss import RssSampler, child_pids, peak_by_node, resident_bytes, statm_resident_bytes, tree_resident_bytes
from benchmarks.stage import _execute_windows


def _at(second: int) -> datetime:
    return datetime.fromtimestamp(1_700_000_000 + second, UTC)


def test_peak_by_node_windows():
    # Samples at seconds 0..5 with 1, 2, 7, 3, 1, 1 GiB: the peak, 7 GiB, is at second 2.
    # Node a runs 0-1 (highest 2), b runs 1-3 (highest 7, the only one at second 2),
    # c runs 4-5 (highest 1), and d starts and ends between two samples, so it is left out.
    sampler = RssSampler()
    sampler.samples = [(_at(second).timestamp(), gib * 2**30) for second, gib in enumerate((1, 2, 7, 3, 1, 1))]
    windows = {"a": (_at(0), _at(1)), "b": (_at(1), _at(3)), "c": (_at(4), _at(5)),
               "d": (_at(5).replace(microsecond=200_000), _at(5).replace(microsecond=400_000))}

    memory = peak_by_node(sampler, windows, top=4)

    assert memory["sampled_peak_gib"] == 7
    assert memory["nodes_running_at_peak"] == ["b"]
    assert memory["highest_nodes_gib"] == {"b": 7, "a": 2, "c": 1}


def test_sampler_sees_allocation():
    before = resident_bytes()
    with RssSampler(interval=0.01) as sampler:
        allocated = b"x" * (256 * 2**20)
        time.sleep(0.2)
        del allocated

    assert sampler.peak()[1] >= before + 200 * 2**20


def _node_result(name: str, kind: str, started: datetime, completed: datetime) -> SimpleNamespace:
    """A dbt node result with the fields the stage reads, timed as dbt stamps it (UTC, no zone)."""
    timing = [SimpleNamespace(name="compile", started_at=started, completed_at=started),
              SimpleNamespace(name="execute", started_at=started, completed_at=completed)]
    node = SimpleNamespace(name=name, resource_type=SimpleNamespace(value=kind))
    return SimpleNamespace(node=node, timing=timing)


@pytest.fixture
def tokyo_time(monkeypatch):
    """Run the test with the process's local zone at UTC+9, restored after."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_execute_windows_in_utc(tokyo_time):
    # dbt stamps 12:00 to 12:05 UTC without a zone; under Tokyo time (UTC+9) a naive
    # reading would put the window nine hours off.
    started, completed = datetime(2026, 12, 5, 12, 0), datetime(2026, 12, 5, 12, 5)
    results = [_node_result("fct_orders", "model", started, completed),
               _node_result("margin_rounding", "unit_test", started, completed)]

    windows = dict(_execute_windows(results))

    assert windows["fct_orders"][0].timestamp() == datetime(2026, 12, 5, 12, 0, tzinfo=UTC).timestamp()
    assert windows["fct_orders"][1] - windows["fct_orders"][0] == completed - started
    assert "unit_test margin_rounding" in windows


def test_peak_by_node_without_samples():
    assert peak_by_node(RssSampler(), {"a": (_at(0), _at(1))}) is None


# A child that starts a grandchild holding 256 MiB, prints when it is held, and waits.
HOLDING_TREE = """
import subprocess, sys
grandchild = subprocess.Popen([sys.executable, "-c",
    "import sys, time; held = b'x' * (256 * 2**20); print('held', flush=True); time.sleep(60)"],
    stdout=subprocess.PIPE, text=True)
print(grandchild.stdout.readline().strip(), flush=True)
grandchild.wait()
"""


def test_tree_counts_descendants():
    child = subprocess.Popen([sys.executable, "-c", HOLDING_TREE], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "held"

        own, tree = statm_resident_bytes(child.pid), tree_resident_bytes(child.pid)
    finally:
        for pid in [child.pid, *child_pids().get(child.pid, [])][::-1]:
            os.kill(pid, signal.SIGKILL)
        child.wait()

    # The child itself is an interpreter only, while the grandchild's bytes count in the tree.
    assert own < 100 * 2**20
    assert tree >= own + 256 * 2**20
    assert statm_resident_bytes(child.pid) == 0

"""Sample resident memory over time: a process's own, or a process tree's.

`wait4` gives a stage's peak but not when it happened. A `dbt build` runs hundreds of
nodes, two at a time, and the peak belongs to one of them: the sampler keeps a
timeline, and `peak_by_node` reads each node's highest sample off it.

`wait4` also reports one process: of a stage whose work runs in several worker
processes at once (the GX checks), it gives the largest worker, not their sum.
`tree_resident_bytes` adds up a process and its descendants.
"""

import logging
import os
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)

PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def resident_bytes() -> int:
    """Resident set size of this process now, from /proc/self/statm."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * PAGE_BYTES


def statm_resident_bytes(pid: int) -> int:
    """Resident set size of process `pid`, or 0 when it has exited."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


def child_pids() -> dict[int, list[int]]:
    """Map each parent pid to its children's, from /proc/<pid>/stat."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text(encoding="ascii", errors="replace")
        except OSError:
            # The process exited between the listing and the read.
            continue
        # The command name may hold spaces and parentheses, so the fields are read after its last ')'.
        fields = text[text.rindex(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return children


def tree_resident_bytes(pid: int) -> int:
    """Resident set size of `pid` and all its descendants, summed.

    Pages shared between the processes count once per process, so the sum can
    exceed the memory the tree uses, but never falls short of it.
    """
    children = child_pids()
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        total += statm_resident_bytes(current)
        pending.extend(children.get(current, []))
    return total


class RssSampler:
    """A daemon thread that records (epoch seconds, resident bytes) every `interval` seconds.

    `read` returns the bytes of one sample: by default this process's own.
    """

    def __init__(self, interval: float = 0.5, read: Callable[[], int] = resident_bytes):
        self.interval = interval
        self.read = read
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            try:
                self.samples.append((time.time(), self.read()))
            except OSError as error:
                # Without /proc (not Linux) the stage still has its wait4 peak.
                log.warning("Memory sampling stopped: %s", error)
                return
            if self._stop.wait(self.interval):
                return

    def peak(self) -> tuple[float, int]:
        """Return the sample with the most resident memory."""
        return max(self.samples, key=lambda sample: sample[1])

    def peak_between(self, started: datetime, completed: datetime) -> int:
        """Return the highest sample taken while a node ran, or 0 if none fell in its window."""
        start, end = started.timestamp(), completed.timestamp()
        return max((rss for at, rss in self.samples if start <= at <= end), default=0)


def peak_by_node(sampler: RssSampler, node_windows: dict[str, tuple[datetime, datetime]], top: int = 8) -> dict | None:
    """Return the `top` nodes by the highest memory sampled while they ran, and the nodes running at the peak.

    Two nodes run side by side, so a node's figure is the process's, not its own:
    a node listed at the peak shares it with whatever ran beside it. A node too short
    to be sampled is left out. None when there is no sample.
    """
    if not sampler.samples:
        return None
    peak_at, peak_bytes = sampler.peak()
    by_node = {name: sampler.peak_between(*window) for name, window in node_windows.items()}
    sampled = [(name, rss) for name, rss in by_node.items() if rss > 0]
    ranked = sorted(sampled, key=lambda item: item[1], reverse=True)[:top]
    running = sorted(name for name, (started, completed) in node_windows.items()
                     if started.timestamp() <= peak_at <= completed.timestamp())
    return {
        "sampled_peak_gib": round(peak_bytes / 2**30, 2),
        "nodes_running_at_peak": running,
        "highest_nodes_gib": {name: round(rss / 2**30, 2) for name, rss in ranked},
    }

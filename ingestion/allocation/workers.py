"""Allocate blocks of days in worker processes, because the engine runs pandas on one core.

Days are allocated independently, so blocks can go to separate processes. A block
travels as an Arrow table both ways: the worker reads it into pandas as DuckDB's
`df()` would, allocates it with `allocate_frame`, and returns the typed rows.
"""

import logging
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

import duckdb
import pandas as pd
import pyarrow as pa

from ingestion.allocation.frames import allocate_frame
from ingestion.allocation.policy import Policy
from ingestion.worker_count import worker_count

log = logging.getLogger(__name__)

WORKERS_ENV = "MARKETOPS_ALLOCATION_WORKERS"
DEFAULT_WORKERS = 2


def allocation_workers() -> int:
    """Return how many worker processes allocate blocks at once: MARKETOPS_ALLOCATION_WORKERS, else 2."""
    return worker_count(WORKERS_ENV, DEFAULT_WORKERS)


def allocate_block(policy: Policy, pools: pa.Table, service: pd.DataFrame, margin_rank: list[str],
                   select_list: str) -> pa.Table:
    """Allocate one block of pools and return its rows as `select_list` types them."""
    with duckdb.connect() as connection:
        # Read through DuckDB, so the frame has the dtypes the model's in-process path gives.
        frame = connection.from_arrow(pools).df()
        allocation = allocate_frame(policy, frame, service, margin_rank)
        connection.register("allocation_frame", allocation)
        return connection.sql(f"select {select_list} from allocation_frame").to_arrow_table()


def allocate_blocks(read_block: Callable[[int], pa.Table], blocks: int, workers: int, policy: Policy,
                    service: pd.DataFrame, margin_rank: list[str], select_list: str) -> Iterator[pa.Table]:
    """Yield the allocation of blocks 0 to `blocks` - 1 in order, `workers` of them in flight at once.

    `read_block(number)` returns a block's pools. It is called in this process, one
    block ahead of the workers, so at most `workers` blocks are held at a time.
    """
    if workers < 1:
        raise ValueError(f"allocation needs at least one worker, not {workers}")
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as executor:
        pending: list[tuple[int, Future]] = []
        submitted = 0
        for _ in range(blocks):
            while submitted < blocks and len(pending) < workers:
                future = executor.submit(allocate_block, policy, read_block(submitted), service, margin_rank,
                                         select_list)
                pending.append((submitted, future))
                submitted += 1
            try:
                yield pending[0][1].result()
            except Exception:
                # A killed worker fails every block in flight, so all of them are named.
                in_flight = ", ".join(str(number + 1) for number, _ in pending)
                log.error("Allocation failed in a worker process with block(s) %s of %d in flight", in_flight, blocks)
                # A block a worker has started runs to its end before the pool closes.
                for _, future in pending:
                    future.cancel()
                raise
            pending.pop(0)

"""Channel allocation: the planners' policy file applied to each day's ATP pools.

A Python model because the policy is a YAML file with ring fences and a low-stock
rule, and because the replay, the demo generator and the property tests must run
the very same engine (`ingestion.allocation`).

Incremental by snapshot day with the stock lookback: a daily build allocates only
the recent days, and an older day keeps the allocation it was given.
"""

import logging
from datetime import date

from ingestion.allocation.frames import allocate_frame
from ingestion.allocation.policy import policy_path, policy_state_dir, resolve_policy
from ingestion.allocation.workers import allocate_blocks, allocation_workers

log = logging.getLogger(__name__)

# Typed in SQL, because an empty frame carries no types of its own.
ALLOCATION_TYPES = {
    "snapshot_date": "date",
    "snapshot_at": "timestamp with time zone",
    "sku": "varchar",
    "channel": "varchar",
    "priority": "bigint",
    "mode": "varchar",
    "serving_order": "bigint",
    "atp": "bigint",
    "pool_before": "bigint",
    "fenced_units": "bigint",
    "share_cap_units": "bigint",
    "allocated": "bigint",
    "binding_rule": "varchar",
    "is_low_stock": "boolean",
    "reason": "varchar",
    "policy_name": "varchar",
    "policy_sha256": "varchar",
}
ALLOCATION_TABLE_COLUMNS = ", ".join(f"{name} {kind}" for name, kind in ALLOCATION_TYPES.items())
ALLOCATION_CASTS = ", ".join(f"cast({name} as {kind}) as {name}" for name, kind in ALLOCATION_TYPES.items())


def day_window(dbt, session) -> str | None:
    """Return the SQL condition on `snapshot_date` of the days this build allocates, or None for every day.

    A day range (`min_date`, `max_date`, end exclusive) wins; else the days from the
    latest allocated day less the stock lookback. The days are parsed as dates
    before they go into SQL.
    """
    if not dbt.is_incremental:
        return None
    first, end = dbt.config.get("min_date"), dbt.config.get("max_date")
    if first not in (None, "", "None") and end not in (None, "", "None"):
        first, end = date.fromisoformat(str(first)), date.fromisoformat(str(end))
        return f"snapshot_date >= date '{first.isoformat()}' and snapshot_date < date '{end.isoformat()}'"

    latest = session.sql(f"select max(snapshot_date) from {dbt.this}").fetchall()[0][0]
    if latest is None:
        return None
    lookback = int(dbt.config.get("lookback_days"))
    return f"snapshot_date >= date '{latest.isoformat()}' - {lookback}"


def day_blocks(pools, max_rows: int) -> list[list]:
    """Split the pools' snapshot days into runs of consecutive days of at most `max_rows` pool rows.

    A day larger than `max_rows` makes a block of its own, because a day is never split.
    """
    blocks, block, rows = [], [], 0
    for day, count in pools.aggregate("snapshot_date, count(*)").order("snapshot_date").fetchall():
        if block and rows + count > max_rows:
            blocks.append(block)
            block, rows = [], 0
        block.append(day)
        rows += count
    if block:
        blocks.append(block)
    return blocks


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="delete+insert",
        unique_key="snapshot_date",
        tags=["by_day"],
        on_schema_change="fail",
    )
    pools = dbt.ref("int_channel_atp_pools")
    window = day_window(dbt, session)
    if window is not None:
        log.info("Allocating the days where %s", window)
        pools = pools.filter(window)
    # Blocks are read by day range. Sorted by day once, each row group of the pools
    # covers a few days and DuckDB skips the others. In the table every row group spans
    # the whole year, so each block read scanned all pool rows (125 million at size L).
    session.execute("create or replace temp table allocation_pools as "
                    f"select * from ({pools.sql_query()}) order by snapshot_date")
    pools = session.table("allocation_pools")
    service = dbt.ref("int_b2b_account_service_daily").df()
    ranks = dbt.ref("int_channel_margin_ranks").df()

    resolution = resolve_policy(policy_path(), policy_state_dir())
    margin_rank = ranks.sort_values("margin_rank")["channel"].tolist()

    # Days are allocated independently, so blocks of days bound the memory of a first
    # build. The rows gather in a temporary table, which DuckDB may spill to disk.
    session.execute(f"create or replace temp table allocation_rows ({ALLOCATION_TABLE_COLUMNS})")
    # A first build of the benchmark's size L (75 million pool rows) needed 23 GiB
    # when it allocated every day at once. The bound covers the blocks of all workers
    # together. Each worker still adds its interpreter: spawned from dbt, it imports
    # dbt again, about 0.2 GiB.
    # On a line of its own: dbt finds the config keys a model reads in its source, and
    # it missed this one inside an arithmetic expression.
    block_pool_rows = int(dbt.config.get("block_pool_rows"))
    workers = allocation_workers()
    blocks = day_blocks(pools, max(1, block_pool_rows // workers))
    workers = min(workers, len(blocks))

    def block_pools(number: int):
        days = blocks[number]
        return pools.filter(f"snapshot_date between date '{days[0].isoformat()}' and date '{days[-1].isoformat()}'")

    if workers > 1:
        log.info("Allocating %d blocks in %d worker processes", len(blocks), workers)
        frames = allocate_blocks(lambda number: block_pools(number).to_arrow_table(), len(blocks), workers,
                                 resolution.policy, service, margin_rank, ALLOCATION_CASTS)
    else:
        # One block (a daily build up to size M) is not worth a process start.
        frames = (allocate_frame(resolution.policy, block_pools(number).df(), service, margin_rank)
                  for number in range(len(blocks)))

    total = 0
    for number, (days, allocation) in enumerate(zip(blocks, frames), start=1):
        session.register("allocation_frame", allocation)
        session.execute(f"insert into allocation_rows select {ALLOCATION_CASTS} from allocation_frame")
        session.unregister("allocation_frame")
        total += len(allocation)
        log.info("Allocated block %d of %d (%s to %s): %d rows", number, len(blocks), days[0], days[-1], len(allocation))

    log.info("Allocated %d rows with policy '%s' (%s)", total, resolution.policy.name, resolution.status)
    return session.table("allocation_rows")

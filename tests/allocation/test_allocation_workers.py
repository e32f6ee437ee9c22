"""Blocks allocated in worker processes equal the in-process allocation, in block order.

Three days of pools, one block per day. On day 2 amazon's ATP is 5 and shopify's 3.
Amazon is served first and gets 5 less its buffer of 1 = 4; shopify's pool is its 3
less the 4 already taken, so it gets nothing (`test_workers_give_the_rules_numbers`).
"""

from datetime import date

import duckdb
import pyarrow as pa
import pytest

from ingestion.allocation.frames import allocate_frame
from ingestion.allocation.policy import parse_policy
from ingestion.allocation.workers import allocate_blocks, allocation_workers

POLICY = parse_policy("""
name: workers
channels:
  - {channel: amazon, priority: 1, buffer_units: 1}
  - {channel: shopify, priority: 2, buffer_units: 1}
""", "workers.yml")
SELECT_LIST = "cast(snapshot_date as date) as snapshot_date, sku, channel, cast(allocated as bigint) as allocated, binding_rule, reason"
DAYS = [date(2026, 11, day) for day in (1, 2, 3)]
# Per day: (amazon ATP, shopify ATP); the units differ per day so a mix-up shows.
ATP = {DAYS[0]: (7, 2), DAYS[1]: (5, 3), DAYS[2]: (1, 9)}


def day_pools(day: date) -> pa.Table:
    amazon, shopify = ATP[day]
    with duckdb.connect() as connection:
        return connection.sql(f"""
            select date '{day.isoformat()}' as snapshot_date, timestamptz '{day.isoformat()} 06:00:00+00' as snapshot_at,
                   'SKU-1' as sku, channel, atp
            from (values ('amazon', {amazon}), ('shopify', {shopify})) as pools(channel, atp)
        """).to_arrow_table()


def in_process(day: date) -> pa.Table:
    with duckdb.connect() as connection:
        frame = allocate_frame(POLICY, connection.from_arrow(day_pools(day)).df())
        connection.register("allocation_frame", frame)
        return connection.sql(f"select {SELECT_LIST} from allocation_frame").to_arrow_table()


def in_workers(workers: int) -> list[pa.Table]:
    return list(allocate_blocks(lambda number: day_pools(DAYS[number]), len(DAYS), workers, POLICY, None, None,
                                SELECT_LIST))


def test_workers_equal_in_process_in_block_order():
    blocks = in_workers(2)

    assert [block.column("snapshot_date").to_pylist() for block in blocks] == [[day, day] for day in DAYS]
    assert [block.to_pylist() for block in blocks] == [in_process(day).to_pylist() for day in DAYS]


def test_workers_give_the_rules_numbers():
    second_day = in_workers(3)[1].to_pylist()

    assert [(row["channel"], row["allocated"], row["binding_rule"]) for row in second_day] == [
        ("amazon", 4, "buffer"), ("shopify", 0, "pool_exhausted"),
    ]


def test_failing_block_raises_its_error():
    def read_block(number: int) -> pa.Table:
        # The second block lacks the atp column, so the worker's engine raises.
        return day_pools(DAYS[number]).drop_columns(["atp"]) if number == 1 else day_pools(DAYS[number])

    with pytest.raises(KeyError, match="atp"):
        list(allocate_blocks(read_block, len(DAYS), 2, POLICY, None, None, SELECT_LIST))


def test_worker_count_reads_environment(monkeypatch):
    monkeypatch.setenv("MARKETOPS_ALLOCATION_WORKERS", "3")
    assert allocation_workers() == 3

    monkeypatch.setenv("MARKETOPS_ALLOCATION_WORKERS", "0")
    with pytest.raises(ValueError, match="MARKETOPS_ALLOCATION_WORKERS"):
        allocation_workers()

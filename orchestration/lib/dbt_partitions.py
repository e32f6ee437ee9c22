"""The daily partitions of the day-incremental dbt models, and the day range a run gives dbt.

A partition is one UTC calendar day, matched to the models' day columns (order day in
the channel's time zone, snapshot day) by date. The first day comes from
`MARKETOPS_FIRST_DAY` (YYYY-MM-DD), else a default early enough for the demo and the
real sample reports. A backfill of days before any data rewrites them as empty.
"""

import os
from datetime import date, datetime

import dagster as dg

FIRST_DAY_ENV = "MARKETOPS_FIRST_DAY"
DEFAULT_FIRST_DAY = "2024-01-01"
# Set on the daily run (schedule, sensor, `make pipeline`): its one partition, today,
# stands for each model's lookback window rather than for that day alone.
LOOKBACK_TAG = "marketops/window"
LOOKBACK = "lookback"


def first_day() -> date:
    """Return the first partition day, raising ValueError naming the variable when it is not a date."""
    configured = os.environ.get(FIRST_DAY_ENV) or DEFAULT_FIRST_DAY
    try:
        return date.fromisoformat(configured)
    except ValueError as error:
        raise ValueError(f"{FIRST_DAY_ENV}={configured!r} is not a YYYY-MM-DD day: {error}") from error


def daily_partitions() -> dg.DailyPartitionsDefinition:
    """Return one partition per day from the first day to today (UTC) inclusive.

    Today is included because a daily export lands during its own day.
    """
    return dg.DailyPartitionsDefinition(start_date=first_day().isoformat(), end_offset=1)


def daily_run_partition(current_time: datetime | None = None) -> str:
    """Return the partition key of the daily run: the UTC day of `current_time`, by default today."""
    partitions = daily_partitions()
    if current_time is None:
        return partitions.get_last_partition_key()
    return partitions.get_partition_key_for_timestamp(current_time.timestamp())


def daily_run_tags() -> dict[str, str]:
    """Return the tags that make a run of today's partition rewrite each model's lookback."""
    return {LOOKBACK_TAG: LOOKBACK}


def partition_days(context: dg.AssetExecutionContext) -> tuple[date, date] | None:
    """Return the days [first, end) the run rebuilds, or None when each model rewrites its lookback.

    Dagster 1.13 fails a run of these assets without a partition, because it looks
    the targets of their checks up by partition. The daily run therefore names today's
    partition and the lookback tag. A run without partitions is taken the same way.
    """
    if not context.has_partition_key_range or context.run.tags.get(LOOKBACK_TAG) == LOOKBACK:
        return None
    window = context.partition_time_window
    return window.start.date(), window.end.date()

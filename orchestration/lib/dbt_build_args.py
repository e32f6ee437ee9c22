"""The run config of the dbt assets and the `dbt build` arguments it gives.

It lives apart from the dbt assets, whose module reads the dbt manifest on import.
"""

import json
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

# A model of the day-incremental set that every build writes: once it is in the
# warehouse, a build rewrites days rather than building them for the first time.
INCREMENTAL_MARKER_TABLE = "fct_order_lines"
# Set to "true", the data tests of the incremental models check only the rewritten
# days (dbt_project/macros/test_day_window.sql).
DAILY_TESTS_ENV = "MARKETOPS_DAILY_TESTS"
# dbt's own variable for the resource types a build leaves out.
EXCLUDE_RESOURCE_TYPES_ENV = "DBT_EXCLUDE_RESOURCE_TYPES"


class DbtBuildConfig(dg.Config):
    """What one build rewrites: by default each incremental model's lookback window.

    Set `min_date` and `max_date` (YYYY-MM-DD, end exclusive) in the launchpad to
    rebuild exactly that range of days of the incremental models, for instance after a
    late correction older than the window. Selecting daily partitions does the same.
    `full_refresh` rebuilds every day.
    """

    min_date: str | None = None
    max_date: str | None = None
    full_refresh: bool = False


def build_environment(daily: bool) -> dict[str, str]:
    """Return the environment a build on a built warehouse (`daily`) or a first build runs with.

    A daily build tests only the rewritten days and leaves out dbt's unit tests: their
    inputs are fixed rows in the project, so a new day of data cannot change their
    outcome, and the first build and CI run them.
    """
    if not daily:
        return {DAILY_TESTS_ENV: "false"}
    return {DAILY_TESTS_ENV: "true", EXCLUDE_RESOURCE_TYPES_ENV: "unit_test"}


def warehouse_is_built(warehouse: Path) -> bool:
    """Return whether the warehouse already holds the incremental models, read without locking it."""
    if not warehouse.exists():
        return False
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        found = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?",
            [INCREMENTAL_MARKER_TABLE],
        ).fetchone()[0]
    return found > 0


def build_args(config: DbtBuildConfig, partition_days: tuple[date, date] | None = None) -> list[str]:
    """Return the `dbt build` arguments for `config` and the run's partition days, raising ValueError on an invalid day range."""
    args = ["build"]
    if config.full_refresh:
        args.append("--full-refresh")
    if (config.min_date is None) != (config.max_date is None):
        raise ValueError(
            f"invalid day range min_date={config.min_date!r} max_date={config.max_date!r}: set both or neither"
        )
    if config.min_date is not None and partition_days is not None:
        raise ValueError(
            f"day range min_date={config.min_date!r} max_date={config.max_date!r} given for a run of partitions "
            f"{partition_days[0]} to {partition_days[1]}: choose partitions or a day range, not both"
        )

    dbt_vars: dict[str, str] = {}
    if partition_days is not None:
        first, end = partition_days
    elif config.min_date is not None:
        first, end = date.fromisoformat(config.min_date), date.fromisoformat(config.max_date)
    else:
        first = end = None
    if first is not None:
        if end <= first:
            raise ValueError(f"invalid day range: max_date {end} must come after min_date {first} (it is exclusive)")
        dbt_vars.update(min_date=first.isoformat(), max_date=end.isoformat())
    return args + ["--vars", json.dumps(dbt_vars)] if dbt_vars else args

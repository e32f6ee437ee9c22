"""dbt models, seeds and tests as Dagster assets and asset checks, run with `dbt build`.

The day-incremental models (tagged `by_day` in dbt) and the models built from them
are one asset group with daily partitions: a backfill of a range of partitions is one
dbt run over those days, which rebuilds the downstream models whole. Staging, the
other intermediates, seeds and dimensions are unpartitioned.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from ingestion.paths import DATA_DIR_ENV
from orchestration.defs.dbt.project import dbt_project
from orchestration.lib.data_root import DataRootResource
from orchestration.lib.dbt_build_args import DbtBuildConfig, build_args, build_environment, warehouse_is_built
from orchestration.lib.dbt_partitions import daily_partitions, partition_days
from orchestration.lib.dbt_row_counts import table_row_counts, with_row_count
from orchestration.lib.dbt_translator import MarketopsDbtTranslator

# Staging models are incremental too, but by load rather than by day.
DAILY_MODELS = "tag:by_day+"


@contextmanager
def dbt_environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the dbt subprocess, restoring the old values after.

    dagster-dbt starts dbt with a copy of this process's environment; the dbt profile
    and sources read the data root from `MARKETOPS_DATA_DIR`.
    """
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_dbt_build(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, data_root: DataRootResource, args: list[str]
) -> Iterator:
    """Run `dbt build` on the assets `context` selected and yield its events with row counts.

    On a warehouse that already contains the incremental models, their data tests check
    only the days the build rewrites; the first build checks every row.
    """
    paths = data_root.paths()
    daily_tests = warehouse_is_built(paths.warehouse)
    context.log.info(
        "Running dbt %s on the warehouse %s (tests of the incremental models: %s)",
        " ".join(args), paths.warehouse, "rewritten days" if daily_tests else "every row",
    )

    # Events are held until dbt exits, because the warehouse can be read only once dbt
    # has released its lock. A failed build still reports what it built.
    events = []
    environment = {DATA_DIR_ENV: str(paths.root), **build_environment(daily_tests)}
    with dbt_environment(environment):
        try:
            for event in dbt.cli(args, context=context).stream():
                events.append(event)
        except Exception:
            context.log.error("dbt build failed on %s after %d event(s)", paths.warehouse, len(events))
            yield from events
            raise

    row_counts = table_row_counts(paths.warehouse)
    context.log.info("dbt build finished on %s: %d table(s) counted", paths.warehouse, len(row_counts))
    for event in events:
        yield with_row_count(event, row_counts)


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    exclude=DAILY_MODELS,
    dagster_dbt_translator=MarketopsDbtTranslator(),
)
def marketops_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, data_root: DataRootResource, config: DbtBuildConfig
):
    yield from run_dbt_build(context, dbt, data_root, build_args(config))


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    select=DAILY_MODELS,
    name="marketops_dbt_daily_models",
    partitions_def=daily_partitions(),
    backfill_policy=dg.BackfillPolicy.single_run(),
    dagster_dbt_translator=MarketopsDbtTranslator(),
)
def marketops_dbt_daily_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, data_root: DataRootResource, config: DbtBuildConfig
):
    # The daily run (today's partition with the lookback tag) rewrites each model's lookback window.
    days = partition_days(context)
    if days is not None:
        context.log.info("Rebuilding the days %s to %s (end exclusive) of the daily models", *days)
    yield from run_dbt_build(context, dbt, data_root, build_args(config, days))

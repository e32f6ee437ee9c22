"""dbt models, seeds and tests as Dagster assets and asset checks, run with one `dbt build`."""

import os
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from ingestion.paths import DATA_DIR_ENV
from orchestration.defs.dbt.project import dbt_project
from orchestration.lib.data_root import DataRootResource
from orchestration.lib.dbt_build_args import DbtBuildConfig, build_args
from orchestration.lib.dbt_row_counts import table_row_counts, with_row_count
from orchestration.lib.dbt_translator import MarketopsDbtTranslator


@contextmanager
def data_dir_environment(root: str) -> Iterator[None]:
    """Set `MARKETOPS_DATA_DIR` for the dbt subprocess, restoring the old value after.

    dagster-dbt starts dbt with a copy of this process's environment, and the dbt
    profile and sources read the data root from that variable.
    """
    previous = os.environ.get(DATA_DIR_ENV)
    os.environ[DATA_DIR_ENV] = root
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(DATA_DIR_ENV, None)
        else:
            os.environ[DATA_DIR_ENV] = previous


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=MarketopsDbtTranslator(),
)
def marketops_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, data_root: DataRootResource, config: DbtBuildConfig
):
    paths = data_root.paths()
    args = build_args(config)
    context.log.info("Running dbt %s on the warehouse %s", " ".join(args), paths.warehouse)

    # Events are held until dbt exits, because the warehouse can be read only once dbt
    # has released its lock. A failed build still reports what it built.
    events = []
    with data_dir_environment(str(paths.root)):
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

"""dbt models, seeds and tests as Dagster assets and asset checks, run with one `dbt build`."""

import os
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from ingestion.paths import DATA_DIR_ENV
from orchestration.defs.dbt.project import dbt_project
from orchestration.lib.data_root import DataRootResource
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
def marketops_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, data_root: DataRootResource):
    paths = data_root.paths()
    context.log.info("Running dbt build on the warehouse %s", paths.warehouse)

    with data_dir_environment(str(paths.root)):
        yield from dbt.cli(["build"], context=context).stream()

    context.log.info("dbt build finished on %s", paths.warehouse)

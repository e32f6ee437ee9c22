"""dbt models, seeds and tests as Dagster assets and asset checks, run with one `dbt build`."""

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from ingestion.paths import DATA_DIR_ENV
from orchestration.defs.dbt.project import dbt_project
from orchestration.lib.data_root import DataRootResource
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


class DbtBuildConfig(dg.Config):
    """What one build rewrites: by default each incremental mart's lookback window.

    Set `min_date` and `max_date` (YYYY-MM-DD, end exclusive) in the launchpad to
    rebuild exactly that range of days of the incremental marts, for instance after a
    late correction older than the window; `full_refresh` rebuilds every day.
    """

    min_date: str | None = None
    max_date: str | None = None
    full_refresh: bool = False


def build_args(config: DbtBuildConfig) -> list[str]:
    """Return the `dbt build` arguments for `config`, raising ValueError on an invalid day range."""
    args = ["build"]
    if config.full_refresh:
        args.append("--full-refresh")
    if (config.min_date is None) != (config.max_date is None):
        raise ValueError(
            f"invalid day range min_date={config.min_date!r} max_date={config.max_date!r}: set both or neither"
        )
    if config.min_date is not None:
        first, end = date.fromisoformat(config.min_date), date.fromisoformat(config.max_date)
        if end <= first:
            raise ValueError(f"invalid day range: max_date {end} must come after min_date {first} (it is exclusive)")
        args += ["--vars", json.dumps({"min_date": first.isoformat(), "max_date": end.isoformat()})]
    return args


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

"""Run the asset graph in process on a tmp data root and read what the run recorded."""

import os
from pathlib import Path

import dagster as dg

from ingestion.paths import DATA_DIR_ENV


def materialize_all(
    definitions: dg.Definitions,
    data_root: Path,
    selection: dg.AssetSelection | None = None,
    instance: dg.DagsterInstance | None = None,
    partition_key: str | None = None,
    tags: dict[str, str] | None = None,
    raise_on_error: bool = False,
) -> dg.ExecuteInProcessResult:
    """Materialize the asset graph (or `selection`) with its checks on `data_root`, in process.

    `MARKETOPS_DATA_DIR` is set for the run because dbt reads the data root from it.
    The whole graph runs as the daily run does: today's partition, each daily dbt
    model rewriting its lookback. A selection runs with `partition_key` and `tags`.
    """
    from orchestration.lib.data_root import DataRootResource
    from orchestration.lib.dbt_partitions import daily_run_partition, daily_run_tags

    resources = {**definitions.resources, "data_root": DataRootResource(root=str(data_root))}
    previous = os.environ.get(DATA_DIR_ENV)
    os.environ[DATA_DIR_ENV] = str(data_root)
    try:
        return dg.materialize(
            [*definitions.assets, *definitions.asset_checks],
            resources=resources,
            selection=selection,
            instance=instance or dg.DagsterInstance.ephemeral(),
            partition_key=daily_run_partition() if selection is None else partition_key,
            tags=daily_run_tags() if selection is None else tags,
            raise_on_error=raise_on_error,
        )
    finally:
        if previous is None:
            os.environ.pop(DATA_DIR_ENV, None)
        else:
            os.environ[DATA_DIR_ENV] = previous


def materialize_logged(
    definitions: dg.Definitions, data_root: Path, selection: dg.AssetSelection
) -> tuple[dg.ExecuteInProcessResult, list[str]]:
    """Materialize `selection` on `data_root`, and return the run and the messages of its log."""
    instance = dg.DagsterInstance.ephemeral()
    result = materialize_all(definitions, data_root, selection, instance)
    return result, [entry.user_message for entry in instance.all_logs(result.run_id)]


def materialization_metadata(result: dg.ExecuteInProcessResult, key: str) -> dict:
    """Return the metadata of the asset's materialization in the run, as plain values."""
    asset_key = dg.AssetKey.from_user_string(key)
    matching = [
        event.materialization
        for event in result.get_asset_materialization_events()
        if event.asset_key == asset_key
    ]
    assert matching, f"no materialization of {key} in run {result.run_id}"
    return {name: getattr(value, "value", value) for name, value in matching[-1].metadata.items()}

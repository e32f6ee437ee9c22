"""Daily partitions of the dbt models: a backfill of a day range equals a full rebuild.

A small demo is ingested, and both dbt assets are materialized once as the daily
pipeline does (today's partition, each model rewriting its lookback, which on an
empty warehouse builds every day). Some days of the day-incremental models are
then damaged in the warehouse, and a Dagster run of a range of daily partitions (one
run, as a single-run backfill launches it) must bring every model back to the full
build's checksums.
"""

import os
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest
from daily_models import DAILY_MODELS, DEMO, damage_days, daily_checksums
from orchestration_runs import materialize_all

from ingestion.demo.generate import generate
from ingestion.landing import ingest_source
from ingestion.paths import DataPaths
from ingestion.schemas import RAW_SCHEMAS


def materialize_dbt(
    definitions: dg.Definitions,
    data_root: Path,
    selection: dg.AssetSelection,
    tags: dict[str, str] | None = None,
    partition_key: str | None = None,
    raise_on_error: bool = True,
) -> dg.ExecuteInProcessResult:
    """Materialize the dbt assets of `selection` on `data_root` in process, by default failing on any error."""
    return materialize_all(
        definitions, data_root, selection,
        partition_key=partition_key, tags=tags, raise_on_error=raise_on_error,
    )


def partition_range_tags(first: str, last: str) -> dict[str, str]:
    """Return the tags of a run over the partitions first to last inclusive, as a single-run backfill sets them.

    The UI's backfill of a range launches one run with these tags, because the
    daily models' backfill policy is a single run.
    """
    return {"dagster/asset_partition_range_start": first, "dagster/asset_partition_range_end": last}


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a data root holding the small demo, landed and ingested."""
    root = tmp_path_factory.mktemp("partitions") / "data"
    generate(DEMO, root / "landing", show_progress=False)

    # Ingestion leaves files younger than its minimum age for a later run.
    settled_at = os.path.getmtime(root / "landing") - 120
    for landed in (root / "landing").rglob("*"):
        if landed.is_file():
            os.utime(landed, (settled_at, settled_at))
    paths = DataPaths(root)
    paths.ensure()
    for source in RAW_SCHEMAS:
        ingest_source(paths, source)
    return root


@pytest.fixture(scope="module")
def dbt_selection() -> dg.AssetSelection:
    from orchestration.defs.dbt.assets import marketops_dbt_daily_models, marketops_dbt_models

    return dg.AssetSelection.assets(marketops_dbt_models, marketops_dbt_daily_models)


@pytest.fixture(scope="module")
def full_build(definitions, demo_root, dbt_selection) -> dict[str, tuple[int, int]]:
    """Build every dbt model as the daily run does; return the daily models' checksums."""
    from orchestration.lib.dbt_partitions import daily_run_partition, daily_run_tags

    materialize_dbt(definitions, demo_root, dbt_selection, daily_run_tags(), daily_run_partition())
    return daily_checksums(demo_root / "warehouse.duckdb")


def test_daily_models_are_partitioned_by_day(definitions):
    from orchestration.defs.dbt.assets import marketops_dbt_daily_models, marketops_dbt_models

    daily = {key.path[-1] for key in marketops_dbt_daily_models.keys}
    assert set(DAILY_MODELS) <= daily
    assert isinstance(marketops_dbt_daily_models.partitions_def, dg.DailyPartitionsDefinition)
    assert marketops_dbt_daily_models.backfill_policy == dg.BackfillPolicy.single_run()
    # Dimensions and staging stay whole, so a backfill never rebuilds them by day.
    assert marketops_dbt_models.partitions_def is None
    assert {"dim_sku", "dim_channel", "stg_amazon_orders__order_lines"} <= {key.path[-1] for key in marketops_dbt_models.keys}


def test_daily_schedule_runs_today_with_lookback():
    from orchestration.lib.dbt_partitions import LOOKBACK, LOOKBACK_TAG

    from orchestration.defs.pipeline.schedules import daily_pipeline_schedule

    context = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 11, 30, 5, tzinfo=UTC))

    request = daily_pipeline_schedule(context)
    assert request.partition_key == "2026-11-30"
    assert request.tags[LOOKBACK_TAG] == LOOKBACK


def test_full_build_fills_every_daily_model(full_build):
    for model, (rows, _) in full_build.items():
        assert rows > 0, f"{model} is empty, so the backfill comparison proves nothing"


def test_backfill_of_partition_range_equals_full_build(definitions, demo_root, full_build):
    from orchestration.defs.dbt.assets import marketops_dbt_daily_models

    warehouse = demo_root / "warehouse.duckdb"
    damage_days(warehouse, deleted_day="2026-11-20", changed_day="2026-11-22")
    assert daily_checksums(warehouse) != full_build

    result = materialize_dbt(
        definitions,
        demo_root,
        dg.AssetSelection.assets(marketops_dbt_daily_models),
        tags=partition_range_tags("2026-11-20", "2026-11-22"),
    )

    assert daily_checksums(warehouse) == full_build
    materialized = {
        event.partition
        for event in result.get_asset_materialization_events()
        if event.asset_key == dg.AssetKey("fct_order_lines")
    }
    assert materialized == {"2026-11-20", "2026-11-21", "2026-11-22"}


def test_backfill_leaves_days_outside_its_range(definitions, demo_root, full_build):
    from orchestration.defs.dbt.assets import marketops_dbt_daily_models

    warehouse = demo_root / "warehouse.duckdb"
    damage_days(warehouse, deleted_day="2026-11-18", changed_day="2026-11-19")
    damaged = daily_checksums(warehouse, DAILY_MODELS)

    # The models rebuilt whole downstream read the doubled rows left outside the
    # range, so their data tests may fail this run. The days outside must stay as they are.
    materialize_dbt(
        definitions,
        demo_root,
        dg.AssetSelection.assets(marketops_dbt_daily_models),
        tags=partition_range_tags("2026-11-25", "2026-11-26"),
        raise_on_error=False,
    )

    assert daily_checksums(warehouse, DAILY_MODELS) == damaged
    materialize_dbt(
        definitions,
        demo_root,
        dg.AssetSelection.assets(marketops_dbt_daily_models),
        tags=partition_range_tags("2026-11-18", "2026-11-19"),
    )
    assert daily_checksums(warehouse) == full_build

"""The code location loads, validates, and wires dbt sources to the ingestion assets."""

from pathlib import Path

import dagster as dg

from ingestion.schemas import RAW_SCHEMAS
from orchestration.lib.marts import MART_TABLES


def test_definitions_validate(definitions: dg.Definitions):
    dg.Definitions.validate_loadable(definitions)


def test_serving_publishes_every_mart_model():
    marts_folder = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "marts"
    models = {path.stem for path in marts_folder.rglob("*") if path.suffix in {".sql", ".py"}}

    # A mart left out of MART_TABLES is built but never reaches serving.duckdb.
    assert models == set(MART_TABLES)


def test_job_sensor_schedule_present(definitions: dg.Definitions):
    assert definitions.resolve_job_def("marketops_pipeline") is not None
    assert definitions.resolve_sensor_def("landing_sensor") is not None
    assert definitions.resolve_schedule_def("daily_pipeline") is not None


def test_asset_graph_shape(definitions: dg.Definitions):
    graph = definitions.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}

    assert {f"raw/{source}" for source in RAW_SCHEMAS} <= keys
    assert set(MART_TABLES) <= keys
    assert {"landing_router", "serving_db", "channel_inventory_feeds"} <= keys
    # No dbt source stays a dangling external asset: each is an ingestion asset.
    assert not any(key.startswith(tuple(f"{source}/" for source in RAW_SCHEMAS)) for key in keys)


def test_staging_reads_ingestion_asset(definitions: dg.Definitions):
    graph = definitions.resolve_asset_graph()
    parents = graph.get(dg.AssetKey("stg_b2b_orders__order_lines")).parent_keys

    assert dg.AssetKey(["raw", "b2b_orders"]) in parents


def test_groups_by_layer(definitions: dg.Definitions):
    graph = definitions.resolve_asset_graph()

    assert graph.get(dg.AssetKey("stg_b2b_orders__order_lines")).group_name == "staging"
    assert graph.get(dg.AssetKey("fct_orders")).group_name == "marts"
    assert graph.get(dg.AssetKey(["raw", "b2b_orders"])).group_name == "ingestion"
    assert graph.get(dg.AssetKey("serving_db")).group_name == "publish"
    assert graph.get(dg.AssetKey("channel_inventory_feeds")).group_name == "writeback"


def test_raw_checks_blocking(definitions: dg.Definitions):
    specs = {
        (spec.asset_key.to_user_string(), spec.name): spec
        for checks in definitions.asset_checks
        for spec in checks.check_specs
    }

    assert specs[("raw/b2b_orders", "gx_required")].blocking
    assert not specs[("raw/b2b_orders", "gx_plausible")].blocking

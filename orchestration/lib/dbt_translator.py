"""Map dbt nodes to Dagster asset specs: sources onto ingestion assets, models grouped by layer."""

import re
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings

from ingestion.schemas import RAW_SCHEMAS
from orchestration.lib.asset_keys import raw_asset_key

RAW_LOCATION = re.compile(r"/raw/([A-Za-z0-9_]+)/")


class MarketopsDbtTranslator(DagsterDbtTranslator):
    """Translator whose dbt sources are the ingestion assets that write their Parquet."""

    def __init__(self) -> None:
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        source = self._get_raw_source(dbt_resource_props)
        if source is not None:
            return raw_asset_key(source)
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "dbt_seeds"
        return self._get_layer(dbt_resource_props) or super().get_group_name(dbt_resource_props)

    def _get_raw_source(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        """Return the landing source a dbt source reads, from its external location or name."""
        if dbt_resource_props["resource_type"] != "source":
            return None
        location = (dbt_resource_props.get("meta") or {}).get("external_location", "")
        match = RAW_LOCATION.search(location)
        candidates = [match.group(1)] if match else []
        candidates += [dbt_resource_props["name"], dbt_resource_props["source_name"]]
        return next((name for name in candidates if name in RAW_SCHEMAS), None)

    def _get_layer(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        """Return `staging`, `intermediate` or `marts` from the model's folder."""
        fqn = dbt_resource_props.get("fqn") or []
        if dbt_resource_props["resource_type"] == "model" and len(fqn) > 2:
            return fqn[1]
        return None

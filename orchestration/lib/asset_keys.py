"""Asset keys shared by the ingestion assets, the dbt translator and the checks."""

import dagster as dg

RAW_PREFIX = "raw"


def raw_asset_key(source: str) -> dg.AssetKey:
    """Return the key of the ingestion asset that fills `raw/<source>/`."""
    return dg.AssetKey([RAW_PREFIX, source])

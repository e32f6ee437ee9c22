"""The one job that runs the whole loop: ingestion, dbt, publish and write-back."""

import dagster as dg

PIPELINE_JOB_NAME = "marketops_pipeline"

# Selecting every asset also selects the checks on them (GX and dbt tests).
pipeline_job = dg.define_asset_job(
    name=PIPELINE_JOB_NAME,
    selection=dg.AssetSelection.all(),
    description="Route and ingest landed files, dbt build, publish serving.duckdb, write the feeds.",
)

"""Ingestion assets: route files dropped into `landing/`, then land each source as raw Parquet.

Each source is its own asset so the sources run in parallel under the multiprocess
executor. They write only Parquet files named by the landed file's sha256, so they
share no database lock and a re-delivered file writes nothing new.
"""

import dagster as dg

from ingestion.landing import ingest_source, route_landing_root
from ingestion.schemas import RAW_SCHEMAS
from orchestration.lib.asset_keys import raw_asset_key
from orchestration.lib.data_root import DataRootResource
from orchestration.lib.ingestion_metadata import ingestion_metadata
from orchestration.lib.route_outcomes import outcome_line, route_counts, unrouted_message

GROUP = "ingestion"


@dg.asset(
    group_name=GROUP,
    kinds={"python"},
    description="Move each file dropped straight into landing/ to the folder of its source.",
)
def landing_router(context: dg.AssetExecutionContext, data_root: DataRootResource) -> dg.MaterializeResult:
    paths = data_root.paths()
    context.log.info(f"Routing files under {paths.landing}")

    outcomes = route_landing_root(paths)
    for outcome in outcomes:
        if outcome.source is None:
            context.log.warning(unrouted_message(outcome, paths))

    counts = route_counts(outcomes, paths)
    context.log.info(
        f"Routed {counts['files_routed']} file(s) from {paths.landing}, quarantined {counts['files_quarantined']}, "
        f"left {counts['files_left_in_place']} in place, {counts['files_not_settled']} not settled yet"
    )
    return dg.MaterializeResult(
        metadata={
            **counts,
            "outcomes": dg.MetadataValue.md(
                "\n".join(outcome_line(outcome, paths) for outcome in outcomes) or "no file at the top of landing/"
            ),
        }
    )


def build_ingestion_asset(source: str) -> dg.AssetsDefinition:
    """Build the asset that lands every file under `landing/<source>/` into `raw/<source>/`."""

    @dg.asset(
        key=raw_asset_key(source),
        group_name=GROUP,
        kinds={"python", "parquet"},
        deps=[landing_router],
        description=f"Raw Parquet of the {source} files, one file per landed sha256.",
    )
    def _ingest(context: dg.AssetExecutionContext, data_root: DataRootResource) -> dg.MaterializeResult:
        paths = data_root.paths()
        context.log.info("Ingesting source %s from %s", source, paths.landing_dir(source))

        report = ingest_source(paths, source)
        metadata = ingestion_metadata(report, paths.raw_dir(source))

        context.log.info(
            f"Ingested source {source}: {metadata['files_loaded']} file(s) loaded, "
            f"{metadata['files_already_loaded']} already loaded, {metadata['files_rejected']} rejected, "
            f"{metadata['files_not_settled']} not settled yet; {metadata['rows_read']} row(s) read, "
            f"{metadata['rows_loaded']} loaded, {metadata['rows_quarantined']} quarantined"
        )
        return dg.MaterializeResult(metadata=metadata)

    return _ingest


ingestion_assets = [build_ingestion_asset(source) for source in RAW_SCHEMAS]

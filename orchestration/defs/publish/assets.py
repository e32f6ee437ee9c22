"""Publish the marts to serving.duckdb, the only database dashboards open."""

import dagster as dg

from orchestration.lib.data_root import DataRootResource
from orchestration.lib.marts import MART_ASSET_KEYS, MART_DAY_COLUMNS, MART_TABLES
from orchestration.lib.serving import publish_serving

ROW_COUNT_SCHEMA = dg.TableSchema(columns=[dg.TableColumn("mart", "string"), dg.TableColumn("rows", "int")])


@dg.asset(
    group_name="publish",
    kinds={"duckdb"},
    deps=MART_ASSET_KEYS,
    description="serving.duckdb: a copy of every mart, replaced atomically after each build.",
)
def serving_db(context: dg.AssetExecutionContext, data_root: DataRootResource) -> dg.MaterializeResult:
    paths = data_root.paths()
    context.log.info("Publishing %d marts to %s", len(MART_TABLES), paths.serving)

    row_counts = publish_serving(paths.warehouse, paths.serving, MART_TABLES, MART_DAY_COLUMNS)

    context.log.info("Published %d marts to %s", len(row_counts), paths.serving)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(paths.serving)),
            "row_counts": dg.MetadataValue.table(
                records=[dg.TableRecord({"mart": mart, "rows": rows}) for mart, rows in row_counts.items()],
                schema=ROW_COUNT_SCHEMA,
            ),
            **{f"rows/{mart}": rows for mart, rows in row_counts.items()},
        }
    )

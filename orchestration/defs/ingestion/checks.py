"""Great Expectations validations of the raw layer, as asset checks on the ingestion assets.

The `required` check of a source is blocking: when it fails, dbt does not build on
that run. The `plausible` check only warns.
"""

import dagster as dg

from ingestion.schemas import RAW_SCHEMAS
from orchestration.lib.asset_keys import raw_asset_key
from orchestration.lib.data_root import DataRootResource
from orchestration.lib.gx_validation import ExpectationOutcome, validate_frame
from orchestration.lib.raw_expectations import DERIVED_COLUMNS, PLAUSIBLE, REQUIRED, RawExpectation
from orchestration.lib.raw_frames import read_raw_frame


def outcome_metadata(outcomes: list[ExpectationOutcome], rows: int) -> dict[str, dg.MetadataValue]:
    """Report each expectation's unexpected count, and a few of the unexpected values."""
    metadata: dict[str, dg.MetadataValue] = {"rows_validated": dg.MetadataValue.int(rows)}
    for outcome in outcomes:
        metadata[f"{outcome.label} unexpected"] = dg.MetadataValue.int(outcome.unexpected_count)
        if outcome.partial_unexpected:
            metadata[f"{outcome.label} examples"] = dg.MetadataValue.text(", ".join(outcome.partial_unexpected))
        if outcome.error:
            metadata[f"{outcome.label} error"] = dg.MetadataValue.text(outcome.error)
    return metadata


def build_raw_check(source: str, suite: str, expectations: list[RawExpectation], blocking: bool) -> dg.AssetChecksDefinition:
    """Build one asset check that runs a GX suite over every raw row of `source`."""
    severity = dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN
    derived = DERIVED_COLUMNS.get(source, {})
    columns = sorted({expectation.column for expectation in expectations})

    @dg.asset_check(
        asset=raw_asset_key(source),
        name=f"gx_{suite}",
        blocking=blocking,
        description=f"Great Expectations suite `{suite}` on raw {source}: "
        + "; ".join(expectation.label for expectation in expectations),
    )
    def _check(context: dg.AssetCheckExecutionContext, data_root: DataRootResource) -> dg.AssetCheckResult:
        raw_dir = data_root.paths().raw_dir(source)
        frame = read_raw_frame(source, raw_dir, columns, derived)
        outcomes = validate_frame(frame, expectations, suite_name=f"{source}_{suite}")

        failed = [outcome.label for outcome in outcomes if not outcome.success]
        if failed:
            context.log.warning("GX suite %s failed on raw %s: %s", suite, source, ", ".join(failed))
        else:
            context.log.info("GX suite %s passed on raw %s (%d rows)", suite, source, len(frame))

        return dg.AssetCheckResult(
            passed=not failed,
            severity=severity,
            description="failed: " + ", ".join(failed) if failed else "every expectation passed",
            metadata=outcome_metadata(outcomes, len(frame)),
        )

    return _check


raw_checks = [
    build_raw_check(source, "required", REQUIRED[source], blocking=True)
    for source in RAW_SCHEMAS
    if source in REQUIRED
] + [
    build_raw_check(source, "plausible", PLAUSIBLE[source], blocking=False)
    for source in RAW_SCHEMAS
    if source in PLAUSIBLE
]

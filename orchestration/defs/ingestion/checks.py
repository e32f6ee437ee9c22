"""Great Expectations validations of the raw layer, as asset checks on the ingestion assets.

Each source has a blocking `gx_required` check (when it fails, dbt does not build on
that run) and a `gx_plausible` check that only warns. All of them run in one step,
because under the multiprocess executor every step is a new process, and importing
GX alone takes several seconds.
"""

import dagster as dg

from ingestion.schemas import RAW_SCHEMAS
from orchestration.lib.asset_keys import raw_asset_key
from orchestration.lib.data_root import DataRootResource
from orchestration.lib.gx_validation import ExpectationOutcome, validate_frame
from orchestration.lib.raw_expectations import DERIVED_COLUMNS, PLAUSIBLE, REQUIRED, RawExpectation
from orchestration.lib.raw_frames import read_raw_frame

# (source, suite name, expectations, blocking) for every check.
SUITES = [
    (source, suite, expectations[source], blocking)
    for suite, expectations, blocking in (("required", REQUIRED, True), ("plausible", PLAUSIBLE, False))
    for source in RAW_SCHEMAS
    if source in expectations
]


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


def run_suite(
    context: dg.AssetCheckExecutionContext,
    data_root: DataRootResource,
    source: str,
    suite: str,
    expectations: list[RawExpectation],
    blocking: bool,
) -> dg.AssetCheckResult:
    """Validate every raw row of `source` with one suite and return the check result."""
    derived = DERIVED_COLUMNS.get(source, {})
    columns = sorted({expectation.column for expectation in expectations})
    frame = read_raw_frame(source, data_root.paths().raw_dir(source), columns, derived)
    outcomes = validate_frame(frame, expectations, suite_name=f"{source}_{suite}")

    failed = [outcome.label for outcome in outcomes if not outcome.success]
    if failed:
        context.log.warning("GX suite %s failed on raw %s: %s", suite, source, ", ".join(failed))
    else:
        context.log.info("GX suite %s passed on raw %s (%d rows)", suite, source, len(frame))

    return dg.AssetCheckResult(
        asset_key=raw_asset_key(source),
        check_name=f"gx_{suite}",
        passed=not failed,
        severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        description="failed: " + ", ".join(failed) if failed else "every expectation passed",
        metadata=outcome_metadata(outcomes, len(frame)),
    )


@dg.multi_asset_check(
    name="raw_layer_gx",
    specs=[
        dg.AssetCheckSpec(
            name=f"gx_{suite}",
            asset=raw_asset_key(source),
            blocking=blocking,
            description=f"Great Expectations suite `{suite}` on raw {source}: "
            + "; ".join(expectation.label for expectation in expectations),
        )
        for source, suite, expectations, blocking in SUITES
    ],
    can_subset=True,
)
def raw_layer_gx(context: dg.AssetCheckExecutionContext, data_root: DataRootResource):
    selected = context.selected_asset_check_keys
    for source, suite, expectations, blocking in SUITES:
        key = dg.AssetCheckKey(raw_asset_key(source), f"gx_{suite}")
        if key in selected:
            yield run_suite(context, data_root, source, suite, expectations, blocking)

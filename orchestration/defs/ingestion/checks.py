"""Great Expectations validations of the raw layer, as asset checks on the ingestion assets.

Each source has a blocking `gx_required` check (when it fails, dbt does not build on
that run) and a `gx_plausible` check that only warns. All of them run in one step,
because under the multiprocess executor every step is a new process, and importing
GX alone takes several seconds. The step validates in worker processes, two suites
at a time by default, each worker replaced when its memory grows (`SuitePool`).
"""

import dagster as dg

from ingestion.schemas import RAW_SCHEMAS
from orchestration.lib.asset_keys import raw_asset_key
from orchestration.lib.check_failures import failure_message, failure_metadata, raw_files_to_delete, remedy
from orchestration.lib.data_root import DataRootResource
from orchestration.lib.gx_validation import ExpectationOutcome
from orchestration.lib.raw_checks import SUITE_KINDS, SuitePool, SuiteRun, SuiteTask

# (source, suite name, expectations, blocking) for every check.
SUITES = [
    (source, suite, expectations[source], blocking)
    for suite, expectations, blocking in SUITE_KINDS
    for source in RAW_SCHEMAS
    if source in expectations
]


def outcome_metadata(
    source: str, outcomes: list[ExpectationOutcome], rows: int, files: int
) -> dict[str, dg.MetadataValue]:
    """Report each expectation's unexpected count, and the file and line of the sampled unexpected rows."""
    metadata: dict[str, dg.MetadataValue] = {
        "rows_validated": dg.MetadataValue.int(rows),
        "files_validated": dg.MetadataValue.int(files),
    }
    for outcome in outcomes:
        metadata[f"{outcome.label} unexpected"] = dg.MetadataValue.int(outcome.unexpected_count)
        if outcome.partial_unexpected:
            metadata[f"{outcome.label} examples"] = dg.MetadataValue.text(", ".join(outcome.partial_unexpected))
        if outcome.error:
            metadata[f"{outcome.label} error"] = dg.MetadataValue.text(outcome.error)
        if not outcome.success:
            metadata.update(failure_metadata(source, outcome))
    return metadata


def log_failure(
    context: dg.AssetCheckExecutionContext, source: str, suite: str, failed: list[ExpectationOutcome], blocking: bool
) -> str | None:
    """Log each failed expectation with its sampled rows, and return the remedy of a blocking suite."""
    log = context.log.error if blocking else context.log.warning
    for outcome in failed:
        log(f"GX suite {suite} failed on raw {source}: {failure_message(source, outcome)}")
    if not blocking:
        return None

    action = remedy(source, raw_files_to_delete(source, failed))
    context.log.error(f"To clear gx_{suite} on raw {source}: {action}")
    return action


def check_result(
    context: dg.AssetCheckExecutionContext, source: str, suite: str, run: SuiteRun, blocking: bool
) -> dg.AssetCheckResult:
    """Log the outcome of one suite's run on the raw files of `source`, and return the check result."""
    failed = [outcome for outcome in run.outcomes if not outcome.success]
    metadata = outcome_metadata(source, run.outcomes, run.rows, len(run.files))
    if not failed:
        context.log.info(f"GX suite {suite} passed on raw {source} ({len(run.files)} new file(s), {run.rows} rows)")
        description = f"every expectation passed on {len(run.files)} new raw file(s)"
    else:
        action = log_failure(context, source, suite, failed, blocking)
        description = "failed: " + ", ".join(outcome.label for outcome in failed)
        if action:
            metadata["remedy"] = dg.MetadataValue.text(action)
            description += f". {action}"

    return dg.AssetCheckResult(
        asset_key=raw_asset_key(source),
        check_name=f"gx_{suite}",
        passed=not failed,
        severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        description=description,
        metadata=metadata,
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
    tasks = [
        SuiteTask(source, suite, expectations)
        for source, suite, expectations, _blocking in SUITES
        if dg.AssetCheckKey(raw_asset_key(source), f"gx_{suite}") in selected
    ]
    blocking_suites = {(source, suite): blocking for source, suite, _expectations, blocking in SUITES}
    with SuitePool() as pool:
        context.log.info(f"Running {len(tasks)} GX suite(s) in up to {len(pool.workers)} worker process(es)")
        for task, run in pool.run_all(data_root.paths(), tasks):
            yield check_result(context, task.source, task.suite, run, blocking_suites[(task.source, task.suite)])
        context.log.info(f"GX checks used {pool.workers_started} worker process(es)")

"""Validate a pandas DataFrame with an ephemeral Great Expectations 1.x context.

GX's SQL data sources fail on DuckDB, so the raw Parquet is read through DuckDB into
a DataFrame first. GX is imported on first use because its import takes seconds and
the code location should load without it.
"""

import os
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from orchestration.lib.raw_expectations import RawExpectation


# Unexpected values and rows GX samples per expectation (GX's own default, set explicitly).
SAMPLE_SIZE = 20


@dataclass(frozen=True)
class ExpectationOutcome:
    """The result of one expectation: success, and the unexpected values and rows GX reported."""

    label: str
    column: str
    success: bool
    error: str | None
    element_count: int
    unexpected_count: int
    partial_unexpected: list[Any]
    # Up to SAMPLE_SIZE unexpected rows, each with the checked column and the index columns.
    unexpected_rows: list[dict[str, Any]] = field(default_factory=list)


def build_context():
    """Create an in-memory GX context with usage statistics and progress bars off."""
    # GX sends usage statistics unless analytics are disabled, and the pipeline must not reach the network.
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def validate_frame(
    frame: pd.DataFrame,
    expectations: list[RawExpectation],
    suite_name: str,
    index_columns: list[str] | None = None,
) -> list[ExpectationOutcome]:
    """Run the expectations on the DataFrame and return one outcome per expectation.

    `index_columns` name columns of the frame that identify a row (such as the file
    and line it came from); GX returns their values for each sampled unexpected row.
    """
    import great_expectations as gx

    context = build_context()
    batch_definition = (
        context.data_sources.add_pandas(name=f"{suite_name}_source")
        .add_dataframe_asset(name=suite_name)
        .add_batch_definition_whole_dataframe(name="whole_frame")
    )
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})

    suite = gx.ExpectationSuite(name=suite_name)
    for expectation in expectations:
        expectation_class = getattr(gx.expectations, expectation.expectation_type)
        suite.add_expectation(expectation_class(column=expectation.column, **expectation.options))

    result_format: dict[str, Any] = {"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_SIZE}
    if index_columns:
        result_format["unexpected_index_column_names"] = index_columns
    validation = batch.validate(suite, result_format=result_format)

    # GX does not keep the suite's order in its results, so each outcome is labelled
    # from the configuration GX reports beside it.
    outcomes = []
    for result in validation.results:
        config = result.expectation_config
        summary = result.result or {}
        exception_info = result.exception_info or {}
        column = config.kwargs.get("column")
        outcomes.append(
            ExpectationOutcome(
                label=f"{config.type}({column})",
                column=column,
                success=bool(result.success),
                error=exception_info.get("exception_message") if exception_info.get("raised_exception") else None,
                element_count=int(summary.get("element_count") or len(frame)),
                unexpected_count=int(summary.get("unexpected_count") or 0),
                partial_unexpected=[str(value) for value in summary.get("partial_unexpected_list") or []][:5],
                unexpected_rows=list(summary.get("partial_unexpected_index_list") or [])[:SAMPLE_SIZE],
            )
        )
    return outcomes

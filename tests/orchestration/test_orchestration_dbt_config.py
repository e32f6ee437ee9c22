"""The dbt asset's run config: a day range or a full refresh for the incremental marts."""

import json
from datetime import date

import pytest

from orchestration.lib.dbt_build_args import DbtBuildConfig, build_args


def test_default_build_uses_lookback():
    assert build_args(DbtBuildConfig()) == ["build"]


def test_day_range_passes_vars():
    args = build_args(DbtBuildConfig(min_date="2026-11-01", max_date="2026-11-08"))

    assert args[:2] == ["build", "--vars"]
    assert json.loads(args[2]) == {"min_date": "2026-11-01", "max_date": "2026-11-08"}


def test_partition_days_pass_vars():
    args = build_args(DbtBuildConfig(), (date(2026, 11, 20), date(2026, 11, 23)))

    assert args[:2] == ["build", "--vars"]
    assert json.loads(args[2]) == {"min_date": "2026-11-20", "max_date": "2026-11-23"}


def test_partitions_and_day_range_together_rejected():
    config = DbtBuildConfig(min_date="2026-11-01", max_date="2026-11-08")

    with pytest.raises(ValueError, match="choose partitions or a day range, not both"):
        build_args(config, (date(2026, 11, 20), date(2026, 11, 23)))


def test_full_refresh_flag():
    assert build_args(DbtBuildConfig(full_refresh=True)) == ["build", "--full-refresh"]


@pytest.mark.parametrize(
    ("min_date", "max_date", "message"),
    [
        ("2026-11-01", None, "set both or neither"),
        ("2026-11-08", "2026-11-01", "must come after"),
        ("2026-11-01", "2026-11-01", "must come after"),
        ("2026-13-01", "2026-11-08", "month must be in 1..12"),
    ],
)
def test_invalid_day_range_rejected(min_date, max_date, message):
    with pytest.raises(ValueError, match=message):
        build_args(DbtBuildConfig(min_date=min_date, max_date=max_date))


def test_pipeline_full_refresh_config_fits_the_job():
    import dagster as dg

    from orchestration.definitions import defs
    from orchestration.defs.pipeline.jobs import PIPELINE_JOB_NAME
    from orchestration.run import run_config

    job = defs.resolve_job_def(PIPELINE_JOB_NAME)
    config = run_config(full_refresh=True)

    # validate_run_config raises when the op name or the config field is wrong.
    validated = dg.validate_run_config(job, config)
    assert validated["ops"]["marketops_dbt_models"]["config"]["full_refresh"] is True
    assert validated["ops"]["marketops_dbt_daily_models"]["config"]["full_refresh"] is True
    assert "ops" not in run_config(full_refresh=False)

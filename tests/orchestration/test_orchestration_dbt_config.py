"""The dbt asset's run config: a day range or a full refresh for the incremental marts."""

import json

import pytest

from orchestration.lib.dbt_build_args import DbtBuildConfig, build_args


def test_default_build_uses_lookback():
    assert build_args(DbtBuildConfig()) == ["build"]


def test_day_range_passes_vars():
    args = build_args(DbtBuildConfig(min_date="2026-11-01", max_date="2026-11-08"))

    assert args[:2] == ["build", "--vars"]
    assert json.loads(args[2]) == {"min_date": "2026-11-01", "max_date": "2026-11-08"}


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

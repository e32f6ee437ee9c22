"""A daily build's environment leaves dbt's unit tests out, and a first build keeps them."""

import pytest

from dbt_runner import assert_dbt_succeeded, run_dbt
from orchestration.lib.dbt_build_args import build_environment


def listed_resource_types(tmp_path, monkeypatch, daily: bool) -> set[str]:
    """Return the resource types `dbt ls` selects under the environment of a daily or a first build."""
    for name, value in build_environment(daily).items():
        monkeypatch.setenv(name, value)
    result = run_dbt(None, tmp_path, "ls", "--output", "json", "--output-keys", "resource_type", "--quiet")
    assert_dbt_succeeded(result)
    return {line.split('"')[3] for line in result.stdout.splitlines() if line.startswith("{")}


@pytest.mark.parametrize(("daily", "has_unit_tests"), [(True, False), (False, True)])
def test_daily_build_skips_unit_tests(tmp_path, monkeypatch, daily, has_unit_tests):
    monkeypatch.delenv("DBT_EXCLUDE_RESOURCE_TYPES", raising=False)

    types = listed_resource_types(tmp_path, monkeypatch, daily)

    assert ("unit_test" in types) is has_unit_tests
    assert {"model", "test", "seed"} <= types

"""dim_allocation_policy: an invalid policy file keeps the last valid one in force, and says so."""

import os
import shutil

import duckdb
import pytest

from dbt_raw_fixtures import write_empty_raw_layer
from dbt_runner import assert_dbt_succeeded, run_dbt
from ingestion.allocation.policy import DEFAULT_POLICY, LAST_GOOD_NAME


@pytest.fixture(scope="module")
def policy_builds(tmp_path_factory):
    """Build the policy mart with the shipped policy, then with a broken copy of it."""
    data_root = tmp_path_factory.mktemp("policy_root")
    write_empty_raw_layer(data_root)
    edited = data_root / "edited_policy.yml"
    shutil.copyfile(DEFAULT_POLICY, edited)
    results = []
    previous = os.environ.get("MARKETOPS_ALLOCATION_POLICY")
    os.environ["MARKETOPS_ALLOCATION_POLICY"] = str(edited)
    try:
        for step in ("valid", "invalid"):
            if step == "invalid":
                edited.write_text(edited.read_text().replace("buffer_units: 2", "buffer_units: -2", 1))
            result = run_dbt(data_root, tmp_path_factory.mktemp(f"policy_{step}"), "build", "--select",
                             "dim_allocation_policy")
            assert_dbt_succeeded(result)
            with duckdb.connect(str(data_root / "warehouse.duckdb"), read_only=True) as connection:
                row = connection.execute(
                    "select policy_name, status, error, in_force_from from dim_allocation_policy").fetchone()
            results.append((row, result.stdout))
    finally:
        if previous is None:
            os.environ.pop("MARKETOPS_ALLOCATION_POLICY", None)
        else:
            os.environ["MARKETOPS_ALLOCATION_POLICY"] = previous
    return data_root, results


def test_valid_policy_in_force(policy_builds):
    data_root, results = policy_builds
    (name, status, error, _), _ = results[0]

    assert (name, status, error) == ("balanced", "valid", None)
    assert (data_root / "policy" / LAST_GOOD_NAME).read_text() == DEFAULT_POLICY.read_text()


def test_invalid_policy_keeps_last_good(policy_builds):
    data_root, results = policy_builds
    (name, status, error, in_force_from), stdout = results[1]

    assert name == "balanced"
    assert status == "invalid"
    # The first buffer_units of 2 in the shipped file is Amazon's, on line 21.
    assert "line 21" in error
    assert "must be at least 0" in error
    assert in_force_from.endswith(LAST_GOOD_NAME)
    # The warn-severity test on status fails, which Dagster shows as a failed check.
    assert "WARN=1" in stdout

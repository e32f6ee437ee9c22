"""`dbt parse` works on a fresh checkout, where no data root exists yet."""

from dbt_runner import assert_dbt_succeeded, run_dbt


def test_parse_without_data_dir(tmp_path):
    # Dagster prepares the manifest when it loads, before any data is landed.
    result = run_dbt(None, tmp_path, "parse")
    assert_dbt_succeeded(result)
    assert (tmp_path / "target" / "manifest.json").is_file()

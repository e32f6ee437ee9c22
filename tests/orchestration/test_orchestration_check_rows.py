"""A failed blocking GX check names each offending row and the raw Parquet to delete."""

from pathlib import Path

import dagster as dg
import pytest

from orchestration_raw_files import BAD_FILE_NAME, b2b_row, write_raw_b2b
from orchestration_runs import materialize_logged

B2B_SELECTION = dg.AssetSelection.assets(dg.AssetKey(["raw", "b2b_orders"]))


def run_b2b_checks(definitions: dg.Definitions, root: Path) -> tuple[dg.ExecuteInProcessResult, list[str]]:
    return materialize_logged(definitions, root, B2B_SELECTION)


def required_evaluation(result: dg.ExecuteInProcessResult) -> dg.AssetCheckEvaluation:
    (evaluation,) = [e for e in result.get_asset_check_evaluations() if e.check_name == "gx_required"]
    return evaluation


@pytest.fixture(scope="module")
def bad_root(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Return a data root whose raw B2B file has a good line 2 and three bad lines, and that file's path."""
    root = tmp_path_factory.mktemp("bad_rows") / "data"
    rows = [
        b2b_row(2),
        b2b_row(3, quantity=-5),
        b2b_row(4, unit_price="-14.99"),
        b2b_row(5, currency="XYZ"),
    ]
    return root, write_raw_b2b(root, rows)


@pytest.fixture(scope="module")
def bad_run(definitions: dg.Definitions, bad_root) -> tuple[dg.ExecuteInProcessResult, list[str]]:
    return run_b2b_checks(definitions, bad_root[0])


def test_check_stays_blocking(bad_run):
    result, _messages = bad_run

    assert not required_evaluation(result).passed
    assert not result.success


@pytest.mark.parametrize(
    ("label", "line", "column", "value"),
    [
        # The rows start at line 2 of the file, so row 2 of the list is line 3.
        ("expect_column_values_to_be_between(quantity)", 3, "quantity", "-5"),
        ("expect_column_values_to_be_between(unit_price)", 4, "unit_price", "-14.99"),
        ("expect_column_values_to_be_in_set(currency)", 5, "currency", "XYZ"),
    ],
)
def test_metadata_names_row(bad_run, bad_root, label, line, column, value):
    result, _messages = bad_run
    _root, raw_file = bad_root

    table = required_evaluation(result).metadata[f"{label} rows"].value

    assert [dict(record.data) for record in table.records] == [
        {"file_name": BAD_FILE_NAME, "line_number": line, "column": column, "value": value, "raw_file": raw_file}
    ]


def test_metadata_names_raw_file(bad_run, bad_root):
    result, _messages = bad_run
    _root, raw_file = bad_root

    evaluation = required_evaluation(result)

    assert raw_file in evaluation.metadata["remedy"].value
    assert raw_file in evaluation.description


def test_log_names_rows(bad_run, bad_root):
    _result, messages = bad_run
    _root, raw_file = bad_root
    text = "\n".join(messages)

    assert f"{BAD_FILE_NAME} line 3 quantity=-5" in text
    assert f"{BAD_FILE_NAME} line 4 unit_price=-14.99" in text
    assert f"{BAD_FILE_NAME} line 5 currency=XYZ" in text
    assert f"then delete its raw Parquet ({raw_file})" in text


def test_rows_capped_at_sample(definitions, tmp_path):
    root = tmp_path / "data"
    # 25 negative quantities: all are counted, the first 20 are listed.
    write_raw_b2b(root, [b2b_row(line, quantity=-1) for line in range(25)])

    result, _messages = run_b2b_checks(definitions, root)
    metadata = required_evaluation(result).metadata

    assert metadata["expect_column_values_to_be_between(quantity) unexpected"].value == 25
    assert len(metadata["expect_column_values_to_be_between(quantity) rows"].value.records) == 20

"""Raw files grouped into GX batches of bounded size, and outcomes merged across batches."""

import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.lib.gx_validation import ExpectationOutcome
from orchestration.lib.raw_checks import file_batches, merge_outcomes


def write_rows(path, rows: int):
    pq.write_table(pa.table({"quantity": list(range(rows))}), path)
    return path


def test_batches_stay_under_limit(tmp_path):
    files = [write_rows(tmp_path / f"{name}.parquet", rows) for name, rows in (("a", 0), ("b", 3), ("c", 2), ("d", 4), ("e", 1))]

    batches = file_batches(files, max_rows=5)

    # 0 + 3 fit, 2 more would make 5 and fit, 4 starts a new batch, 1 more makes 5.
    assert [[path.stem for path in batch] for batch in batches] == [["a", "b", "c"], ["d", "e"]]


def test_large_file_gets_own_batch(tmp_path):
    files = [write_rows(tmp_path / "big.parquet", 7), write_rows(tmp_path / "small.parquet", 1)]

    batches = file_batches(files, max_rows=5)

    assert [[path.stem for path in batch] for batch in batches] == [["big"], ["small"]]


def test_merged_outcome_adds_counts():
    passed = ExpectationOutcome("not_null(sku)", "sku", True, None, 10, 0, [], [])
    failed = ExpectationOutcome("not_null(sku)", "sku", False, None, 5, 2, ["None", "None"], [{"_line_number": 4}])

    merged = merge_outcomes(passed, failed)

    assert merged.success is False
    assert merged.element_count == 15
    assert merged.unexpected_count == 2
    assert merged.unexpected_rows == [{"_line_number": 4}]
    assert merged.label == "not_null(sku)"

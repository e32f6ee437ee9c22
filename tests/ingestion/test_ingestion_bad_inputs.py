"""Land every file of the bad-input corpus and check its outcome, reason and row accounting.

`tests/fixtures/bad_inputs/manifest.yaml` lists each file with the outcome expected.
"""

from pathlib import Path

import duckdb
import pytest
import yaml

from ingestion.landing import ingest_source
from ingestion.readers.base import format_reject
from ingestion.report import ALREADY_LOADED, LOADED, REJECTED_FILE

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "bad_inputs"
MANIFEST = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))["files"]
STATUSES = {"loaded": LOADED, "quarantined": LOADED, "rejected": REJECTED_FILE, "already_loaded": ALREADY_LOADED}

# What the corpus must cover, so that a file dropped from it is noticed.
REQUIRED_CATEGORIES = {
    "truncated", "wrong_delimiter", "utf16_bom", "cp1252", "latin1", "invalid_utf8", "missing_columns",
    "extra_columns", "reordered_columns", "repeated_header_column", "duplicated_file", "duplicated_rows",
    "negative_quantity", "absurd_quantity", "negative_price", "absurd_price", "unknown_sku", "future_date",
    "impossible_date", "absurd_date", "decimal_comma", "empty_file", "header_only", "bom_only",
    "wrong_report_type", "crlf_lf_mix", "ctrl_z_end_of_file", "very_long_field", "nul_bytes",
}
REQUIRED_SOURCES = {
    "amazon_settlements", "amazon_orders", "amazon_fba_inventory", "shopify_orders", "shopify_payments",
    "walmart_orders", "walmart_recon", "ebay_transactions", "b2b_orders", "wms_snapshots", "purchase_orders",
}


def land_and_ingest(paths, relative: str):
    """Copy a corpus file into landing/<source>/ and run the source's ingestion."""
    source, name = relative.split("/")
    folder = paths.landing_dir(source)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes((CORPUS / relative).read_bytes())
    report = ingest_source(paths, source)
    return report, next(outcome for outcome in report.files if outcome.file_name == name)


def distinct_lines(parquet: Path, column: str) -> int:
    """Count the distinct non-null line numbers of one Parquet file, 0 when it does not exist."""
    if not parquet.exists():
        return 0
    with duckdb.connect() as connection:
        query = f"SELECT count(DISTINCT {column}) FROM read_parquet(?)"
        return connection.execute(query, [str(parquet)]).fetchone()[0]


def read_rows(parquet: Path) -> list[dict]:
    with duckdb.connect() as connection:
        relation = connection.execute("SELECT * FROM read_parquet(?)", [str(parquet)])
        names = [description[0] for description in relation.description]
        return [dict(zip(names, row)) for row in relation.fetchall()]


def test_corpus_complete():
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file() and p.name != "manifest.yaml"}
    listed = [case["file"] for case in MANIFEST]

    assert len(listed) >= 40
    assert len(set(listed)) == len(listed)
    assert on_disk == set(listed)
    assert REQUIRED_CATEGORIES <= {category for case in MANIFEST for category in case["categories"]}
    assert REQUIRED_SOURCES <= {relative.split("/")[0] for relative in listed}


@pytest.mark.parametrize("case", MANIFEST, ids=[case["file"] for case in MANIFEST])
def test_bad_input_outcome(case, data_paths):
    for earlier in case.get("after", []):
        land_and_ingest(data_paths, earlier)
    source = case["file"].split("/")[0]
    report, outcome = land_and_ingest(data_paths, case["file"])
    expected = case["rows"]

    assert outcome.status == STATUSES[case["outcome"]], outcome.reason
    assert (outcome.rows_read, outcome.rows_loaded, outcome.rows_quarantined) == (
        expected["read"],
        expected["loaded"],
        expected["quarantined"],
    )
    assert outcome.rows_read == outcome.rows_loaded + outcome.rows_quarantined
    if case["outcome"] == "quarantined":
        assert outcome.rows_quarantined > 0
    if case["outcome"] == "loaded":
        assert outcome.rows_quarantined == 0

    # The tables on disk give the same counts as the run's report.
    raw = data_paths.raw_dir(source) / f"{outcome.sha256}.parquet"
    quarantine = data_paths.quarantine_dir(source) / f"{outcome.sha256}.parquet"
    assert distinct_lines(raw, "_line_number") == outcome.rows_loaded
    assert distinct_lines(quarantine, "line_number") == outcome.rows_quarantined

    if case["outcome"] == "already_loaded":
        assert report.rows_read == 0
        assert len(list(data_paths.raw_dir(source).glob("*.parquet"))) == 2  # the schema file and one load
        return
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (
        outcome.rows_read,
        outcome.rows_loaded,
        outcome.rows_quarantined,
    )

    if case["outcome"] == "rejected":
        assert not raw.exists()
        check_file_rejection(case, outcome, quarantine)
    for expected_reject in case.get("rejects", []):
        check_reject(case, quarantine, expected_reject)
    check_values(case, raw)


def check_file_rejection(case: dict, outcome, quarantine: Path) -> None:
    """Check a file rejected whole: its reason, its exact bytes and one rejects row per data line."""
    name = case["file"].split("/")[1]
    assert case["reason"] in outcome.reason
    copies = [p for p in quarantine.parent.glob(f"{outcome.sha256}.*") if p.suffix != ".parquet"]
    assert len(copies) == 1
    assert copies[0].read_bytes() == (CORPUS / case["file"]).read_bytes()
    rows = read_rows(quarantine)
    assert rows
    for row in rows:
        assert row["file_name"] == name
        assert row["reason"] == outcome.reason
        sentence = format_reject(**row)
        assert sentence.startswith(name)
        assert case["reason"] in sentence


def check_reject(case: dict, quarantine: Path, expected: dict) -> None:
    """Check one rejected value: its line, column, value and reason, and the sentence naming all four."""
    name = case["file"].split("/")[1]
    rows = [row for row in read_rows(quarantine) if row["line_number"] == expected["line"] and row["column"] == expected["column"]]
    assert len(rows) == 1, f"no single reject at line {expected['line']}, column {expected['column']!r}"
    row = rows[0]
    if "value" in expected:
        assert row["value"] == expected["value"]
    else:
        assert row["value"].startswith(expected["value_prefix"])
    assert expected["reason"] in row["reason"]

    sentence = format_reject(**row)
    assert sentence.startswith(f"{name} line {expected['line']}")
    if expected["column"] is not None:
        assert f"column '{expected['column']}'" in sentence
    assert repr(row["value"]) in sentence


def check_values(case: dict, raw: Path) -> None:
    """Compare the loaded raw values, non-null and in line order, with the manifest."""
    if not case.get("values") and not case.get("value_lengths"):
        return
    rows = sorted(read_rows(raw), key=lambda row: row["_line_number"])
    for column, values in case.get("values", {}).items():
        assert [str(row[column]) for row in rows if row[column] is not None] == values, column
    for column, lengths in case.get("value_lengths", {}).items():
        assert [len(row[column]) for row in rows if row[column] is not None] == lengths, column

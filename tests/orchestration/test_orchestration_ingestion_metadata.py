"""Ingestion metadata counts a file rejected in an earlier run apart from this run's rows."""

from ingestion.report import ALREADY_REJECTED, LOADED, REJECTED_FILE, FileOutcome, SourceReport
from orchestration.lib.ingestion_metadata import ingestion_metadata


def test_already_rejected_left_out_of_totals(tmp_path):
    report = SourceReport(
        "b2b_orders",
        [
            FileOutcome("b2b_orders", "new.csv", "a" * 64, LOADED, 5, 4, 1),
            FileOutcome("b2b_orders", "bad.csv", "b" * 64, REJECTED_FILE, 2, 0, 2, "header does not match"),
            FileOutcome("b2b_orders", "old.csv", "c" * 64, ALREADY_REJECTED, 3, 0, 3, "is empty"),
        ],
    )

    metadata = ingestion_metadata(report, tmp_path)

    assert (metadata["files_loaded"], metadata["files_rejected"], metadata["files_already_rejected"]) == (1, 1, 1)
    assert (metadata["rows_read"], metadata["rows_loaded"], metadata["rows_quarantined"]) == (7, 4, 3)
    assert metadata["rows_read"] == report.totals()["rows_read"]
    assert len(metadata["files"].value.records) == 3

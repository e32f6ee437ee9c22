"""Outcomes of landing files, per file and per source."""

from dataclasses import asdict, dataclass, field
from pathlib import Path

LOADED = "loaded"
ALREADY_LOADED = "already_loaded"
REJECTED_FILE = "rejected_file"
# A file whose bytes were rejected whole in an earlier run and are still in landing/.
ALREADY_REJECTED = "already_rejected"
# Too young, changing during the read, or named like a partial download; a later run reads it.
NOT_SETTLED = "not_settled"

# Route outcomes of a file or folder at the top of `landing/`.
ROUTED = "routed"
QUARANTINED = "quarantined"
# A symlink that leaves the data root: never read, never moved.
LEFT_IN_PLACE = "left_in_place"
# A folder that is not a source folder, or a folder nested in one: ingestion never reads it.
NOT_READ = "not_read"


@dataclass(frozen=True)
class FileOutcome:
    """Outcome of one landed file, with row counts that add up: read = loaded + quarantined."""

    source: str
    file_name: str
    sha256: str | None
    status: str
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    reason: str | None = None


@dataclass
class SourceReport:
    """Per-file outcomes of one `ingest_source` run, with totals.

    The row totals count only files read in this run (loaded or rejected), so
    an already-loaded or already-rejected file, whose stored counts its outcome
    repeats, is never counted twice. A file not settled yet is listed but left out of the file
    and row totals, because a later run reads it.
    """

    source: str
    files: list[FileOutcome] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(outcome.rows_read for outcome in self._read_now())

    @property
    def rows_loaded(self) -> int:
        return sum(outcome.rows_loaded for outcome in self._read_now())

    @property
    def rows_quarantined(self) -> int:
        return sum(outcome.rows_quarantined for outcome in self._read_now())

    def _read_now(self) -> list[FileOutcome]:
        return [
            outcome for outcome in self.files if outcome.status not in (ALREADY_LOADED, ALREADY_REJECTED, NOT_SETTLED)
        ]

    def count(self, status: str) -> int:
        """Count the files with the given status."""
        return sum(outcome.status == status for outcome in self.files)

    def totals(self) -> dict[str, int]:
        """Summarize the run as flat numbers, for logs and Dagster metadata."""
        return {
            "files": len(self.files) - self.count(NOT_SETTLED),
            "files_loaded": self.count(LOADED),
            "files_already_loaded": self.count(ALREADY_LOADED),
            "files_rejected": self.count(REJECTED_FILE),
            "files_already_rejected": self.count(ALREADY_REJECTED),
            "files_not_settled": self.count(NOT_SETTLED),
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_quarantined": self.rows_quarantined,
        }

    def to_dict(self) -> dict:
        """Return the report as plain data (JSON-serialisable)."""
        return {"source": self.source, "totals": self.totals(), "files": [asdict(f) for f in self.files]}


@dataclass(frozen=True)
class RouteOutcome:
    """Destination of a file dropped straight into `landing/`, or the reason it stayed."""

    file_name: str
    # The source whose folder received it; None when the file was not routed.
    source: str | None
    destination: Path
    reason: str | None = None
    status: str = ROUTED

"""The landing zone: route dropped files, read them, write raw Parquet and quarantine.

Each landed file becomes `raw/<source>/<sha256>.parquet` (lineage columns
added, per-file counts in the key-value metadata) and its rejected rows
`quarantine/<source>/<sha256>.parquet`. The sha256 of the bytes is the
identity of a file, so landing the same bytes again, under any name, loads
nothing new. A file rejected whole is copied to `quarantine/<source>/` as
`<sha256>.<ext>` beside its rejects Parquet.
"""

import hashlib
import logging
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path


from ingestion.headers import describe_mismatch, header_fields, header_row, matching_sources
from ingestion.paths import DataPaths
from ingestion.quarantine import UNROUTED, copy_rejected_file, file_rejects, log_rejects, write_rejects
from ingestion.raw_store import ensure_schema_file, read_file_metadata, with_lineage, write_parquet_atomically
from ingestion.readers.base import FileRejected
from ingestion.readers.records import count_data_lines
from ingestion.report import ALREADY_LOADED, LOADED, REJECTED_FILE, FileOutcome, RouteOutcome, SourceReport
from ingestion.safe_paths import UnsafePathError, child_path, ensure_inside
from ingestion.sources import SOURCES

log = logging.getLogger(__name__)

Progress = Callable[[FileOutcome], None]


def landed_files(paths: DataPaths, source: str) -> list[Path]:
    """List the files waiting in `landing/<source>/`, in name order, hidden files excluded."""
    folder = paths.landing_dir(_known_source(source))
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and (p.is_file() or p.is_symlink()))


def ingest_source(paths: DataPaths, source: str, progress: Progress | None = None) -> SourceReport:
    """Load every file under `landing/<source>/` into the raw layer and report each outcome."""
    _known_source(source)
    ensure_schema_file(paths.raw_dir(source), source)
    files = landed_files(paths, source)
    log.info("Started ingesting %s: %d file(s) in %s", source, len(files), paths.landing_dir(source))

    report = SourceReport(source)
    for landed in files:
        outcome = ingest_file(paths, source, landed.name)
        report.files.append(outcome)
        if progress is not None:
            progress(outcome)

    log.info("Finished ingesting %s: %s", source, report.totals())
    return report


def ingest_file(paths: DataPaths, source: str, file_name: str) -> FileOutcome:
    """Load one file of `landing/<source>/` unless its bytes were loaded before."""
    landed = child_path(paths.landing_dir(_known_source(source)), file_name)
    try:
        ensure_inside(paths.root, landed)
    except UnsafePathError as error:
        log.error("Rejected %s/%s without reading it: %s", source, file_name, error)
        return FileOutcome(source, file_name, None, REJECTED_FILE, 0, 0, 0, str(error))

    data = landed.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    raw_path = paths.raw_dir(source) / f"{sha256}.parquet"
    rejects_path = paths.quarantine_dir(source) / f"{sha256}.parquet"

    if raw_path.exists():
        outcome = _outcome_from_metadata(source, file_name, sha256, raw_path, ALREADY_LOADED)
        log.info("Skipped %s/%s: sha256 %s was already loaded", source, file_name, sha256)
        return outcome
    if rejects_path.exists():
        outcome = _outcome_from_metadata(source, file_name, sha256, rejects_path, REJECTED_FILE)
        log.info("Skipped %s/%s: sha256 %s was already rejected (%s)", source, file_name, sha256, outcome.reason)
        return outcome

    modified_at = datetime.fromtimestamp(landed.stat().st_mtime, tz=UTC)
    try:
        _check_header(source, data, file_name)
        result = SOURCES[source].read(data, file_name, modified_at)
    except FileRejected as rejection:
        return _reject_file(paths, source, landed, data, sha256, rejection)

    loaded_at = datetime.now(UTC)
    counts = {
        "rows_read": result.rows_read,
        "rows_loaded": result.loaded_lines,
        "rows_quarantined": result.rejected_lines,
    }
    metadata = {"source": source, "file_name": file_name, "sha256": sha256, "status": LOADED, **counts}
    if result.rejects.num_rows:
        write_rejects(result.rejects, rejects_path, metadata)
        log_rejects(source, result.rejects)
    # The raw file is written last: its presence marks the load as complete.
    write_parquet_atomically(with_lineage(result.table, source, sha256, file_name, loaded_at), raw_path, metadata)

    log.info("Loaded %s/%s (sha256 %s): %s", source, file_name, sha256, counts)
    return FileOutcome(source, file_name, sha256, LOADED, **counts)


def route_landing_root(paths: DataPaths) -> list[RouteOutcome]:
    """Move each file dropped straight into `landing/` to the folder of the source its header matches.

    A file whose header matches no format, or that cannot be decoded, is moved
    to `quarantine/_unrouted/` with a rejects Parquet giving the reason.
    """
    paths.ensure()
    outcomes = []
    for dropped in sorted(p for p in paths.landing.iterdir() if not p.name.startswith(".")):
        if dropped.is_dir() and not dropped.is_symlink():
            continue
        outcomes.append(_route_file(paths, dropped))
    return outcomes


def _route_file(paths: DataPaths, dropped: Path) -> RouteOutcome:
    try:
        ensure_inside(paths.root, dropped)
    except UnsafePathError as error:
        log.error("Left %s in place without reading it: %s", dropped.name, error)
        return RouteOutcome(dropped.name, None, dropped, str(error))

    data = dropped.read_bytes()
    try:
        header = header_row(data, dropped.name)
        candidates = matching_sources(header)
        if not candidates:
            raise FileRejected(dropped.name, describe_mismatch(header), data_lines=count_data_lines(data))
    except FileRejected as rejection:
        sha256 = hashlib.sha256(data).hexdigest()
        _reject_file(paths, UNROUTED, dropped, data, sha256, rejection)
        dropped.unlink()
        return RouteOutcome(dropped.name, None, paths.quarantine_dir(UNROUTED), rejection.reason)

    source = candidates[0].name
    destination = _free_destination(paths.landing_dir(source), dropped.name, data)
    destination.parent.mkdir(parents=True, exist_ok=True)
    os.replace(dropped, destination)
    log.info("Routed %s to %s", dropped.name, destination.relative_to(paths.root))
    return RouteOutcome(dropped.name, source, destination)


def _free_destination(folder: Path, name: str, data: bytes) -> Path:
    """Keep the dropped name unless another file already has it; then add the sha256 prefix."""
    destination = folder / name
    if destination.exists():
        stem, suffix = os.path.splitext(name)
        destination = folder / f"{stem}.{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
    return destination


def _check_header(source: str, data: bytes, file_name: str) -> None:
    """Reject a file whose header belongs to another format before parsing any row."""
    spec = SOURCES[source]
    header = header_row(data, file_name)
    if spec.matches(header_fields(spec, header)):
        return
    others = [other.name for other in matching_sources(header)]
    hint = f"; it matches {others[0]}, so move it to landing/{others[0]}/" if others else ""
    raise FileRejected(
        file_name,
        f"header does not match {source}: missing column(s) {', '.join(spec.missing_headers(header_fields(spec, header)))}{hint}",
        data_lines=count_data_lines(data),
    )


def _reject_file(
    paths: DataPaths, source: str, landed: Path, data: bytes, sha256: str, rejection: FileRejected
) -> FileOutcome:
    folder = paths.quarantine_dir(source)
    data_lines = rejection.data_lines if rejection.data_lines is not None else count_data_lines(data)
    rejects = file_rejects(landed.name, data_lines, rejection.reason)
    rows = len(data_lines) if data_lines else 0
    metadata = {
        "source": source,
        "file_name": landed.name,
        "sha256": sha256,
        "status": REJECTED_FILE,
        "reason": rejection.reason,
        "rows_read": rows,
        "rows_loaded": 0,
        "rows_quarantined": rows,
    }
    copy_rejected_file(landed, folder, sha256)
    write_rejects(rejects, folder / f"{sha256}.parquet", metadata)
    log.error("Rejected the whole file %s/%s (sha256 %s): %s", source, landed.name, sha256, rejection.reason)
    return FileOutcome(source, landed.name, sha256, REJECTED_FILE, rows, 0, rows, rejection.reason)


def _outcome_from_metadata(source: str, file_name: str, sha256: str, path: Path, status: str) -> FileOutcome:
    metadata = read_file_metadata(path)
    return FileOutcome(
        source=source,
        file_name=file_name,
        sha256=sha256,
        status=status,
        rows_read=int(metadata.get("rows_read", 0)),
        rows_loaded=int(metadata.get("rows_loaded", 0)),
        rows_quarantined=int(metadata.get("rows_quarantined", 0)),
        reason=metadata.get("reason"),
    )


def _known_source(source: str) -> str:
    if source not in SOURCES:
        raise KeyError(f"unknown source {source!r}; expected one of {', '.join(SOURCES)}")
    return source



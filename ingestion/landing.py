"""The landing zone: route dropped files, read them, write raw Parquet and quarantine.

Each landed file becomes `raw/<source>/<sha256>.parquet` (lineage columns
added, per-file counts in the key-value metadata) and its rejected rows
`quarantine/<source>/<sha256>.parquet`. The sha256 of the bytes is the
identity of a file, so landing the same bytes again, under any name, loads
nothing new (the FBA inventory report adds the date in its file name, see
`SourceSpec.file_identity`). A file rejected whole is copied to
`quarantine/<source>/` as `<sha256>.<ext>` beside its rejects Parquet, and
counted once: while it stays in `landing/`, later runs report it as
`already_rejected` and leave it out of their totals. A file
still being written is left for a later run (see `ingestion.settling`).
"""

import hashlib
import logging
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


from ingestion.headers import delimiter_hint, describe_mismatch, header_fields, header_row, matching_sources
from ingestion.landed_index import known_identity, record_loaded, record_rejected
from ingestion.landing_folders import unread_folders
from ingestion.paths import DataPaths
from ingestion.quarantine import UNROUTED, copy_rejected_file, file_rejects, log_rejects, write_rejects
from ingestion.raw_store import ensure_schema_file, read_file_metadata, with_lineage, write_parquet_temp
from ingestion.readers.base import REJECTS_SCHEMA, FileRejected
from ingestion.readers.records import count_data_lines
from ingestion.report import (
    ALREADY_LOADED,
    ALREADY_REJECTED,
    LEFT_IN_PLACE,
    LOADED,
    NOT_SETTLED,
    QUARANTINED,
    REJECTED_FILE,
    ROUTED,
    FileOutcome,
    RouteOutcome,
    SourceReport,
)
from ingestion.safe_paths import UnsafePathError, child_path, ensure_inside, ensure_regular_file
from ingestion.settling import changed_during_read, unsettled_reason
from ingestion.worker_count import worker_count
from ingestion.sources import SOURCES
from ingestion.stale_temps import remove_stale_temps

log = logging.getLogger(__name__)

Progress = Callable[[FileOutcome], None]

# Environment variable: how many files of a source are parsed at once.
READ_WORKERS_ENV = "MARKETOPS_INGEST_WORKERS"


def landed_files(paths: DataPaths, source: str) -> list[Path]:
    """List the files waiting in `landing/<source>/`, in name order, hidden files excluded."""
    folder = paths.landing_dir(_known_source(source))
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and (p.is_file() or p.is_symlink()))


def ingest_source(paths: DataPaths, source: str, progress: Progress | None = None) -> SourceReport:
    """Load every file under `landing/<source>/` into the raw layer and report each outcome."""
    _known_source(source)
    remove_stale_temps(paths.raw_dir(source))
    remove_stale_temps(paths.quarantine_dir(source))
    ensure_schema_file(paths.raw_dir(source), source)
    files = landed_files(paths, source)
    workers = read_workers()
    log.info("Started ingesting %s: %d file(s) in %s, %d read(s) at a time",
             source, len(files), paths.landing_dir(source), workers)

    report = SourceReport(source)

    def finish(step: "FileOutcome | _PendingFile") -> None:
        outcome = step.finish() if isinstance(step, _PendingFile) else step
        report.files.append(outcome)
        if progress is not None:
            progress(outcome)

    # The files are parsed side by side, but checked and committed one after the other in
    # name order, so that the raw layer, the index and the report come out as from one
    # reader. Two at a time loaded size M's files in 30 s instead of 45 s on two cores.
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"ingest-{source}") as pool:
        steps: deque = deque()
        for landed in files:
            try:
                steps.append(_start_file(paths, source, landed.name, pool))
            except UnsafePathError as error:
                # A name such as `a\b.csv` is a valid file name here but not a plain name on every system.
                reason = f"left in place and not read: {error}"
                log.error("Rejected %s/%s: %s", source, landed.name, reason)
                steps.append(FileOutcome(source, landed.name, None, REJECTED_FILE, 0, 0, 0, reason))
            if len(steps) > workers:
                finish(steps.popleft())
        while steps:
            finish(steps.popleft())

    waiting = [outcome.file_name for outcome in report.files if outcome.status == NOT_SETTLED]
    if waiting:
        log.warning("Skipped %d file(s) of %s still being written, for a later run: %s", len(waiting), source, ", ".join(waiting))
    log.info("Finished ingesting %s: %s", source, report.totals())
    return report


def read_workers() -> int:
    """Return how many files a source parses at once: MARKETOPS_INGEST_WORKERS, else 2."""
    return worker_count(READ_WORKERS_ENV, 2)


def ingest_file(paths: DataPaths, source: str, file_name: str) -> FileOutcome:
    """Load one file of `landing/<source>/` unless it is loaded already or still being written."""
    step = _start_file(paths, source, file_name, None)
    return step.finish() if isinstance(step, _PendingFile) else step


@dataclass
class _PendingFile:
    """A landed file whose parse is running; `finish` checks its identity again and commits it."""

    paths: DataPaths
    source: str
    landed: Path
    before: os.stat_result
    data: bytes
    sha256: str
    parsed: Future

    def finish(self) -> FileOutcome:
        source, file_name, sha256 = self.source, self.landed.name, self.sha256
        # A file of the same bytes earlier in this run may have committed while this one parsed.
        known = _identity_outcome(self.paths, source, file_name, self.before, sha256)
        if known is not None:
            self.parsed.cancel()
            return known

        try:
            result = self.parsed.result()
        except FileRejected as rejection:
            outcome = _reject_file(self.paths, source, self.landed, self.data, sha256, rejection)
            record_rejected(self.paths.raw_dir(source), file_name, self.before, sha256)
            return outcome

        raw_path = self.paths.raw_dir(source) / f"{sha256}.parquet"
        rejects_path = self.paths.quarantine_dir(source) / f"{sha256}.parquet"
        counts = {
            "rows_read": result.rows_read,
            "rows_loaded": result.loaded_lines,
            "rows_quarantined": result.rejected_lines,
        }
        metadata = {"source": source, "file_name": file_name, "sha256": sha256, "status": LOADED, **counts}
        table = with_lineage(result.table, source, sha256, file_name, datetime.now(UTC))
        _commit_load(table, result.rejects, raw_path, rejects_path, metadata)
        record_loaded(self.paths.raw_dir(source), file_name, self.before, sha256)
        log_rejects(source, result.rejects)

        log.info("Loaded %s/%s (sha256 %s): %s", source, file_name, sha256, counts)
        return FileOutcome(source, file_name, sha256, LOADED, **counts)


def _start_file(paths: DataPaths, source: str, file_name: str, pool: ThreadPoolExecutor | None) -> "FileOutcome | _PendingFile":
    """Return the file's outcome when it needs no parse, else start its parse (in `pool`, or here when None)."""
    landed = child_path(paths.landing_dir(_known_source(source)), file_name)
    try:
        ensure_inside(paths.root, landed)
        ensure_regular_file(landed)
    except UnsafePathError as error:
        reason = f"left in place and not read: {error}"
        log.error("Rejected %s/%s: %s", source, file_name, reason)
        return FileOutcome(source, file_name, None, REJECTED_FILE, 0, 0, 0, reason)

    before = landed.stat()
    known = known_identity(paths.raw_dir(source), file_name, before)
    if known is not None and (paths.raw_dir(source) / f"{known}.parquet").exists():
        log.debug("Skipped %s/%s unread: loaded before as sha256 %s", source, file_name, known)
        return _outcome_from_metadata(source, file_name, known, paths.raw_dir(source) / f"{known}.parquet", ALREADY_LOADED)
    if known is not None and _is_rejected_file(paths.quarantine_dir(source) / f"{known}.parquet"):
        log.debug("Skipped %s/%s unread: rejected before as sha256 %s", source, file_name, known)
        return _already_rejected(paths, source, file_name, known)

    unsettled = unsettled_reason(landed, before)
    if unsettled is None:
        data = landed.read_bytes()
        unsettled = changed_during_read(before, landed.stat(), len(data))
    if unsettled is not None:
        log.info("Skipped %s/%s for now: %s", source, file_name, unsettled)
        return FileOutcome(source, file_name, None, NOT_SETTLED, 0, 0, 0, unsettled)

    modified_at = datetime.fromtimestamp(before.st_mtime, tz=UTC)
    sha256 = SOURCES[source].file_identity(data, file_name, modified_at)
    known = _identity_outcome(paths, source, file_name, before, sha256)
    if known is not None:
        return known
    rejects_path = paths.quarantine_dir(source) / f"{sha256}.parquet"
    if rejects_path.exists():
        log.warning(
            "Reading %s/%s (sha256 %s) again: its rejects exist without its raw file, so an earlier load stopped",
            source, file_name, sha256,
        )

    if pool is None:
        parsed: Future = Future()
        try:
            parsed.set_result(_parse(source, data, file_name, modified_at))
        except FileRejected as rejection:
            parsed.set_exception(rejection)
    else:
        parsed = pool.submit(_parse, source, data, file_name, modified_at)
    return _PendingFile(paths, source, landed, before, data, sha256, parsed)


def _parse(source: str, data: bytes, file_name: str, modified_at: datetime):
    _check_header(source, data, file_name)
    return SOURCES[source].read(data, file_name, modified_at)


def _identity_outcome(paths: DataPaths, source: str, file_name: str, before: os.stat_result, sha256: str) -> FileOutcome | None:
    """Return the outcome of a file whose bytes are loaded or rejected whole already, recording its name; else None."""
    raw_path = paths.raw_dir(source) / f"{sha256}.parquet"
    if raw_path.exists():
        outcome = _outcome_from_metadata(source, file_name, sha256, raw_path, ALREADY_LOADED)
        log.info("Skipped %s/%s: sha256 %s was already loaded", source, file_name, sha256)
        record_loaded(paths.raw_dir(source), file_name, before, sha256)
        return outcome
    if _is_rejected_file(paths.quarantine_dir(source) / f"{sha256}.parquet"):
        record_rejected(paths.raw_dir(source), file_name, before, sha256)
        return _already_rejected(paths, source, file_name, sha256)
    return None


def _commit_load(table, rejects, raw_path: Path, rejects_path: Path, metadata: dict) -> None:
    """Write the rejects and the raw file to temporary names, then rename the raw file last.

    The raw file marks the load as complete. A crash before its rename leaves at
    most a rejects file with status `loaded`, which the next run reads again.
    """
    temp_paths = []
    try:
        if rejects.num_rows:
            temp_paths.append((write_parquet_temp(rejects.cast(REJECTS_SCHEMA), rejects_path, metadata), rejects_path))
        temp_paths.append((write_parquet_temp(table, raw_path, metadata), raw_path))
        for temp_path, destination in temp_paths:
            os.replace(temp_path, destination)
    finally:
        for temp_path, _destination in temp_paths:
            temp_path.unlink(missing_ok=True)


def route_landing_root(paths: DataPaths) -> list[RouteOutcome]:
    """Move each file dropped straight into `landing/` to the folder of the source its header matches.

    A file whose header matches no format, or that cannot be decoded, is moved
    to `quarantine/_unrouted/` with a rejects Parquet giving the reason. A file
    still being written and a symlink leaving the data root stay where they
    are. Folders ingestion never reads are reported with status `not_read`.
    """
    paths.ensure()
    remove_stale_temps(paths.quarantine_dir(UNROUTED))
    outcomes = []
    for dropped in sorted(p for p in paths.landing.iterdir() if not p.name.startswith(".")):
        if dropped.is_dir() and not dropped.is_symlink():
            continue
        outcomes.append(_route_file(paths, dropped))
    return outcomes + unread_folders(paths)


def _route_file(paths: DataPaths, dropped: Path) -> RouteOutcome:
    try:
        ensure_inside(paths.root, dropped)
        ensure_regular_file(dropped)
    except UnsafePathError as error:
        reason = f"left in place and not read: {error}"
        log.error("Did not route %s: %s", dropped.name, reason)
        return RouteOutcome(dropped.name, None, dropped, reason, LEFT_IN_PLACE)

    before = dropped.stat()
    unsettled = unsettled_reason(dropped, before)
    if unsettled is None:
        data = dropped.read_bytes()
        unsettled = changed_during_read(before, dropped.stat(), len(data))
    if unsettled is not None:
        log.warning("Left %s in landing/ for a later run: %s", dropped.name, unsettled)
        return RouteOutcome(dropped.name, None, dropped, unsettled, NOT_SETTLED)

    try:
        header = header_row(data, dropped.name)
        candidates = matching_sources(header)
        if not candidates:
            raise FileRejected(dropped.name, describe_mismatch(header), data_lines=count_data_lines(data))
    except FileRejected as rejection:
        sha256 = hashlib.sha256(data).hexdigest()
        _reject_file(paths, UNROUTED, dropped, data, sha256, rejection)
        dropped.unlink()
        return RouteOutcome(dropped.name, None, paths.quarantine_dir(UNROUTED), rejection.reason, QUARANTINED)

    source = candidates[0].name
    destination = _free_destination(paths.landing_dir(source), dropped.name, data)
    destination.parent.mkdir(parents=True, exist_ok=True)
    os.replace(dropped, destination)
    log.info("Routed %s to %s", dropped.name, destination.relative_to(paths.root))
    return RouteOutcome(dropped.name, source, destination, None, ROUTED)


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
    hint = delimiter_hint(spec, header)
    if hint is not None:
        raise FileRejected(file_name, f"header does not match {source}: {hint}", data_lines=count_data_lines(data))
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
    copy_rejected_file(data, landed.name, folder, sha256)
    write_rejects(rejects, folder / f"{sha256}.parquet", metadata)
    log.error("Rejected the whole file %s/%s (sha256 %s): %s", source, landed.name, sha256, rejection.reason)
    return FileOutcome(source, landed.name, sha256, REJECTED_FILE, rows, 0, rows, rejection.reason)


def _is_rejected_file(rejects_path: Path) -> bool:
    return rejects_path.exists() and read_file_metadata(rejects_path).get("status") == REJECTED_FILE


def _already_rejected(paths: DataPaths, source: str, file_name: str, sha256: str) -> FileOutcome:
    """Report a file rejected whole in an earlier run with its stored counts, which the run totals leave out."""
    outcome = _outcome_from_metadata(
        source, file_name, sha256, paths.quarantine_dir(source) / f"{sha256}.parquet", ALREADY_REJECTED
    )
    log.warning(
        "Skipped %s/%s: sha256 %s was rejected whole in an earlier run (%s); fix or remove it from landing/",
        source, file_name, sha256, outcome.reason,
    )
    return outcome


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



"""Find the files under `landing/` that a sensor has not seen yet.

A file is identified by its path under `landing/`, its modification time and its
size, so a file replaced by new content counts as new and an untouched one never does.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from ingestion.paths import DataPaths
from ingestion.settling import PARTIAL_SUFFIXES
from ingestion.sources import SOURCES
from orchestration.lib.inventory_feeds import PUBLISHED_FILE_PREFIX

# Files modified more recently than this may still be being copied in.
MIN_FILE_AGE_SECONDS = 5.0
# The write-back asset's own record of what it published. Landing it must not
# trigger another run, or every run would start the next one.
OWN_WRITEBACK_PREFIX = f"published_availability/{PUBLISHED_FILE_PREFIX}"


@dataclass(frozen=True)
class LandingFile:
    relative_path: str
    mtime_ns: int
    size: int

    @property
    def key(self) -> str:
        return f"{self.relative_path}|{self.mtime_ns}|{self.size}"

    @property
    def signature(self) -> tuple[str, int, int]:
        """File name, modification time and size, which survive a move between folders."""
        return (PurePosixPath(self.relative_path).name, self.mtime_ns, self.size)

    @property
    def is_own_writeback(self) -> bool:
        return self.relative_path.startswith(OWN_WRITEBACK_PREFIX)


def scan_landing(landing: Path, min_age_seconds: float = MIN_FILE_AGE_SECONDS) -> list[LandingFile]:
    """List the settled regular files under `landing`, skipping hidden and temporary ones."""
    if not landing.is_dir():
        return []
    newest_allowed_ns = time.time_ns() - int(min_age_seconds * 1e9)
    files = []
    for path in sorted(landing.rglob("*")):
        relative = path.relative_to(landing)
        if any(part.startswith(".") for part in relative.parts):
            continue
        status = path.lstat()
        if not path.is_file() or path.is_symlink() or status.st_mtime_ns > newest_allowed_ns:
            continue
        # A partial download is read only once renamed, so it must not start a run.
        if path.suffix.lower() in PARTIAL_SUFFIXES:
            continue
        files.append(LandingFile(relative.as_posix(), status.st_mtime_ns, status.st_size))
    return files


def unseen_files(files: list[LandingFile], seen_keys: set[str]) -> list[LandingFile]:
    """Return the files not in `seen_keys`, except those the router moved out of `landing/`.

    The router renames a file dropped straight into `landing/` into its source folder,
    which keeps its name, time and size. That file was already seen at the top level.
    """
    seen_at_top = set()
    for key in seen_keys:
        relative_path, mtime_ns, size = key.rsplit("|", 2)
        if "/" not in relative_path:
            seen_at_top.add((relative_path, int(mtime_ns), int(size)))
    return [
        file
        for file in files
        if file.key not in seen_keys and file.signature not in seen_at_top
    ]


def is_already_ingested(paths: DataPaths, file: LandingFile) -> bool:
    """Tell whether a file in a source folder was loaded or rejected by an earlier run.

    `make pipeline` ingests the demo before `dagster dev` starts, and the sensor's
    first tick has no cursor: without this check it would rebuild everything for
    files that load nothing new. Only files new to the cursor are hashed.
    """
    parts = PurePosixPath(file.relative_path).parts
    if len(parts) != 2 or parts[0] not in SOURCES:
        return False
    source = parts[0]
    path = paths.landing / file.relative_path
    modified_at = datetime.fromtimestamp(file.mtime_ns / 1e9, tz=UTC)
    # The same identity ingestion names raw files by, which for some sources
    # includes a value from the file name as well as the bytes.
    digest = SOURCES[source].file_identity(path.read_bytes(), path.name, modified_at)
    return (paths.raw_dir(source) / f"{digest}.parquet").exists() or (
        paths.quarantine_dir(source) / f"{digest}.parquet"
    ).exists()

"""The record of landed files already loaded or rejected whole, so a run reads only new files.

Without it every run reads and hashes every file still in `landing/`, a year of
reports each day. A landed file is known by its name, size and modification time
(as the landing sensor and rsync know a file), mapped to the identity it loaded
or was rejected under. A file that is replaced gets a new size or modification time and is read
again. NOTE: a file rewritten in place with the same size and the same modification
time, to the nanosecond, would be taken as loaded.
"""

import os
from pathlib import Path

INDEX_NAME = "_landed_files.tsv"


def index_path(raw_dir: Path) -> Path:
    return raw_dir / INDEX_NAME


def _key(file_name: str, status: os.stat_result) -> str:
    # Escaped so that a file name with a tab or newline cannot forge another file's entry.
    escaped = file_name.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return f"{escaped}\t{status.st_size}\t{status.st_mtime_ns}"


def known_identity(raw_dir: Path, file_name: str, status: os.stat_result) -> str | None:
    """Return the identity the file was loaded or rejected under, or None when it was never recorded."""
    index = index_path(raw_dir)
    if not index.exists():
        return None
    key = _key(file_name, status)
    found = None
    with open(index, encoding="utf-8") as handle:
        for line in handle:
            recorded_key, _, identity = line.rstrip("\n").rpartition("\t")
            if recorded_key == key:
                found = identity
    return found


def record_loaded(raw_dir: Path, file_name: str, status: os.stat_result, identity: str) -> None:
    """Append the file and the identity it loaded under to the index.

    A process killed mid-append leaves a last line without its newline. The new
    line then starts on a line of its own, so only the cut line is lost (its file
    is read again and found loaded by its sha256) and not the one appended now.
    """
    index = index_path(raw_dir)
    with open(index, "a+b") as handle:
        cut_line = handle.tell() > 0 and not _ends_with_newline(handle)
        line = f"{_key(file_name, status)}\t{identity}\n".encode()
        handle.write(b"\n" + line if cut_line else line)


def _ends_with_newline(handle) -> bool:
    handle.seek(-1, os.SEEK_END)
    return handle.read(1) == b"\n"


def record_rejected(raw_dir: Path, file_name: str, status: os.stat_result, identity: str) -> None:
    """Append a file rejected whole and its identity to the index, so later runs skip it unread."""
    record_loaded(raw_dir, file_name, status, identity)

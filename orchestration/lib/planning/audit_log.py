"""The append-only audit log of planners' decisions, one JSON object per line.

Every entry carries the SHA-256 of the previous line, so an edited or deleted line
breaks the chain and `verify_chain` names it. No later line carries the last
line's hash, so a head file beside the log records the line count and that hash.
An edited last line or removed trailing lines then fail the check too, unless the
head file is rewritten to match. Appends take an exclusive lock, so the page and the
drafting asset never interleave two entries.
"""

import fcntl
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

logger = logging.getLogger(__name__)

AUDIT_LOG_NAME = "audit_log.jsonl"
HEAD_SUFFIX = ".head"
GENESIS = "0" * 64


class AuditLogError(RuntimeError):
    """Raised when the audit log is not a valid chain of entries."""


@dataclass(frozen=True)
class AuditLog:
    """The log file under the decisions folder of a data root."""

    path: Path

    @classmethod
    def in_folder(cls, decisions: Path) -> "AuditLog":
        return cls(decisions / AUDIT_LOG_NAME)

    @property
    def head_path(self) -> Path:
        return self.path.with_name(self.path.name + HEAD_SUFFIX)

    def _write_head(self, count: int, last_line: bytes) -> None:
        partial = self.head_path.with_name(self.head_path.name + ".partial")
        partial.write_text(f"{count} {hashlib.sha256(last_line).hexdigest()}\n", encoding="ascii")
        os.replace(partial, self.head_path)

    def append(self, entry: dict) -> dict:
        """Append one entry with its time and the previous line's hash; return it as written."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                handle.seek(0)
                lines = handle.read().splitlines()
                previous = hashlib.sha256(lines[-1]).hexdigest() if lines else GENESIS
                written = {"at": datetime.now(UTC).isoformat(), **entry, "previous_sha256": previous}
                line = json.dumps(written, sort_keys=True).encode("utf-8")
                handle.write(line + b"\n")
                handle.flush()
                os.fsync(handle.fileno())
                self._write_head(len(lines) + 1, line)
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        logger.info("audit log %s: %s %s by %s", self.path, written.get("action"), written.get("line_key"), written.get("user"))
        return written

    def entries(self) -> list[dict]:
        """Read every entry, oldest first; an empty list when nothing was decided yet."""
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_bytes().splitlines() if line.strip()]

    def verify_chain(self) -> None:
        """Raise AuditLogError naming the first line whose previous-hash does not match."""
        if not self.path.exists():
            return
        previous = GENESIS
        lines = self.path.read_bytes().splitlines()
        for number, line in enumerate(lines, start=1):
            entry = json.loads(line)
            if entry.get("previous_sha256") != previous:
                raise AuditLogError(f"{self.path} line {number}: previous_sha256 does not match line {number - 1}; "
                                    "the log was edited")
            previous = hashlib.sha256(line).hexdigest()

        if not self.head_path.exists():
            if lines:
                raise AuditLogError(f"{self.head_path} is missing, so the end of {self.path} cannot be checked")
            return
        count, last_hash = self.head_path.read_text(encoding="ascii").split()
        if int(count) != len(lines) or last_hash != previous:
            raise AuditLogError(f"{self.path} ends at line {len(lines)}, but its head file records "
                                f"{count} line(s) ending in another entry; the last line was edited or lines were removed")

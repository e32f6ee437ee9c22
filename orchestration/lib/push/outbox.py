"""The persistent push outbox: a SQLite table of pushes and their attempts under the data root.

A push is enqueued once per idempotency key and moves from `waiting` to `sent` or
`failed`. A waiting push survives a crash or restart of the process and is sent by the
next drain. A push that reached the server but whose response was lost is sent again
with the same key, so the server can drop the duplicate.
"""

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

OUTBOX_FILE_NAME = "push_outbox.sqlite"
WAITING, SENT, FAILED = "waiting", "sent", "failed"
# Seconds a writer waits for another process's lock on the outbox before it raises.
LOCK_TIMEOUT_SECONDS = 30

SCHEMA = """
CREATE TABLE IF NOT EXISTS pushes (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    target TEXT NOT NULL,
    feed_file TEXT NOT NULL,
    content_type TEXT NOT NULL,
    payload BLOB NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('waiting', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    enqueued_at TEXT NOT NULL,
    last_attempt_at TEXT,
    finished_at TEXT,
    last_status INTEGER,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS push_attempts (
    idempotency_key TEXT NOT NULL REFERENCES pushes (idempotency_key),
    attempt INTEGER NOT NULL,
    attempted_at TEXT NOT NULL,
    outcome TEXT NOT NULL,
    status INTEGER,
    error TEXT,
    run_id TEXT
);
"""


@dataclass(frozen=True)
class Push:
    """One payload for one target, as stored in the outbox."""

    sequence: int
    idempotency_key: str
    target: str
    feed_file: str
    content_type: str
    payload: bytes
    state: str
    attempts: int


def push_key(target: str, identity: str, payload: bytes) -> str:
    """Derive the idempotency key from the target, the feed's identity and its bytes.

    The same feed written again by a retry or a rerun gets the same key, so the outbox
    keeps one push for it and the server can recognise a repeated request.
    """
    digest = hashlib.sha256()
    for part in (target.encode(), identity.encode(), payload):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class PushOutbox:
    """The outbox table in one SQLite file; each call opens its own connection, so any process or thread may use it."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._transaction() as connection:
            connection.executescript(SCHEMA)

    @classmethod
    def in_folder(cls, outbox: Path) -> "PushOutbox":
        return cls(outbox / OUTBOX_FILE_NAME)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_SECONDS)) as connection:
            with connection:
                yield connection

    def enqueue(self, target: str, feed_file: str, content_type: str, payload: bytes, key: str) -> bool:
        """Add a waiting push; return False when a push with this key is already in the outbox."""
        with self._transaction() as connection:
            cursor = connection.execute(
                "INSERT INTO pushes (idempotency_key, target, feed_file, content_type, payload, state, enqueued_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING",
                [key, target, feed_file, content_type, payload, WAITING, _now()],
            )
            return cursor.rowcount == 1

    def waiting(self) -> list[Push]:
        """Return the waiting pushes in the order they were enqueued."""
        with self._transaction() as connection:
            rows = connection.execute(
                "SELECT sequence, idempotency_key, target, feed_file, content_type, payload, state, attempts "
                "FROM pushes WHERE state = ? ORDER BY sequence",
                [WAITING],
            ).fetchall()
        return [Push(*row) for row in rows]

    def record_attempt(self, push: Push, outcome: str, status: int | None, error: str | None,
                       run_id: str | None) -> int:
        """Count one attempt of a push and append it to the attempt history; return the push's attempt count."""
        at = _now()
        with self._transaction() as connection:
            connection.execute(
                "UPDATE pushes SET attempts = attempts + 1, last_attempt_at = ?, last_status = ?, last_error = ? "
                "WHERE idempotency_key = ?",
                [at, status, error, push.idempotency_key],
            )
            attempts = connection.execute(
                "SELECT attempts FROM pushes WHERE idempotency_key = ?", [push.idempotency_key]
            ).fetchone()[0]
            connection.execute(
                "INSERT INTO push_attempts VALUES (?, ?, ?, ?, ?, ?, ?)",
                [push.idempotency_key, attempts, at, outcome, status, error, run_id],
            )
        return attempts

    def finish(self, push: Push, state: str) -> None:
        """Move a waiting push to `sent` or `failed`."""
        if state not in (SENT, FAILED):
            raise ValueError(f"invalid final push state {state!r}; expected {SENT!r} or {FAILED!r}")
        with self._transaction() as connection:
            connection.execute(
                "UPDATE pushes SET state = ?, finished_at = ? WHERE idempotency_key = ? AND state = ?",
                [state, _now(), push.idempotency_key, WAITING],
            )

    def counts(self) -> dict[str, int]:
        """Return the number of pushes in each state."""
        with self._transaction() as connection:
            rows = connection.execute("SELECT state, count(*) FROM pushes GROUP BY state").fetchall()
        return {WAITING: 0, SENT: 0, FAILED: 0, **dict(rows)}

    def pushes(self) -> list[dict]:
        """Return every push without its payload, oldest first, for reports and tests."""
        with self._transaction() as connection:
            connection.row_factory = sqlite3.Row
            rows = connection.execute(
                "SELECT sequence, idempotency_key, target, feed_file, state, attempts, enqueued_at, "
                "last_attempt_at, finished_at, last_status, last_error FROM pushes ORDER BY sequence"
            ).fetchall()
        return [dict(row) for row in rows]

    def payload(self, key: str) -> bytes:
        with self._transaction() as connection:
            row = connection.execute("SELECT payload FROM pushes WHERE idempotency_key = ?", [key]).fetchone()
        if row is None:
            raise KeyError(f"no push with idempotency key {key} in {self.path}")
        return row[0]

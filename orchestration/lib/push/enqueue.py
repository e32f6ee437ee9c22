"""Put written outbox files into the push outbox when their target has an endpoint."""

from pathlib import Path

from orchestration.lib.push.outbox import PushOutbox, push_key

CONTENT_TYPES = {".txt": "text/tab-separated-values", ".csv": "text/csv", ".json": "application/json"}


def enqueue_file(outbox: PushOutbox, target: str, path: Path, feed_file: str, identity: str) -> tuple[str, bool]:
    """Queue the file's bytes for `target`; return the idempotency key and whether the push is new.

    `identity` names what the file is (a channel, location and snapshot, or a draft),
    so the same feed written again under another file name gets the same key.
    """
    payload = path.read_bytes()
    key = push_key(target, identity, payload)
    content_type = CONTENT_TYPES.get(path.suffix, "application/octet-stream")
    return key, outbox.enqueue(target, feed_file, content_type, payload, key)


def queue_for_endpoint(outbox_dir: Path, target: str, files: list[tuple[Path, str, str]], configured: bool,
                       log) -> int:
    """Queue each (path, feed file, identity) for `target` when it has an endpoint; return the new pushes.

    Without an endpoint nothing is queued, and the files in outbox/ are the whole output.
    """
    if not configured or not files:
        return 0

    outbox = PushOutbox.in_folder(outbox_dir)
    added = 0
    for path, feed_file, identity in files:
        key, new = enqueue_file(outbox, target, path, feed_file, identity)
        added += new
        log.info("%s push %s of %s for %s", "Queued" if new else "Already queued", key[:12], feed_file, target)
    return added

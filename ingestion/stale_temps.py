"""Name temporary files after the process writing them, and remove those of dead processes.

A process killed between writing a temporary file and renaming it into place leaves
the file behind, and nothing else ever deletes it. Putting the writer's process id in
the name lets the next run tell a leftover of a dead writer from a file another live
process is still writing, so it removes only the leftovers.
NOTE: a leftover whose process id was reused by a live process stays until that
process ends.
"""

import logging
import os
import re
from pathlib import Path

log = logging.getLogger(__name__)

# `.<stem>.<pid>.<random>.tmp`, optionally followed by DuckDB's `.wal`.
TEMP_NAME = re.compile(r"^\..+\.(?P<pid>\d+)\.[^.]+\.tmp(\.wal)?$")


def temp_prefix(stem: str) -> str:
    """Return the hidden name prefix for a temporary file of `stem` written by this process."""
    return f".{stem}.{os.getpid()}."


def process_alive(pid: int) -> bool:
    """Check whether a process with this id exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        # The process exists but belongs to another user.
        return True
    return True


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete the temporary files in `folder` left by processes that no longer run; return them."""
    if not folder.is_dir():
        return []

    removed = []
    for path in folder.iterdir():
        match = TEMP_NAME.match(path.name)
        if match is None or not path.is_file() or process_alive(int(match["pid"])):
            continue
        path.unlink(missing_ok=True)
        removed.append(path)

    if removed:
        log.warning(
            "Removed %d temporary file(s) left in %s by stopped processes: %s",
            len(removed), folder, ", ".join(path.name for path in removed),
        )
    return removed

"""Decide whether a landed file is complete: old enough, not a partial download, not changing.

A copy or download in progress looks like a valid file cut short, and reading
it would load part of its rows as if they were all. So a file is read only
when its modification time is older than a minimum age, its name has no
partial-download suffix, and its size and modification time are the same
before and after the read.
"""

import math
import os
import time
from pathlib import Path

MIN_FILE_AGE_SECONDS = 2.0
MIN_FILE_AGE_ENV = "MARKETOPS_MIN_FILE_AGE_SECONDS"
# Suffixes that browsers (Firefox .part, Chrome .crdownload, Safari .download) and
# copy tools give a file until it is complete.
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download")


def min_file_age() -> float:
    """Return the minimum age in seconds of a file to read: the env override or the default."""
    configured = os.environ.get(MIN_FILE_AGE_ENV, "").strip()
    if not configured:
        return MIN_FILE_AGE_SECONDS
    try:
        seconds = float(configured)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(
            f"invalid {MIN_FILE_AGE_ENV}={configured!r}: expected a number of seconds, 0 or more; "
            f"unset it for the default of {MIN_FILE_AGE_SECONDS:g} s"
        )
    return seconds


def unsettled_reason(path: Path, status: os.stat_result) -> str | None:
    """Return why a file must wait for a later run, or None when it can be read now."""
    suffix = path.suffix.lower()
    if suffix in PARTIAL_SUFFIXES:
        return f"name ends in {suffix}, the suffix of a partial download; it is read once renamed"

    minimum = min_file_age()
    age = time.time() - status.st_mtime
    if age < minimum:
        return (
            f"modified {age:.1f} s ago, less than the minimum age of {minimum:g} s ({MIN_FILE_AGE_ENV}), "
            "so it may still be being written"
        )
    return None


def changed_during_read(before: os.stat_result, after: os.stat_result, bytes_read: int) -> str | None:
    """Return why a file changed while it was read, or None when it stayed the same."""
    if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns) and bytes_read == after.st_size:
        return None
    return (
        f"changed while it was read (size {before.st_size} -> {after.st_size} bytes, {bytes_read} bytes read), "
        "so it is still being written"
    )

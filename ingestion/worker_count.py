"""Worker counts read from the environment, shared by ingestion and the raw checks."""

import os


def worker_count(variable: str, default: int) -> int:
    """Return the whole number of at least 1 in environment `variable`, else `default` when it is unset or blank."""
    configured = os.environ.get(variable, "").strip()
    if not configured:
        return default
    # ASCII digits only: str.isdigit also accepts characters such as '²' that int() rejects.
    if not (configured.isascii() and configured.isdigit()) or int(configured) < 1:
        raise ValueError(f"{variable} must be a whole number of at least 1, not {configured!r}")
    return int(configured)

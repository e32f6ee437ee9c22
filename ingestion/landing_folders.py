"""Find the folders under `landing/` that ingestion never reads, so they are reported, not ignored."""

import logging
from pathlib import Path

from ingestion.paths import DataPaths
from ingestion.report import NOT_READ, RouteOutcome
from ingestion.sources import SOURCES

log = logging.getLogger(__name__)


def unread_folders(paths: DataPaths) -> list[RouteOutcome]:
    """Report each folder of `landing/` that is not a source folder, and each folder nested in one.

    Hidden folders are left out like hidden files, because tools keep their
    own state there.
    """
    if not paths.landing.is_dir():
        return []
    valid = ", ".join(sorted(SOURCES))
    outcomes = []
    for folder in _visible_folders(paths.landing):
        if folder.name not in SOURCES:
            reason = f"landing/{folder.name}/ is not a source folder, so its files are not read; valid folders: {valid}"
            outcomes.append(_report(folder.name, folder, reason))
            continue
        for nested in _visible_folders(folder):
            reason = (
                f"landing/{folder.name}/{nested.name}/ is nested in a source folder, so its files are not read; "
                f"move them up into landing/{folder.name}/"
            )
            outcomes.append(_report(f"{folder.name}/{nested.name}", nested, reason))
    return outcomes


def _visible_folders(parent: Path) -> list[Path]:
    return sorted(p for p in parent.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))


def _report(name: str, folder: Path, reason: str) -> RouteOutcome:
    log.warning("Not reading %s: %s", name, reason)
    return RouteOutcome(name, None, folder, reason, NOT_READ)

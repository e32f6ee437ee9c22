"""Data roots for the fault drills: a small demo with its last day held back as the next delivery."""

import logging
import shutil
from pathlib import Path

from benchmarks.increment import hold_back, settle
from ingestion.demo.config import DemoConfig
from ingestion.demo.generate import generate

log = logging.getLogger(__name__)

# The smallest demo whose runs still fill every mart (the size the demo tests use).
DRILL_DEMO = DemoConfig(seed=7, skus=20, days=14, orders=300)


def write_demo(work_dir: Path) -> tuple[Path, Path]:
    """Write the demo's landing zone and hold its last day back; return both folders."""
    landing = work_dir / "demo" / "landing"
    day = work_dir / "demo" / "next_day"
    generate(DRILL_DEMO, landing, show_progress=False)
    hold_back(landing, day, DRILL_DEMO.end_date.isoformat())
    # Dated once here and copied with their times, so every root loads the same files.
    settle([path for path in day.rglob("*") if path.is_file()])
    return landing, day


def copy_root(source: Path, destination: Path) -> Path:
    """Copy a whole data root, keeping modification times, which the landed index compares."""
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(source, destination, symlinks=True)
    return destination


def deliver(files: Path, root: Path) -> None:
    """Copy the files of a delivery into `root`'s landing zone, keeping their modification times."""
    shutil.copytree(files, root / "landing", dirs_exist_ok=True)


def leftover_files(root: Path) -> list[str]:
    """List the temporary and write-ahead-log files under `root`, Dagster's home excluded."""
    found = []
    for path in root.rglob("*"):
        if "dagster_home" in path.parts or not path.is_file():
            continue
        if path.name.endswith((".tmp", ".wal")):
            found.append(path.relative_to(root).as_posix())
    return sorted(found)

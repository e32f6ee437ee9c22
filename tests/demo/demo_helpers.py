"""Helpers of the demo tests: the small demo's arguments and CSV readers."""

import csv
from pathlib import Path

from ingestion.demo.config import DemoConfig

# 14 days is the shortest run where a late B2B shipment has had time to ship.
SMALL = DemoConfig(seed=7, skus=20, days=14, orders=300)


def read_rows(path: Path) -> list[dict[str, str]]:
    """Read a demo file into dicts; `.txt` files are tab-separated."""
    delimiter = "\t" if path.suffix == ".txt" else ","
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def read_source(out_dir: Path, source: str) -> list[dict[str, str]]:
    """Read every file of one source folder, in file name order."""
    rows: list[dict[str, str]] = []
    for path in sorted((out_dir / source).iterdir()):
        rows.extend(read_rows(path))
    return rows

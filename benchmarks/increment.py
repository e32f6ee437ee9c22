"""Split the last day out of a generated dataset, to deliver it later as one day's increment.

The demo writes order exports per month, and warehouse snapshots and the record of
published availability per day. Tomorrow's delivery is the last day's snapshot and
published files plus a daily export of that day's orders: the order rows of that day
are moved from the monthly file into a file of their own. Settlements and payouts
cover periods and stay as written.
"""

import logging
import os
import shutil
import time
from pathlib import Path

log = logging.getLogger(__name__)

# Source folder, file suffix, delimiter and the column whose value starts with the order day.
# Every demo order export repeats the order time on each line of the order.
DAILY_ORDER_EXPORTS = (
    ("amazon_orders", ".txt", "\t", "purchase-date"),
    ("shopify_orders", ".csv", ",", "Created at"),
    ("b2b_orders", ".csv", ",", "ordered_at"),
)
DAILY_SNAPSHOT_SOURCES = ("wms_snapshots", "published_availability")


def split_day(path: Path, delimiter: str, column: str, day: str, day_path: Path) -> int:
    """Move the rows of `path` whose `column` starts with `day` into `day_path`; return their count.

    The demo never quotes a value, so a line is split on the delimiter as it is.
    """
    with open(path, encoding="utf-8", newline="") as source:
        header = source.readline()
        index = header.rstrip("\r\n").split(delimiter).index(column)
        kept, moved = [], []
        for line in source:
            (moved if line.split(delimiter, index + 1)[index].startswith(day) else kept).append(line)
    if not moved:
        return 0

    day_path.parent.mkdir(parents=True, exist_ok=True)
    day_path.write_text(header + "".join(moved), encoding="utf-8", newline="")
    path.write_text(header + "".join(kept), encoding="utf-8", newline="")
    return len(moved)


def hold_back(landing: Path, increment: Path, day: str) -> dict:
    """Move the files and order rows of `day` (YYYY-MM-DD) from `landing` to `increment`."""
    moved: dict[str, int] = {}
    for source, suffix, delimiter, column in DAILY_ORDER_EXPORTS:
        for path in sorted((landing / source).glob(f"*{suffix}")):
            day_path = increment / source / f"{path.stem}_{day}{suffix}"
            rows = split_day(path, delimiter, column, day, day_path)
            if rows:
                moved[f"{source}/{day_path.name}"] = rows

    for source in DAILY_SNAPSHOT_SOURCES:
        for path in sorted((landing / source).glob(f"*{day}*")):
            destination = increment / source / path.name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, destination)
            moved[f"{source}/{path.name}"] = sum(1 for _ in open(destination, encoding="utf-8")) - 1

    log.info("Held back %d file(s) of %s: %s", len(moved), day, moved)
    settle([path for path in landing.rglob("*") if path.is_file()])
    return {"day": day, "files": moved}


def land(increment: Path, landing: Path) -> dict:
    """Move every held-back file into its landing folder, dated past ingestion's minimum file age."""
    landed = []
    for path in sorted(increment.rglob("*")):
        if path.is_file():
            destination = landing / path.relative_to(increment)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, destination)
            landed.append(destination.relative_to(landing).as_posix())
    settle([landing / name for name in landed])
    return {"files": landed}


def settle(paths: list[Path]) -> None:
    """Date files a minute back, so ingestion does not wait for them to settle.

    Only files not loaded yet are touched: the identity of some formats includes
    the modification time, and a touched loaded file would load again.
    """
    settled_at = time.time() - 60
    for path in paths:
        os.utime(path, (settled_at, settled_at))

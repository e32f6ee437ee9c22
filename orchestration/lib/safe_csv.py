"""Write CSV and tab-separated files that a spreadsheet cannot run, atomically.

Feeds are opened by people in spreadsheets before upload. A text cell starting with
`=`, `+`, `-` or `@` (or a tab or carriage return that hides one) would run as a
formula there, so such text gets a leading apostrophe, which spreadsheets show as text.
"""

import csv
import json
import os
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def starts_formula(value: Any) -> bool:
    """Tell whether a spreadsheet would read this text as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def neutralize_formula(value: Any) -> Any:
    """Prefix text that a spreadsheet would read as a formula with an apostrophe. Numbers pass unchanged."""
    if starts_formula(value):
        return "'" + value
    return value


def write_rows_atomically(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str = ",",
                          neutralize: bool = True) -> int:
    """Write a header and rows to a temporary file, rename it to `path`, and return the row count.

    The rename means a landing sensor or an uploader never reads a half-written file.
    `neutralize=False` writes text as it is, for files only programs read, such as the
    published-availability record, whose channel SKUs must come back unchanged.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    count = 0
    try:
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
            # Python's csv writer (3.11) quotes a cell containing the "\n" line terminator
            # but not a bare "\r", which readers and spreadsheets also take as a line end.
            # A row with one is written fully quoted to keep the "\r" inside its cell.
            quoting_writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
            writer.writerow(header)
            for row in rows:
                cells = [neutralize_formula(value) for value in row] if neutralize else list(row)
                has_carriage_return = any(isinstance(cell, str) and "\r" in cell for cell in cells)
                (quoting_writer if has_carriage_return else writer).writerow(cells)
                count += 1
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return count


def write_json_atomically(path: Path, document: Any) -> None:
    """Write a JSON document to a temporary file and rename it to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        temporary.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)

"""Write small demo reports with Python's csv module, for formats that need quoting or preambles."""

import csv
from pathlib import Path

from ingestion.demo.writer import WrittenFiles


def write_csv(path: Path, written: WrittenFiles, header: list[str], rows: list[list[str]],
              preamble: list[list[str]] | None = None, quote_all: bool = False) -> None:
    """Write `preamble` lines, the header and `rows` to `path`, and record the data rows written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    with open(path, "w", newline="", encoding="utf-8") as sink:
        writer = csv.writer(sink, quoting=quoting, lineterminator="\n")
        for line in preamble or []:
            writer.writerow(line)
        writer.writerow(header)
        writer.writerows(rows)
    written.record(path, len(rows))


def cents(amount: int) -> str:
    """Format whole cents as a decimal amount with two decimals."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount) // 100}.{abs(amount) % 100:02d}"


def rate_cents(amount_cents: int, rate_per_ten_thousand: int) -> int:
    """Return a rate of an amount in cents, rounded half up, as channels charge per item."""
    return (amount_cents * rate_per_ten_thousand + 5000) // 10000

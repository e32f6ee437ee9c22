"""Write raw Parquet files by hand, as an older reader could have left them in `raw/`.

The readers quarantine the values the blocking checks test, so a failing check is
reproduced with rows that never went through a reader.
"""

import hashlib
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ingestion.schemas import raw_schema

BAD_FILE_NAME = "bad_b2b.csv"


def b2b_row(line: int, quantity: int = 1, unit_price: str = "9.50", currency: str = "USD") -> dict:
    """Return one accepted B2B order line at `line` of the bad file."""
    return {
        "order_id": f"B2B-BAD-{line}",
        "line_number": 1,
        "account_id": "ACME",
        "ordered_at": datetime(2026, 11, 28, 14, tzinfo=UTC),
        "status": "accepted",
        "sku": "SKU-A",
        "quantity": quantity,
        "unit_price": Decimal(unit_price),
        "currency": currency,
    }


def write_raw_b2b(root: Path, rows: list[dict], file_name: str = BAD_FILE_NAME) -> str:
    """Write `rows` as the raw Parquet of one B2B file, lines numbered from 2, and return its path under the root."""
    schema = raw_schema("b2b_orders")
    sha256 = hashlib.sha256(repr(rows).encode()).hexdigest()
    lineage = {"_file_sha256": sha256, "_file_name": file_name, "_loaded_at": datetime.now(UTC)}
    records = [{**row, **lineage, "_line_number": line} for line, row in enumerate(rows, start=2)]

    relative = f"raw/b2b_orders/{sha256}.parquet"
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(records, schema=schema), path)
    return relative

"""Amazon Manage FBA Inventory report (GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA).

The report has no date column, so the snapshot instant comes from the file
name, else from the file's modification time, else from the load time.
"""

import logging
import re
from datetime import UTC, datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import DecimalStyle, Kind
from ingestion.readers.columns import column, units
from ingestion.readers.flat import FlatFormat, read_flat, sql_instant
from ingestion.readers.records import TSV
from ingestion.schemas import AMAZON_FBA_INVENTORY

log = logging.getLogger(__name__)

FORMAT = FlatFormat(
    source="amazon_fba_inventory",
    schema=AMAZON_FBA_INVENTORY,
    dialect=TSV,
    decimal_style=DecimalStyle.EITHER,
    columns=[
        column("sku", "sku", required=True, not_null=True),
        column("fnsku", "fnsku", required=True),
        column("asin", "asin", required=True),
        column("product_name", "product-name"),
        column("condition", "condition"),
        column("your_price", "your-price", Kind.MONEY),
        column("mfn_listing_exists", "mfn-listing-exists", Kind.FLAG),
        units("mfn_fulfillable_quantity", "mfn-fulfillable-quantity"),
        column("afn_listing_exists", "afn-listing-exists", Kind.FLAG),
        units("afn_warehouse_quantity", "afn-warehouse-quantity"),
        units("afn_fulfillable_quantity", "afn-fulfillable-quantity", required=True),
        units("afn_unsellable_quantity", "afn-unsellable-quantity"),
        units("afn_reserved_quantity", "afn-reserved-quantity"),
        units("afn_total_quantity", "afn-total-quantity"),
        column("per_unit_volume", "per-unit-volume", Kind.MONEY),
        column("afn_inbound_working_quantity", "afn-inbound-working-quantity", Kind.COUNT),
        column("afn_inbound_shipped_quantity", "afn-inbound-shipped-quantity", Kind.COUNT),
        column("afn_inbound_receiving_quantity", "afn-inbound-receiving-quantity", Kind.COUNT),
        column("afn_researching_quantity", "afn-researching-quantity", Kind.COUNT),
        column("afn_reserved_future_supply", "afn-reserved-future-supply", Kind.COUNT),
        column("afn_future_supply_buyable", "afn-future-supply-buyable", Kind.COUNT),
    ],
)

# 2026-03-01, 2026-03-01T08:30:00, 2026-03-01_083000, or 20260301 / 20260301083000.
_DASHED = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T_ ](\d{2})[:\-]?(\d{2})[:\-]?(\d{2}))?")
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?:[T_]?(\d{2})(\d{2})(\d{2}))?(?!\d)")


def snapshot_instant(file_name: str, modified_at: datetime | None) -> tuple[datetime, str]:
    """Return the snapshot instant (UTC) and where it came from.

    A date or timestamp in the file name is taken as UTC. Without one the
    file's modification time is used, else the current time.
    """
    for pattern in (_DASHED, _COMPACT):
        for match in pattern.finditer(file_name):
            parts = [int(part) if part else 0 for part in match.groups()]
            try:
                return datetime(*parts, tzinfo=UTC), "file_name"
            except ValueError:
                continue
    if modified_at is not None:
        moment = modified_at if modified_at.tzinfo else modified_at.replace(tzinfo=UTC)
        return moment.astimezone(UTC), "modified_at"
    return datetime.now(UTC), "load_time"


def identity_extra(file_name: str, modified_at: datetime | None) -> str | None:
    """Return the snapshot instant taken from the file name, which is part of the file's identity.

    An instant from the modification time is left out, so copying a file
    without a date in its name never loads it twice.
    """
    moment, origin = snapshot_instant(file_name, modified_at)
    return moment.isoformat() if origin == "file_name" else None


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read an FBA inventory report, stamping every row with the snapshot instant."""
    moment, origin = snapshot_instant(file_name, modified_at)
    log.info("Snapshot of %s taken at %s (from the %s)", file_name, moment.isoformat(), origin)
    return read_flat(FORMAT, data, file_name, extra_columns={"snapshot_at": sql_instant(moment)})

"""Our warehouse (WMS) snapshot export (CSV, one row per snapshot, location and SKU)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import column, units
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV
from ingestion.schemas import WMS_SNAPSHOTS

FORMAT = FlatFormat(
    source="wms_snapshots",
    schema=WMS_SNAPSHOTS,
    dialect=CSV,
    columns=[
        column("snapshot_at", "snapshot_at", Kind.INSTANT, required=True, not_null=True),
        column("location_id", "location_id", required=True, not_null=True),
        column("sku", "sku", required=True, not_null=True),
        units("on_hand", "on_hand", required=True, not_null=True),
        units("reserved", "reserved"),
        units("damaged", "damaged"),
        units("inspection", "inspection"),
        units("quality_hold", "quality_hold"),
        units("in_transit", "in_transit"),
        column("in_transit_expected_date", "in_transit_expected_date", Kind.DATE),
        units("inbound_po", "inbound_po"),
        column("inbound_po_expected_date", "inbound_po_expected_date", Kind.DATE),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read a WMS snapshot; each record is one SKU at one location."""
    del modified_at
    return read_flat(FORMAT, data, file_name)

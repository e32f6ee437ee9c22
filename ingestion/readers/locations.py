"""Our location master (CSV, one row per warehouse or marketplace fulfilment network)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.columns import column
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV
from ingestion.schemas import LOCATIONS

LOCATION_TYPES = frozenset(["warehouse", "marketplace_fc"])

FORMAT = FlatFormat(
    source="locations",
    schema=LOCATIONS,
    dialect=CSV,
    columns=[
        column("location_id", "location_id", required=True, not_null=True),
        column("name", "name", required=True),
        column(
            "location_type",
            "location_type",
            required=True,
            not_null=True,
            allowed=LOCATION_TYPES,
            allowed_label="location type",
        ),
        column("channel", "channel"),
        column("timezone", "timezone", required=True),
        column("country", "country"),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read the location master; each record is one location."""
    del modified_at
    return read_flat(FORMAT, data, file_name)

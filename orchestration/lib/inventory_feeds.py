"""Build the marketplace inventory feeds from the latest channel allocation.

Amazon gets an Inventory Loader "price and quantity" flat file (tab-separated, the
`POST_FLAT_FILE_INVLOADER_DATA` feed); Shopify gets one inventory CSV per warehouse
location with the `Available` quantity. Both name the channel's own SKU, found through
the channel-SKU mapping in the raw layer.
"""

import math
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

AMAZON_HEADER = (
    "sku", "price", "minimum-seller-allowed-price", "maximum-seller-allowed-price",
    "quantity", "handling-time", "fulfillment-channel",
)
# Shopify's inventory CSV as exported with "Only Available quantities". The import
# matches a variant by handle and option values and sets its Available quantity.
SHOPIFY_HEADER = (
    "Handle", "Title", "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value",
    "Option3 Name", "Option3 Value", "SKU", "Location", "Available",
)
PUBLISHED_HEADER = ("published_at", "channel", "channel_sku", "sku", "quantity", "feed_file")
# Name prefix of the record the write-back lands in landing/published_availability/.
PUBLISHED_FILE_PREFIX = "published_"

# The channel SKU each feed must name: Amazon and Walmart listings by seller SKU,
# Shopify variants by SKU.
FEED_IDENTIFIER = {"amazon": "seller_sku", "shopify": "variant_sku", "walmart": "seller_sku"}
# Walmart Marketplace bulk inventory feed (feedType=inventory), JSON spec 1.4: one
# ship node per file, Walmart's default node when none is named.
WALMART_FEED_VERSION = "1.4"
# Amazon's value for a listing the seller ships itself (not FBA), and for one Amazon
# fulfils in North America, whose quantity Amazon counts itself.
MERCHANT_FULFILLED = "DEFAULT"
AMAZON_FULFILLED = "AMAZON_NA"


@dataclass(frozen=True)
class FeedInputs:
    """Everything the feeds are built from, read once from serving.duckdb and the raw layer."""

    snapshot_at: pd.Timestamp | None
    allocation: pd.DataFrame  # sku, channel, allocated, title, handling_days
    channel_skus: pd.DataFrame  # channel, sku, channel_sku
    warehouse_atp: pd.DataFrame  # sku, location_id, location_name, atp
    # Seller SKUs the latest FBA report lists as Amazon-fulfilled only.
    fba_only_skus: frozenset[str] = frozenset()


def read_feed_inputs(serving: Path, channel_skus_dir: Path, fba_inventory_dir: Path | None = None) -> FeedInputs:
    """Read the latest allocation snapshot (read-only) and the current channel-SKU mapping."""
    with duckdb.connect(str(serving), read_only=True) as connection:
        snapshot_at = connection.execute("SELECT max(snapshot_at) FROM fct_channel_allocation").fetchone()[0]
        allocation = connection.execute(
            """
            SELECT a.sku, a.channel, a.allocated, s.title, c.handling_days
            FROM fct_channel_allocation AS a
            LEFT JOIN dim_sku AS s ON s.sku = a.sku
            LEFT JOIN dim_channel AS c ON c.channel = a.channel
            WHERE a.snapshot_at = ?
            ORDER BY a.channel, a.sku
            """,
            [snapshot_at],
        ).df()
        warehouse_atp = connection.execute(
            """
            -- Each warehouse counts with its latest snapshot as a whole, as the
            -- allocation does: a SKU missing from that snapshot has nothing there.
            WITH latest_snapshot AS (
                SELECT location_id, max(snapshot_at) AS snapshot_at
                FROM fct_inventory_positions
                WHERE snapshot_at <= ?
                GROUP BY location_id
            )
            SELECT p.sku, p.location_id, l.name AS location_name,
                   greatest(coalesce(p.atp_h0, 0), 0) AS atp
            FROM fct_inventory_positions AS p
            JOIN latest_snapshot AS latest
                ON latest.location_id = p.location_id AND latest.snapshot_at = p.snapshot_at
            JOIN dim_location AS l ON l.location_id = p.location_id
            WHERE l.location_type = 'warehouse'
            ORDER BY p.sku, p.location_id
            """,
            [snapshot_at],
        ).df()

    return FeedInputs(
        snapshot_at=snapshot_at,
        allocation=allocation,
        channel_skus=read_channel_skus(channel_skus_dir),
        warehouse_atp=warehouse_atp,
        fba_only_skus=read_fba_only_skus(fba_inventory_dir) if fba_inventory_dir else frozenset(),
    )


def read_fba_only_skus(fba_inventory_dir: Path) -> frozenset[str]:
    """Return the seller SKUs whose latest FBA report row has an FBA listing and no merchant listing.

    A quantity sent for such a SKU with fulfilment channel DEFAULT would turn it into a
    merchant-fulfilled offer, so the feed names it AMAZON_NA without a quantity.
    """
    if not any(fba_inventory_dir.glob("*.parquet")):
        return frozenset()
    with duckdb.connect() as connection:
        rows = connection.execute(
            """
            WITH latest AS (
                SELECT sku, afn_listing_exists, mfn_listing_exists, row_number() OVER (
                    PARTITION BY sku ORDER BY snapshot_at DESC, _loaded_at DESC
                ) AS recency
                FROM read_parquet(?, union_by_name = true)
            )
            SELECT sku FROM latest
            WHERE recency = 1 AND afn_listing_exists AND NOT coalesce(mfn_listing_exists, false)
            """,
            [str(fba_inventory_dir / "*.parquet")],
        ).fetchall()
    return frozenset(row[0] for row in rows)


def read_channel_skus(channel_skus_dir: Path) -> pd.DataFrame:
    """Return one channel SKU per canonical SKU and channel, from the latest mapping files.

    A mapping delivered twice keeps its latest load. When a canonical SKU has several
    listings of the feed's identifier type, the first by channel SKU gets the whole
    quantity, because giving each listing the full allocation would over-promise.
    """
    empty = pd.DataFrame({"channel": [], "sku": [], "channel_sku": []}, dtype="object")
    if not any(channel_skus_dir.glob("*.parquet")):
        return empty

    identifier_rows = " UNION ALL ".join(
        f"SELECT '{channel}' AS channel, '{identifier}' AS identifier_type"
        for channel, identifier in FEED_IDENTIFIER.items()
    )
    with duckdb.connect() as connection:
        return connection.execute(
            f"""
            WITH raw AS (
                SELECT channel, channel_sku, identifier_type, sku, row_number() OVER (
                    PARTITION BY channel, channel_sku, identifier_type
                    ORDER BY _loaded_at DESC, _file_name DESC
                ) AS recency
                FROM read_parquet(?, union_by_name = true)
            ),
            feed_identifiers AS ({identifier_rows})
            SELECT raw.channel, raw.sku, min(raw.channel_sku) AS channel_sku
            FROM raw
            JOIN feed_identifiers USING (channel, identifier_type)
            WHERE raw.recency = 1 AND raw.sku IS NOT NULL
            GROUP BY raw.channel, raw.sku
            """,
            [str(channel_skus_dir / "*.parquet")],
        ).df()


def shopify_handle(title: str | None, sku: str) -> str:
    """Derive a Shopify product handle (lowercase words joined by hyphens) from the title."""
    # TODO: take handles from a Shopify products export once one is ingested, because
    # a store whose handles differ from its titles needs them to match its variants.
    words = re.findall(r"[a-z0-9]+", (title or sku).lower())
    return "-".join(words) or sku.lower()


def split_by_weight(quantity: int, weights: list[float]) -> list[int]:
    """Split whole units in proportion to weights, rounding down, remainders to the largest shares.

    The parts always add up to `quantity`. With no positive weight, the first part
    gets everything.
    """
    if not weights:
        return []
    total = sum(weight for weight in weights if weight > 0)
    if total <= 0:
        return [quantity] + [0] * (len(weights) - 1)

    shares = [quantity * max(weight, 0) / total for weight in weights]
    parts = [math.floor(share) for share in shares]
    by_remainder = sorted(range(len(weights)), key=lambda index: (parts[index] - shares[index], index))
    for index in by_remainder[: quantity - sum(parts)]:
        parts[index] += 1
    return parts


def read_policy_status(serving: Path) -> dict[str, str | None]:
    """Return the name, status and error of the allocation policy the allocation was built with."""
    with duckdb.connect(str(serving), read_only=True) as connection:
        row = connection.execute("SELECT policy_name, status, error FROM dim_allocation_policy").fetchone()
    if row is None:
        return {"policy_name": None, "status": "unknown", "error": None}
    return {"policy_name": row[0], "status": row[1], "error": row[2]}

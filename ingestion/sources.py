"""The landing sources: each one's reader and the header that identifies it."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ingestion.readers import (
    amazon_fba_inventory,
    amazon_fba_returns,
    amazon_orders,
    amazon_settlements,
    b2b_orders,
    channel_skus,
    ebay_transactions,
    fx_rates,
    locations,
    products,
    published_availability,
    purchase_orders,
    receipts,
    returns,
    shopify_orders,
    shopify_payments,
    shopify_payouts,
    suppliers,
    walmart_orders,
    walmart_recon,
    wms_snapshots,
)
from ingestion.readers.base import ReadResult
from ingestion.readers.records import CSV, TSV, TextDialect
from ingestion.schemas import RAW_SCHEMAS

Reader = Callable[[bytes, str, datetime | None], ReadResult]
# Returns the value a reader takes from outside the bytes (file name, mtime), or None.
IdentityExtra = Callable[[str, datetime | None], str | None]


@dataclass(frozen=True)
class SourceSpec:
    """A landing source: its folder name, reader, and identifying header columns."""

    name: str
    read: Reader
    dialect: TextDialect
    # A header identifies this source when it contains all of these names.
    identifying_headers: frozenset[str]
    identity_extra: IdentityExtra | None = None
    # True when the header may follow preamble lines (the eBay transaction report).
    allows_preamble: bool = False

    def matches(self, header: list[str]) -> bool:
        """Tell whether a header row belongs to this source's format."""
        return self.identifying_headers <= set(header)

    def missing_headers(self, header: list[str]) -> list[str]:
        """List the identifying header names a header row lacks."""
        return sorted(self.identifying_headers - set(header))

    def file_identity(self, data: bytes, file_name: str, modified_at: datetime | None) -> str:
        """Return the sha256 that identifies a landed file: of its bytes, plus any value read from outside them.

        The FBA inventory report takes its snapshot date from the file name, so
        the same bytes under two dated names are two snapshots, while the same
        bytes under two names with the same date are one.
        """
        digest = hashlib.sha256(data)
        extra = self.identity_extra(file_name, modified_at) if self.identity_extra else None
        if extra is not None:
            digest.update(b"\0" + extra.encode())
        return digest.hexdigest()


def _flat(module) -> SourceSpec:
    file_format = module.FORMAT
    return SourceSpec(
        file_format.source,
        module.read,
        file_format.dialect,
        file_format.identifying_headers,
        getattr(module, "identity_extra", None),
        getattr(module, "ALLOWS_PREAMBLE", False),
    )


SOURCES: dict[str, SourceSpec] = {
    "amazon_settlements": SourceSpec(
        "amazon_settlements", amazon_settlements.read, TSV, amazon_settlements.IDENTIFYING_HEADERS
    ),
    "amazon_orders": _flat(amazon_orders),
    "amazon_fba_inventory": _flat(amazon_fba_inventory),
    "shopify_orders": _flat(shopify_orders),
    "shopify_payments": _flat(shopify_payments),
    "b2b_orders": _flat(b2b_orders),
    "wms_snapshots": _flat(wms_snapshots),
    "products": _flat(products),
    "channel_skus": _flat(channel_skus),
    "locations": _flat(locations),
    "published_availability": _flat(published_availability),
    "suppliers": _flat(suppliers),
    "purchase_orders": _flat(purchase_orders),
    "receipts": _flat(receipts),
    "amazon_fba_returns": _flat(amazon_fba_returns),
    "returns": _flat(returns),
    "walmart_recon": SourceSpec("walmart_recon", walmart_recon.read, CSV, walmart_recon.IDENTIFYING_HEADERS),
    "walmart_orders": _flat(walmart_orders),
    "ebay_transactions": _flat(ebay_transactions),
    "shopify_payouts": _flat(shopify_payouts),
    "fx_rates": _flat(fx_rates),
}

assert set(SOURCES) == set(RAW_SCHEMAS), "every raw schema needs a source and reader"

"""ISO 4217 codes in use, re-exported from `ingestion.currencies`, where the readers check them."""

from ingestion.currencies import KNOWN_CURRENCIES

__all__ = ["KNOWN_CURRENCIES"]

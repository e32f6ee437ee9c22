"""Text for KPI tiles and tables: percentages, money with its currency, unit counts."""

import math

import pandas as pd

MISSING = "n/a"


def _is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_percent(share: float | None) -> str:
    """Format a share in [0, 1] as a percentage with one decimal, e.g. 0.42 as '42.0%'."""
    if _is_missing(share):
        return MISSING
    return f"{share * 100:.1f}%"


def format_money(amount: float | None, currency: str) -> str:
    """Format an amount with thousands separators and its ISO currency code after it."""
    if _is_missing(amount):
        return MISSING
    return f"{amount:,.2f} {currency}"


def format_money_compact(amount: float | None, currency: str) -> str:
    """Format an amount for a KPI tile: millions and thousands shortened from 100,000 up.

    A tile is about 20 characters wide, so "4,197,275.40 USD" would be cut off.
    """
    if _is_missing(amount):
        return MISSING
    if abs(amount) >= 1_000_000:
        return f"{amount / 1_000_000:,.2f} M {currency}".rstrip()
    if abs(amount) >= 100_000:
        return f"{amount / 1_000:,.1f} k {currency}".rstrip()
    return format_money(amount, currency)


def format_units(count: float | None, unit: str = "") -> str:
    """Format a count as a whole number with thousands separators and an optional unit."""
    if _is_missing(count):
        return MISSING
    return f"{count:,.0f} {unit}".rstrip()


def safe_ratio(numerator: float, denominator: float) -> float | None:
    """Divide, returning None for a zero denominator so a tile shows n/a, not 0 %."""
    if not denominator:
        return None
    return numerator / denominator


def as_percentage_points(frame: pd.DataFrame, share_columns: list[str]) -> pd.DataFrame:
    """Return a copy with shares in [0, 1] scaled to percentage points for display.

    Streamlit's "percent" column format drops trailing zeros (40% beside 33.33%),
    so tables show points with a "%.1f%%" format instead. CSV downloads keep shares.
    """
    scaled = frame.copy()
    for column in share_columns:
        scaled[column] = scaled[column] * 100
    return scaled

"""The sidebar filters every page applies: date range, channels and a SKU search."""

import datetime as dt
from dataclasses import dataclass

import duckdb
import streamlit as st

from dashboards import data

# Each mart that carries a date, with the column the date filter applies to.
DATED_MARTS = {
    "fct_orders": "order_date",
    "fct_channel_margin_daily": "order_date",
    "fct_atp_accuracy": "snapshot_date",
    "fct_order_exception_rate": "order_date",
    "fct_settlement_recon": "CAST(settlement_end_at AS DATE)",
    "fct_returns": "return_date",
}

CHANNEL_MARTS = ("dim_channel", *DATED_MARTS)


@dataclass(frozen=True)
class Filters:
    """The sidebar selection; `params()` is the only way its values reach SQL."""

    start: dt.date
    end: dt.date
    channels: tuple[str, ...]
    sku_text: str = ""

    def params(self) -> dict:
        """Return the bound parameters shared by every filtered query."""
        return {
            "start": self.start,
            "end": self.end,
            "channels": list(self.channels),
            "sku_text": self.sku_text.strip().lower(),
        }


# SQL fragments that use only the bound parameters of `Filters.params()`.
CHANNEL_CONDITION = "list_contains($channels, channel)"
SKU_CONDITION = "($sku_text = '' OR contains(lower(sku), $sku_text))"


def date_bounds(conn: duckdb.DuckDBPyConnection, serving: data.ServingFile, tables: frozenset[str]) -> tuple[dt.date, dt.date] | None:
    """Return the first and last date found in the dated marts, or None when all are empty."""
    selects = [
        f"SELECT min({column}) AS first_day, max({column}) AS last_day FROM {table}"
        for table, column in DATED_MARTS.items()
        if table in tables
    ]
    if not selects:
        return None

    sql = f"SELECT min(first_day) AS first_day, max(last_day) AS last_day FROM ({' UNION ALL '.join(selects)})"
    bounds = data.run_query(conn, serving, sql, {})
    first_day, last_day = bounds.iloc[0]["first_day"], bounds.iloc[0]["last_day"]
    if bounds.isna().any(axis=None):
        return None

    return first_day.date(), last_day.date()


def known_channels(conn: duckdb.DuckDBPyConnection, serving: data.ServingFile, tables: frozenset[str]) -> list[str]:
    """Return every channel named in dim_channel or in any dated mart, sorted."""
    selects = [f"SELECT channel FROM {table}" for table in CHANNEL_MARTS if table in tables]
    if not selects:
        return []

    sql = f"SELECT DISTINCT channel FROM ({' UNION ALL '.join(selects)}) WHERE channel IS NOT NULL ORDER BY channel"
    return list(data.run_query(conn, serving, sql, {})["channel"])


def render_sidebar_filters(conn: duckdb.DuckDBPyConnection, serving: data.ServingFile, tables: frozenset[str]) -> Filters | None:
    """Draw the sidebar filters and return the selection; None when no mart has a date yet."""
    bounds = date_bounds(conn, serving, tables)
    if bounds is None:
        return None

    first_day, last_day = bounds
    st.sidebar.header("Filters")
    picked = st.sidebar.date_input(
        "Date range",
        value=(first_day, last_day),
        min_value=first_day,
        max_value=last_day,
        key="filter_dates",
        help="Order date for sales and exceptions, snapshot date for stock accuracy, "
        "settlement end date for settlements.",
    )

    # While a user is picking a range the widget briefly holds only the start day.
    start, end = (picked[0], picked[-1]) if picked else (first_day, last_day)
    channels = known_channels(conn, serving, tables)
    chosen = st.sidebar.multiselect("Channels", channels, default=channels, key="filter_channels")
    sku_text = st.sidebar.text_input(
        "SKU contains",
        key="filter_sku",
        help="Narrows the SKU-level figures (margin, stock accuracy). Order and "
        "settlement figures cover every SKU.",
    )

    return Filters(start=start, end=end, channels=tuple(chosen), sku_text=sku_text)

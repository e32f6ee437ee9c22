"""Returns: disposition cycle time, restock rate and return reasons by channel and SKU."""

import streamlit as st

from dashboards import returns_queries
from dashboards.context import load_page_context
from dashboards.export import download_button
from dashboards.formatting import as_percentage_points, format_percent, format_units
from dashboards.rows import first_row

PERCENT_POINTS = "%.1f%%"

context = load_page_context()
st.title("Returns")
if context.has_table("fct_returns"):
    totals = first_row(context.query(returns_queries.RETURNS_TOTAL))
    tiles = st.columns(4)
    tiles[0].metric("Returns", format_units(totals.get("returns")), border=True)
    tiles[1].metric("Units returned", format_units(totals.get("units")), border=True)
    tiles[2].metric("Restock rate", format_percent(totals.get("restock_rate")), border=True,
                    help="Restocked units ÷ units of returns with a disposition.")
    cycle = totals.get("median_cycle_time_days")
    tiles[3].metric("Median disposition time", "n/a" if cycle is None or cycle != cycle else f"{cycle:.1f} days",
                    border=True, help="Disposition time − time received, over the disposed returns.")

    by_channel = context.query(returns_queries.RETURNS_BY_CHANNEL)
    if by_channel.empty:
        st.info("No return was received in the selected dates, channels and SKUs.")
        st.stop()

    st.subheader("By channel")
    st.dataframe(
        as_percentage_points(by_channel, ["restock_rate"]),
        hide_index=True,
        column_config={
            "channel": "Channel",
            "returns": st.column_config.NumberColumn("Returns", format="%d"),
            "units": st.column_config.NumberColumn("Units", format="%d"),
            "awaiting": st.column_config.NumberColumn("Awaiting disposition", format="%d"),
            "restock_rate": st.column_config.NumberColumn("Restock rate", format=PERCENT_POINTS),
            "mean_cycle_time_days": st.column_config.NumberColumn("Mean disposition time (days)", format="%.1f"),
            "max_cycle_time_days": st.column_config.NumberColumn("Longest (days)", format="%.1f"),
        },
        key="table_returns_channels",
    )
    download_button(by_channel, "returns_by_channel.csv", key="csv_returns_channels")

    st.subheader("Reasons")
    reasons = context.query(returns_queries.RETURN_REASONS)
    st.bar_chart(reasons, x="reason", y="units", color="channel", horizontal=True)
    download_button(reasons, "return_reasons.csv", key="csv_return_reasons")

    st.subheader("By SKU")
    by_sku = context.query(returns_queries.RETURNS_BY_SKU)
    st.dataframe(
        as_percentage_points(by_sku, ["restock_rate"]),
        hide_index=True,
        column_config={
            "restock_rate": st.column_config.NumberColumn("Restock rate", format=PERCENT_POINTS),
            "mean_cycle_time_days": st.column_config.NumberColumn("Mean disposition time (days)", format="%.1f"),
        },
        key="table_returns_skus",
    )
    download_button(by_sku, "returns_by_sku.csv", key="csv_returns_skus")

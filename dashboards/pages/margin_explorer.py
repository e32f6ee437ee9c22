"""Margin explorer: contribution margin by channel, then by SKU of one channel, with its waterfall."""

import streamlit as st

from dashboards import charts, finance_queries
from dashboards.context import PageContext, load_page_context
from dashboards.export import download_button
from dashboards.formatting import as_percentage_points
from dashboards.rows import as_float, first_row

ALL_CHANNELS = "All selected channels"
PERCENT_POINTS = "%.1f%%"


def money_columns(currency: str) -> dict:
    """Return the column settings of a margin table in one currency."""
    money = {
        "net_sales": "Net sales", "cogs": "COGS", "gross_profit": "Gross profit", "fees_referral": "Referral",
        "fees_fulfilment": "Fulfilment", "fees_payment": "Payment", "fees_other": "Other fees",
        "fees_total": "Fees", "contribution_profit": "Contribution profit",
    }
    columns = {name: st.column_config.NumberColumn(f"{label} ({currency})", format="accounting")
               for name, label in money.items()}
    columns["units"] = st.column_config.NumberColumn("Units", format="%d")
    columns["gross_margin"] = st.column_config.NumberColumn("Gross margin", format=PERCENT_POINTS)
    columns["contribution_margin"] = st.column_config.NumberColumn("Contribution margin", format=PERCENT_POINTS)
    return columns


def choose_currency(context: PageContext) -> str | None:
    """Pick the currency of the tables; a margin is never added across currencies."""
    currencies = context.query(finance_queries.MARGIN_CURRENCIES)["currency"].tolist()
    if not currencies:
        return None
    if len(currencies) == 1:
        return currencies[0]
    return st.sidebar.selectbox("Margin currency", currencies, key="filter_margin_currency")


def render_reporting(context: PageContext) -> None:
    """Draw every channel's contribution profit in the reporting currency, across currencies."""
    reporting = context.query(finance_queries.MARGIN_REPORTING)
    if reporting.empty:
        return

    currency = reporting["reporting_currency"].dropna().iloc[0] if reporting["reporting_currency"].notna().any() else ""
    st.caption(f"All currencies converted to {currency} at each order day's FX rate.")
    st.dataframe(
        reporting.drop(columns="reporting_currency"),
        hide_index=True,
        column_config={
            "channel": "Channel",
            "net_sales_reporting": st.column_config.NumberColumn(f"Net sales ({currency})", format="accounting"),
            "contribution_profit_reporting": st.column_config.NumberColumn(
                f"Contribution profit ({currency})", format="accounting"),
            "unconverted_rows": st.column_config.NumberColumn("Rows without an FX rate", format="%d"),
        },
        key="table_margin_reporting",
    )


def render_waterfall(context: PageContext, currency: str, channel: str) -> None:
    """Draw net sales through COGS and each fee to contribution profit, over rows with known COGS."""
    steps_row = first_row(context.query(finance_queries.MARGIN_WATERFALL, currency=currency, channel=channel))
    if not steps_row or steps_row.get("net_sales") is None:
        st.info("No contribution margin to draw: COGS is unknown for every sale in the selection.")
        return

    steps = [
        ("Net sales", as_float(steps_row["net_sales"])),
        ("COGS", -as_float(steps_row["cogs"])),
        ("Referral", -as_float(steps_row["fees_referral"])),
        ("Fulfilment", -as_float(steps_row["fees_fulfilment"])),
        ("Payment", -as_float(steps_row["fees_payment"])),
        ("Other fees", -as_float(steps_row["fees_other"])),
    ]
    title = f"Contribution margin, {channel or 'all channels'} ({currency})"
    st.plotly_chart(charts.waterfall(steps, "Contribution", title, currency), key="chart_margin_waterfall")


context = load_page_context()
st.title("Margin explorer")
if context.has_table("fct_channel_margin_daily"):
    currency = choose_currency(context)
    if currency is None:
        st.info("No sales in the selected dates, channels and SKUs.")
        st.stop()

    st.subheader(f"By channel ({currency})")
    by_channel = context.query(finance_queries.MARGIN_BY_CHANNEL, currency=currency)
    st.dataframe(as_percentage_points(by_channel, ["gross_margin", "contribution_margin"]), hide_index=True,
                 column_config={"channel": "Channel", **money_columns(currency)}, key="table_margin_channels")
    download_button(by_channel.assign(currency=currency), f"margin_by_channel_{currency}.csv", key="csv_margin_channels")
    render_reporting(context)

    picked = st.selectbox("Drill down into", [ALL_CHANNELS, *by_channel["channel"].tolist()], key="drill_channel")
    channel = "" if picked == ALL_CHANNELS else picked
    render_waterfall(context, currency, channel)
    if channel:
        st.subheader(f"SKUs on {channel} ({currency})")
        by_sku = context.query(finance_queries.MARGIN_BY_SKU, currency=currency, channel=channel)
        st.dataframe(as_percentage_points(by_sku, ["gross_margin", "contribution_margin"]), hide_index=True,
                     column_config={"sku": "SKU", **money_columns(currency)}, key="table_margin_skus")
        download_button(by_sku.assign(channel=channel, currency=currency), f"margin_{channel}_{currency}_by_sku.csv",
                        key="csv_margin_skus")

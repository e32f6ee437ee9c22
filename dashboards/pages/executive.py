"""Executive overview: margin, stock accuracy, order exceptions and settlements at a glance."""

import datetime as dt

import pandas as pd
import streamlit as st

from dashboards import charts, queries
from dashboards.context import PageContext, load_page_context
from dashboards.export import download_button
from dashboards.formatting import (
    as_percentage_points,
    format_money_compact,
    format_percent,
    format_units,
    safe_ratio,
)

# Tables show shares as percentage points with one decimal (see as_percentage_points).
PERCENT_POINTS = "%.1f%%"


def choose_period(start: dt.date, end: dt.date) -> str:
    """Pick the trend's time bucket so a chart shows tens of points, not hundreds."""
    days = (end - start).days + 1
    if days <= 31:
        return "day"
    if days <= 184:
        return "week"
    return "month"


def choose_currency(context: PageContext) -> str | None:
    """Offer a currency selector when the selection contains sales in several currencies."""
    if not context.can_read("fct_channel_margin_daily"):
        return None

    currencies = context.query(queries.MARGIN_CURRENCIES)["currency"].tolist()
    if not currencies:
        return None
    if len(currencies) == 1:
        st.sidebar.caption(f"All sales in the selection are in {currencies[0]}.")
        return currencies[0]

    return st.sidebar.selectbox(
        "Currency",
        currencies,
        key="filter_currency",
        help="Money in different currencies is never added together, so margins are shown for one currency at a time.",
    )


def first_row(frame: pd.DataFrame) -> dict:
    """Return the only row of an aggregate query as a dict, or {} when it returned none."""
    return frame.iloc[0].to_dict() if len(frame) else {}


def render_kpis(context: PageContext, currency: str | None) -> None:
    """Draw the KPI tiles: money for the chosen currency, shares and counts for all."""
    margin = {}
    if currency and context.can_read("fct_channel_margin_daily"):
        margin = first_row(context.query(queries.MARGIN_TOTAL, currency=currency))

    atp = first_row(context.query(queries.ATP_TOTAL)) if context.can_read("fct_atp_accuracy") else {}

    orders = pd.DataFrame()
    if "fct_orders" in context.tables:
        orders = context.query(queries.ORDERS_BY_CHANNEL)

    settlements = pd.DataFrame()
    if "fct_settlement_recon" in context.tables:
        settlements = context.query(queries.SETTLEMENTS)

    top = st.columns(4)
    top[0].metric("Net sales", format_money_compact(margin.get("net_sales"), currency or ""), border=True,
                  help="Item price − promotions − refunded principal, in the selected currency.")
    top[1].metric("Gross margin", format_percent(margin.get("gross_margin")), border=True,
                  help="(Net sales − COGS) ÷ net sales, over the whole selection.")
    top[2].metric("Contribution margin", format_percent(margin.get("contribution_margin")), border=True,
                  help="(Gross profit − fees − shipping − payment and return costs) ÷ net sales.")
    exception_rate = safe_ratio(orders["orders_with_exception"].sum(), orders["orders"].sum()) if len(orders) else None
    top[3].metric("Order exception rate", format_percent(exception_rate), border=True,
                  help="Orders with at least one exception ÷ orders.")

    bottom = st.columns(4)
    bottom[0].metric("ATP accuracy", format_percent(atp.get("accuracy")), border=True,
                     help="Share of SKU × channel × snapshot observations published within max(1 unit, 2 %) of true channel ATP.")
    bottom[1].metric("Over-promise share", format_percent(atp.get("over_promise_share")), border=True,
                     help="Share of observations where the published quantity exceeded the true channel ATP.")
    bottom[2].metric("Oversell exposure", format_units(atp.get("oversell_units"), "units"), border=True,
                     help="Σ max(0, published − true channel ATP) over all observations.")
    reconciled = int(settlements["is_reconciled"].sum()) if len(settlements) else 0
    bottom[3].metric("Settlements reconciled", f"{reconciled} of {len(settlements)}", border=True,
                     help="Settlements whose summary total equals the sum of their lines.")

    coverage = margin.get("cogs_coverage")
    if coverage is not None and coverage < 1:
        st.warning(
            f"COGS is known for {format_percent(coverage)} of net sales. The rest comes from unmapped SKUs "
            "or SKUs with no unit cost, so the margins above cover only the sales whose COGS is known."
        )


def render_margin_trends(trend: pd.DataFrame, currency: str, period: str) -> None:
    """Draw gross and contribution margin per channel over time, side by side."""
    left, right = st.columns(2)
    left.plotly_chart(
        charts.margin_trend(trend, "gross_margin", f"Gross margin by {period} ({currency})", period),
        key="chart_gross_margin",
    )
    right.plotly_chart(
        charts.margin_trend(trend, "contribution_margin", f"Contribution margin by {period} ({currency})", period),
        key="chart_contribution_margin",
    )


def render_margin(context: PageContext, currency: str | None) -> None:
    """Draw gross and contribution margin by channel over time, and the channel table."""
    st.subheader("Margin by channel")
    if not context.has_table("fct_channel_margin_daily"):
        return
    if currency is None:
        st.info("No sales in the selected dates, channels and SKUs.")
        return

    period = choose_period(context.filters.start, context.filters.end)
    trend = context.query(queries.MARGIN_TREND, currency=currency, period=period)
    if trend["gross_margin"].isna().all() and trend["contribution_margin"].isna().all():
        st.info("No margin to chart: COGS is unknown for every sale in the selection.")
    else:
        render_margin_trends(trend, currency, period)

    by_channel = context.query(queries.MARGIN_BY_CHANNEL, currency=currency)
    st.plotly_chart(charts.net_sales_by_channel(by_channel, currency), key="chart_net_sales")
    st.dataframe(
        as_percentage_points(by_channel, ["gross_margin", "contribution_margin", "cogs_coverage"]),
        hide_index=True,
        column_config={
            "channel": "Channel",
            "units": st.column_config.NumberColumn("Units", format="%d"),
            "net_sales": st.column_config.NumberColumn(f"Net sales ({currency})", format="accounting"),
            "cogs": st.column_config.NumberColumn(f"COGS ({currency})", format="accounting"),
            "gross_profit": st.column_config.NumberColumn(f"Gross profit ({currency})", format="accounting"),
            "fees_total": st.column_config.NumberColumn(f"Fees ({currency})", format="accounting"),
            "contribution_profit": st.column_config.NumberColumn(f"Contribution profit ({currency})", format="accounting"),
            "gross_margin": st.column_config.NumberColumn("Gross margin", format=PERCENT_POINTS),
            "contribution_margin": st.column_config.NumberColumn("Contribution margin", format=PERCENT_POINTS),
            "cogs_coverage": st.column_config.NumberColumn("Net sales with known COGS", format=PERCENT_POINTS),
        },
        key="table_margin",
    )
    download_button(by_channel.assign(currency=currency), f"margin_by_channel_{currency}.csv", key="csv_margin")


def render_atp(context: PageContext) -> None:
    """Draw ATP accuracy per channel with over- and under-promise shares and oversell."""
    st.subheader("Stock accuracy (ATP)")
    if not context.has_table("fct_atp_accuracy"):
        return

    atp = context.query(queries.ATP_BY_CHANNEL)
    if atp.empty:
        st.info("No published availability was measured in the selected dates, channels and SKUs.")
        return

    st.plotly_chart(charts.atp_outcomes_by_channel(atp), key="chart_atp")
    st.dataframe(
        as_percentage_points(atp, ["accuracy", "over_promise_share", "under_promise_share"]),
        hide_index=True,
        column_config={
            "channel": "Channel",
            "observations": st.column_config.NumberColumn("Observations", format="%d"),
            "within_tolerance": st.column_config.NumberColumn("Within tolerance", format="%d"),
            "over_promise": st.column_config.NumberColumn("Over-promised", format="%d"),
            "under_promise": st.column_config.NumberColumn("Under-promised", format="%d"),
            "false_zero": st.column_config.NumberColumn("False zeroes", format="%d"),
            "oversell_units": st.column_config.NumberColumn("Oversell exposure (units)", format="%d"),
            "accuracy": st.column_config.NumberColumn("Accuracy", format=PERCENT_POINTS),
            "over_promise_share": st.column_config.NumberColumn("Over-promise share", format=PERCENT_POINTS),
            "under_promise_share": st.column_config.NumberColumn("Under-promise share", format=PERCENT_POINTS),
        },
        key="table_atp",
    )
    download_button(atp, "atp_accuracy_by_channel.csv", key="csv_atp")


def render_exceptions(context: PageContext) -> None:
    """Draw the order exception rate by channel and by type, and the open queue size."""
    st.subheader("Order exceptions")
    if not (context.has_table("fct_orders") and context.has_table("fct_order_exception_rate")):
        return

    orders = context.query(queries.ORDERS_BY_CHANNEL)
    if orders.empty:
        st.info("No orders in the selected dates and channels.")
        return

    if "fct_order_exceptions" in context.tables:
        queue = first_row(context.query(queries.OPEN_EXCEPTIONS))
        st.caption(
            f"{format_units(queue.get('open_exceptions'))} exceptions opened in the selected dates are still open; "
            f"the oldest is {format_units(queue.get('oldest_open_age_days'))} days old. "
            "The Exception queue page lists them."
        )

    by_type = context.query(queries.EXCEPTION_RATE_BY_TYPE)
    left, right = st.columns([3, 2])
    if by_type.empty:
        left.success("No order in the selection has an exception.")
    else:
        left.plotly_chart(charts.exception_rate_by_type(by_type), key="chart_exceptions")

    right.dataframe(
        as_percentage_points(orders, ["exception_rate"]),
        hide_index=True,
        column_config={
            "channel": "Channel",
            "orders": st.column_config.NumberColumn("Orders", format="%d"),
            "orders_with_exception": st.column_config.NumberColumn("With an exception", format="%d"),
            "exception_rate": st.column_config.NumberColumn("Exception rate", format=PERCENT_POINTS),
        },
        key="table_exception_rate",
    )
    download_button(orders, "order_exception_rate_by_channel.csv", key="csv_exception_rate", label="Download CSV: by channel")
    if not by_type.empty:
        download_button(by_type, "order_exception_rate_by_type.csv", key="csv_exception_types", label="Download CSV: by type")


def render_settlements(context: PageContext) -> None:
    """Draw each settlement's reconciliation status, unreconciled ones first."""
    st.subheader("Settlement reconciliation")
    if not context.has_table("fct_settlement_recon"):
        return

    settlements = context.query(queries.SETTLEMENTS)
    if settlements.empty:
        st.info("No settlement ended in the selected dates and channels.")
        return

    st.caption("Amounts are in each settlement's own currency. Variance = expected net proceeds − settled amount.")
    st.dataframe(
        settlements,
        hide_index=True,
        column_config={
            "channel": "Channel",
            "settlement_id": "Settlement",
            "currency": "Currency",
            "settlement_start": st.column_config.DateColumn("Start"),
            "settlement_end": st.column_config.DateColumn("End"),
            "deposit_date": st.column_config.DateColumn("Deposit"),
            "summary_total": st.column_config.NumberColumn("Summary total", format="accounting"),
            "line_total": st.column_config.NumberColumn("Sum of lines", format="accounting"),
            "difference": st.column_config.NumberColumn("Difference", format="accounting"),
            "line_count": st.column_config.NumberColumn("Lines", format="%d"),
            "is_reconciled": st.column_config.CheckboxColumn("Reconciled"),
            "expected_total": st.column_config.NumberColumn("Expected", format="accounting"),
            "variance": st.column_config.NumberColumn("Variance", format="accounting"),
            "variance_timing": st.column_config.NumberColumn("Timing", format="accounting"),
            "variance_fee_rate": st.column_config.NumberColumn("Fee rate", format="accounting"),
            "variance_missing_reimbursement": st.column_config.NumberColumn("Missing reimbursement", format="accounting"),
        },
        key="table_settlements",
    )
    download_button(settlements, "settlement_reconciliation.csv", key="csv_settlements")


context = load_page_context()
st.title("Executive overview")
st.caption(
    f"{context.filters.start:%d %b %Y} to {context.filters.end:%d %b %Y} · "
    f"channels: {', '.join(context.filters.channels)} · "
    f"data published {dt.datetime.fromtimestamp(context.serving.mtime_ns / 1e9):%d %b %Y %H:%M}"
)
selected_currency = choose_currency(context)
render_kpis(context, selected_currency)
render_margin(context, selected_currency)
render_atp(context)
render_exceptions(context)
render_settlements(context)

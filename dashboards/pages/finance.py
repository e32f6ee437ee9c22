"""Finance: settlements with their reconciliation state, the variance waterfall and fees by bucket."""

import streamlit as st

from dashboards import charts, finance_queries
from dashboards.context import PageContext, load_page_context
from dashboards.rows import as_float, first_row
from dashboards.export import download_button
from dashboards.formatting import format_money_compact, format_units

STATE_LABELS = {"reconciled": "Reconciled", "mismatch": "Lines ≠ total", "no summary": "No summary row"}


def choose_settlement_currency(context: PageContext) -> str | None:
    """Offer the currencies of the selected settlements; amounts are shown for one at a time."""
    currencies = context.query(finance_queries.SETTLEMENT_CURRENCIES)["currency"].tolist()
    if not currencies:
        return None
    if len(currencies) == 1:
        return currencies[0]

    return st.sidebar.selectbox(
        "Settlement currency",
        currencies,
        key="filter_settlement_currency",
        help="The waterfall and the fees are in one currency at a time; amounts are never added across currencies.",
    )


def render_kpis(context: PageContext) -> None:
    """Draw the settlement counts and the totals converted to the reporting currency."""
    totals = first_row(context.query(finance_queries.SETTLEMENT_TOTALS))
    reporting = totals.get("reporting_currency") or ""
    tiles = st.columns(4)
    tiles[0].metric("Settlements reconciled", f"{format_units(totals.get('reconciled'))} of "
                    f"{format_units(totals.get('settlements'))}", border=True,
                    help="Settlements whose stated total equals the sum of their lines (within 0.005).")
    tiles[1].metric(f"Settled ({reporting})", format_money_compact(totals.get("settled_reporting"), reporting),
                    border=True, help="Stated totals converted at each settlement's deposit-day FX rate.")
    tiles[2].metric(f"Variance ({reporting})", format_money_compact(totals.get("variance_reporting"), reporting),
                    border=True, help="Expected net proceeds − settled, converted at each settlement's FX rate.")
    tiles[3].metric("Unmapped fee lines", format_units(totals.get("unmapped_fee_lines")), border=True,
                    help="Settlement amounts whose type the fee_buckets seed does not know.")
    if totals.get("unconverted"):
        st.warning(f"{format_units(totals['unconverted'])} settlements have no FX rate for their day, "
                   "so the converted totals above leave them out. Land fx_rates for those days.")


def render_settlements(context: PageContext) -> None:
    """Draw every settlement with its state, unreconciled first."""
    st.subheader("Settlements")
    settlements = context.query(finance_queries.SETTLEMENTS)
    if settlements.empty:
        st.info("No settlement ended in the selected dates and channels.")
        return

    labelled = settlements.assign(state=settlements["state"].map(STATE_LABELS))
    st.caption("Amounts are in each settlement's own currency. Variance = expected net proceeds − settled amount.")
    st.dataframe(
        labelled,
        hide_index=True,
        column_config={
            "channel": "Channel",
            "settlement_id": "Settlement",
            "currency": "Currency",
            "state": "State",
            "settlement_date": st.column_config.DateColumn("Date"),
            "summary_total": st.column_config.NumberColumn("Stated total", format="accounting"),
            "line_total": st.column_config.NumberColumn("Sum of lines", format="accounting"),
            "difference": st.column_config.NumberColumn("Difference", format="accounting"),
            "expected_total": st.column_config.NumberColumn("Expected", format="accounting"),
            "variance": st.column_config.NumberColumn("Variance", format="accounting"),
            "variance_timing": st.column_config.NumberColumn("Timing", format="accounting"),
            "variance_fee_rate": st.column_config.NumberColumn("Fee rate", format="accounting"),
            "variance_missing_reimbursement": st.column_config.NumberColumn("Missing reimbursement", format="accounting"),
            "unmapped_fee_lines": st.column_config.NumberColumn("Unmapped fees", format="%d"),
            "summary_total_reporting": st.column_config.NumberColumn("Stated total (reporting)", format="accounting"),
        },
        key="table_finance_settlements",
    )
    download_button(settlements, "settlements.csv", key="csv_finance_settlements")


def render_variance(context: PageContext, currency: str) -> None:
    """Draw the walk from the settled lines to the expected net proceeds in one currency."""
    parts = first_row(context.query(finance_queries.VARIANCE_PARTS, currency=currency))
    if not parts:
        return

    steps = [
        ("Settled", as_float(parts["settled"])),
        ("Timing", as_float(parts["timing"])),
        ("Fee rate", as_float(parts["fee_rate"])),
        ("Missing reimbursement", as_float(parts["missing_reimbursement"])),
    ]
    st.plotly_chart(
        charts.waterfall(steps, "Expected", f"Settled to expected net proceeds ({currency})", currency),
        key="chart_variance_waterfall",
    )


def render_order_variance(context: PageContext) -> None:
    """List the orders behind the variance, so a fee-rate or missing-reimbursement claim names its order."""
    if "fct_settlement_order_variance" not in context.tables:
        return

    orders = context.query(finance_queries.ORDER_VARIANCE)
    if orders.empty:
        return

    st.subheader("Orders behind the variance")
    st.dataframe(orders, hide_index=True, key="table_order_variance", column_config={
        name: st.column_config.NumberColumn(label, format="accounting")
        for name, label in [("variance", "Variance"), ("variance_timing", "Timing"), ("variance_fee_rate", "Fee rate"),
                            ("variance_missing_reimbursement", "Missing reimbursement")]
    })
    download_button(orders, "settlement_variance_by_order.csv", key="csv_order_variance")


def render_fees(context: PageContext, currency: str) -> None:
    """Draw settled fees per channel and bucket in one currency."""
    fees = context.query(finance_queries.FEES_BY_BUCKET, currency=currency)
    if fees.empty:
        st.info(f"No fees in {currency} were posted in the selected dates and channels.")
        return

    st.plotly_chart(charts.fees_by_bucket(fees, currency), key="chart_fees_by_bucket")
    download_button(fees.assign(currency=currency), f"fees_by_bucket_{currency}.csv", key="csv_fees")


def render_unmapped(context: PageContext) -> None:
    """List the settlement amounts the fee taxonomy does not know, with a line to look at."""
    st.subheader("Unmapped fees")
    unmapped = context.query(finance_queries.UNMAPPED_FEES)
    if unmapped.empty:
        st.success("Every settlement amount maps to a fee bucket.")
        return

    st.warning(
        f"{format_units(unmapped['lines'].sum())} settlement amounts have a type that the fee_buckets seed does not "
        "know. They are not booked as 'other': add a row for each kind to dbt_project/seeds/fee_buckets.csv."
    )
    st.dataframe(
        unmapped,
        hide_index=True,
        column_config={
            "amount": st.column_config.NumberColumn("Amount", format="accounting"),
            "lines": st.column_config.NumberColumn("Lines", format="%d"),
            "example_line": st.column_config.NumberColumn("Example line", format="%d"),
        },
        key="table_unmapped_fees",
    )
    download_button(unmapped, "unmapped_fees.csv", key="csv_unmapped_fees")


context = load_page_context()
st.title("Finance")
if context.has_table("fct_settlement_recon") and context.has_table("fct_settlement_lines"):
    render_kpis(context)
    render_settlements(context)
    currency = choose_settlement_currency(context)
    if currency is not None:
        st.subheader(f"Variance and fees ({currency})")
        left, right = st.columns(2)
        with left:
            render_variance(context, currency)
        with right:
            render_fees(context, currency)
    render_order_variance(context)
    render_unmapped(context)

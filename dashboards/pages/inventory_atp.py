"""Inventory & ATP: stock by location and state, ATP and allocation by channel, accuracy, replay."""

import pandas as pd
import streamlit as st

from dashboards import charts
from dashboards import inventory_queries as q
from dashboards.context import load_page_context
from ingestion.allocation.policy import DEFAULT_POLICY, PolicyError, load_policy
from ingestion.allocation.replay import ReplayInputs, compare
from ingestion.allocation.replay_inputs import DEMAND, MARGIN_RANK, POOLS

# The policy files a planner can replay: the one in force and the examples beside it.
POLICY_FILES = [DEFAULT_POLICY, *sorted((DEFAULT_POLICY.parent / "policies").glob("*.yml"))]

context = load_page_context()
st.title("Inventory & ATP")

if context.has_table("dim_allocation_policy"):
    status = context.query(q.POLICY_STATUS)
    if not status.empty and status.at[0, "status"] != "valid":
        st.error(
            f"The allocation policy file {status.at[0, 'requested_path']} is invalid, so the last valid policy "
            f"'{status.at[0, 'policy_name']}' is still in force. {status.at[0, 'error']}"
        )
    elif not status.empty:
        st.caption(f"Allocation policy in force: **{status.at[0, 'policy_name']}** ({status.at[0, 'channels']}).")

st.subheader("Positions by location and state")
if context.has_table("fct_inventory_positions"):
    positions = context.query(q.POSITIONS_BY_LOCATION)
    if positions.empty:
        st.info("No inventory snapshot on or before the selected end date.")
    else:
        st.plotly_chart(charts.positions_by_state(positions), width="stretch")
        st.dataframe(positions, hide_index=True)

st.subheader("ATP and allocation by channel")
day = None
if context.has_table("fct_channel_allocation"):
    day = context.query(q.LATEST_ALLOCATION_DAY).at[0, "snapshot_date"]
    if pd.isna(day):
        st.info("No allocation on or before the selected end date.")
        day = None
    else:
        st.caption(f"Allocation of {day}, the latest day on or before the selected end date.")
        st.dataframe(context.query(q.ATP_BY_CHANNEL, day=day), hide_index=True)

st.subheader("ATP accuracy")
if context.has_table("fct_atp_accuracy"):
    trend = context.query(q.ACCURACY_TREND)
    if trend.empty:
        st.info("No published availability was measured in the selected dates.")
    else:
        st.plotly_chart(charts.accuracy_trend(trend), width="stretch")
        st.markdown("**SKUs most over-promised**")
        st.dataframe(context.query(q.MOST_OVER_PROMISED), hide_index=True)

st.subheader("Allocation and its reasons")
if day is not None:
    reasons = context.query(q.ALLOCATION_REASONS, day=day)
    st.caption("Up to 500 rows; narrow them with the SKU search in the sidebar.")
    st.dataframe(reasons, hide_index=True)

st.subheader("Policy replay")
if context.has_table("fct_channel_allocation") and context.has_table("fct_order_lines"):
    names = [path.name if path == DEFAULT_POLICY else f"policies/{path.name}" for path in POLICY_FILES]
    left, right, days_column = st.columns([2, 2, 1])
    first = left.selectbox("Policy A", names, index=0, key="replay_policy_a")
    second = right.selectbox("Policy B", names, index=min(1, len(names) - 1), key="replay_policy_b")
    days = days_column.number_input("Days", min_value=1, max_value=365, value=30, step=1, key="replay_days")
    try:
        policies = [load_policy(POLICY_FILES[names.index(name)]) for name in dict.fromkeys([first, second])]
    except PolicyError as error:
        st.error(str(error))
        st.stop()

    inputs = ReplayInputs(
        context.query(POOLS, days=int(days)),
        context.query(DEMAND, days=int(days)),
        context.query(MARGIN_RANK)["channel"].tolist(),
    )
    comparison = compare(inputs, policies)
    if comparison.empty:
        st.info("No allocation days to replay.")
    else:
        st.caption(
            "Sold = min(ordered, listed). Lost to buffers and caps = units in the channel's pool that the "
            "policy held back. Oversold units become seller cancellations; the cancellation rate counts "
            "units, an estimate of the order-level rate the marketplaces measure. Ring fences are replayed "
            "whole, because the serving data holds no B2B account service."
        )
        st.plotly_chart(charts.replay_comparison(comparison), width="stretch")
        st.dataframe(comparison, hide_index=True, column_config={
            "cancellation_rate": st.column_config.NumberColumn("Cancellation rate", format="percent"),
            "cancellation_limit": st.column_config.NumberColumn("Limit", format="percent"),
        })

"""Exception queue: every order exception in the selection, open ones first, oldest first."""

import streamlit as st

from dashboards.context import load_page_context
from dashboards.export import download_button
from dashboards.filters import CHANNEL_CONDITION

QUEUE = f"""
SELECT
    exception_id,
    channel,
    order_id,
    order_line_id,
    exception_type,
    detail,
    opened_at,
    resolved_at,
    is_open,
    age_days
FROM fct_order_exceptions
WHERE CAST(opened_at AS DATE) BETWEEN $start AND $end
    AND {CHANNEL_CONDITION}
    AND ($include_resolved OR is_open)
    AND ($order_text = '' OR contains(lower(order_id), $order_text))
ORDER BY is_open DESC, age_days DESC, opened_at, exception_id
"""

context = load_page_context()
st.title("Exception queue")
if not context.has_table("fct_order_exceptions"):
    st.stop()

search_column, toggle_column = st.columns([3, 1])
order_text = search_column.text_input("Order ID contains", key="queue_order_search")
include_resolved = toggle_column.toggle("Include resolved", key="queue_include_resolved")
queue = context.query(QUEUE, order_text=order_text.strip().lower(), include_resolved=include_resolved)

if queue.empty:
    st.info("No exceptions match the selected dates, channels and search.")
    st.stop()

st.caption(
    f"{int(queue['is_open'].sum())} open and {int((~queue['is_open']).sum())} resolved exceptions shown, "
    "by the day each was opened."
)
st.dataframe(
    queue,
    hide_index=True,
    column_config={
        "exception_id": "Exception",
        "channel": "Channel",
        "order_id": "Order",
        "order_line_id": "Order line",
        "exception_type": "Type",
        "detail": "Detail",
        "opened_at": st.column_config.DatetimeColumn("Opened", format="YYYY-MM-DD HH:mm"),
        "resolved_at": st.column_config.DatetimeColumn("Resolved", format="YYYY-MM-DD HH:mm"),
        "is_open": st.column_config.CheckboxColumn("Open"),
        "age_days": st.column_config.NumberColumn("Age (days)", format="%d"),
    },
    key="table_queue",
)
download_button(queue, "exception_queue.csv", key="csv_queue")

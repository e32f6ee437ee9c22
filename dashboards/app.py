"""The marketops dashboards: run with `streamlit run dashboards/app.py`."""

import logging

import streamlit as st

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

st.set_page_config(page_title="marketops", page_icon=":material/storefront:", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/executive.py", title="Executive overview", icon=":material/monitoring:", default=True),
        st.Page("pages/exception_queue.py", title="Exception queue", icon=":material/report:"),
        st.Page("pages/finance.py", title="Finance", icon=":material/account_balance:"),
        st.Page("pages/margin_explorer.py", title="Margin explorer", icon=":material/query_stats:"),
        st.Page("pages/returns.py", title="Returns", icon=":material/assignment_return:"),
        st.Page("pages/planner.py", title="Replenishment planner", icon=":material/local_shipping:"),
        st.Page("pages/inventory_atp.py", title="Inventory & ATP", icon=":material/inventory_2:"),
    ]
)
navigation.run()

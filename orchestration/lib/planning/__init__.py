"""The planner's workflow: roles, the append-only audit log, decisions and PO drafts.

Nothing here defines Dagster assets or imports Streamlit, so the Planner page and
the `purchase_order_drafts` asset share the same rules.
"""

"""Planner: review the replenishment proposals, change quantities, approve or reject, and see the audit log.

Approving records the decision in the append-only audit log under the data root and
launches the `purchase_order_drafts` job through Dagster's GraphQL API. What a user may
do comes from the roles file for the user the server identified, checked again when
the decision is recorded.
"""

import logging
from decimal import Decimal

import pandas as pd
import streamlit as st

from dashboards import data
from dashboards.identity import current_user
from dashboards.planner_queries import BACKTEST, PROPOSALS
from ingestion.paths import DataPaths
from orchestration.lib.planning.audit_log import AuditLog, AuditLogError
from orchestration.lib.planning.decisions import DecisionRejected, PlanLine, decide, line_states
from orchestration.lib.planning.launch import dagster_url, launch_drafts_run
from orchestration.lib.planning.roles import Role, RolesFileError, load_roles

logger = logging.getLogger(__name__)

st.title("Replenishment planner")
paths = DataPaths.from_env()
log = AuditLog.in_folder(paths.decisions)

serving = data.locate_serving()
if serving is None:
    st.info(f"The pipeline has not run yet: there is no serving.duckdb in {paths.root}. Run `make pipeline`.")
    st.stop()

try:
    roles = load_roles(paths)
except RolesFileError as error:
    st.error(f"The roles file is invalid, so nobody can decide until it is fixed: {error}")
    st.stop()

user = current_user()
role = roles.role_of(user)
thresholds = ", ".join(f"{amount:,} {currency}" for currency, amount in sorted(roles.thresholds.items())) or "none set"
st.caption(f"Signed in as **{user}** with the **{role.name.lower()}** role ({roles.source}). "
           f"Lines above the approval threshold ({thresholds}) need an approver.")

try:
    conn = data.connect(serving)
    tables = data.list_tables(conn, serving)
except data.ServingError as error:
    st.error(f"{error}. Rerun `make pipeline` to publish a new serving.duckdb.")
    st.stop()

if "fct_replenishment_plan" not in tables:
    st.warning("`fct_replenishment_plan` is missing from serving.duckdb. Rerun `make pipeline`.")
    st.stop()

show_all = st.toggle("Show SKUs without a proposal", key="planner_show_all")
plan = data.run_query(conn, serving, PROPOSALS, {"show_all": show_all})
states = line_states(log.entries())


def line_of(row: pd.Series) -> PlanLine:
    return PlanLine(
        plan_date=str(row["plan_date"])[:10], sku=row["sku"], location_id=row["location_id"],
        supplier_id=row["supplier_id"], currency=row["currency"],
        unit_cost=None if pd.isna(row["unit_cost"]) else Decimal(str(row["unit_cost"])),
        case_pack=int(row["case_pack"]), moq=int(row["moq"]), proposed_quantity=int(row["order_quantity"]),
    )


def decision_text(key: str) -> str:
    state = states.get(key)
    if state is None:
        return "open"
    text = f"{state['action']}d {state['quantity_after']} by {state['user']}"
    return text + (f", drafted in {state['drafted_file']}" if state.get("drafted_file") else "")


def record_decision(line: PlanLine, action: str, quantity: int, why: str) -> tuple[str, str]:
    """Record a decision and launch the drafts run after an approval; return the message level and text."""
    try:
        decide(log, roles, user, line, action, quantity, why)
    except DecisionRejected as error:
        return "error", f"Not recorded: {error}."

    if action == "reject":
        return "success", f"Rejected {line.sku} at {line.location_id}."

    launched = launch_drafts_run(dagster_url(), tags={"marketops/approved_by": user, "marketops/line": line.key})
    if launched.run_id:
        return "success", (f"Approved {quantity} of {line.sku}. Dagster run {launched.run_id} is writing the PO "
                           "draft to outbox/purchase_orders/.")
    return "warning", (f"Approved {quantity} of {line.sku}, and the approval is saved. Dagster is not reachable at "
                       f"{launched.url} ({launched.error}), so no PO draft was written yet: start Dagster and "
                       "materialize `purchase_order_drafts`, or wait for the next pipeline run.")


# Only these message functions may show an outcome, so a value planted in the session
# state cannot make the page call any other Streamlit function.
OUTCOME_MESSAGES = {"success": st.success, "warning": st.warning, "error": st.error}
outcome = st.session_state.pop("planner_outcome", None)
if isinstance(outcome, tuple) and len(outcome) == 2 and outcome[0] in OUTCOME_MESSAGES:
    level, text = outcome
    OUTCOME_MESSAGES[level](str(text))
elif outcome is not None:
    logger.warning("ignored a planner outcome that is not a (level, text) message: %r", outcome)

if plan.empty:
    st.info("No SKU needs an order today: every inventory position is above its reorder point.")
else:
    plan["decision"] = [decision_text(f"{str(r.plan_date)[:10]}|{r.sku}|{r.location_id}") for r in plan.itertuples()]
    st.dataframe(plan, hide_index=True, key="planner_proposals")

proposals = plan[plan["plan_status"] == "order"] if not plan.empty else plan
if role < Role.PLANNER:
    st.info(f"The {role.name.lower()} role can review proposals but not decide. Ask for the planner role in the roles file.")
elif not proposals.empty:
    st.subheader("Decide a line")
    labels = [f"{r.sku} at {r.location_id} from {r.supplier_id}" for r in proposals.itertuples()]
    chosen = st.selectbox("Line", range(len(labels)), format_func=labels.__getitem__, key="planner_line")
    line = line_of(proposals.iloc[chosen])
    state = states.get(line.key)
    quantity = st.number_input("Quantity", min_value=0, step=line.case_pack, key=f"planner_quantity_{line.key}",
                               value=state["quantity_after"] if state else line.proposed_quantity)
    why = st.text_input("Why (required to change the quantity or reject)", key="planner_why")
    approve_column, reject_column = st.columns(2)
    action = None
    if approve_column.button("Approve", type="primary", key="planner_approve"):
        action = "approve"
    if reject_column.button("Reject", key="planner_reject"):
        action = "reject"

    if action is not None:
        # The outcome is shown after a rerun, so the table and audit log below include the decision.
        st.session_state["planner_outcome"] = record_decision(line, action, int(quantity), why)
        st.rerun()

st.subheader("Audit log")
try:
    log.verify_chain()
except AuditLogError as error:
    st.error(f"The audit log was changed after it was written: {error}")
entries = log.entries()
if entries:
    audit = pd.DataFrame(entries[::-1])
    columns = ["at", "user", "role", "action", "sku", "location_id", "supplier_id", "quantity_before",
               "quantity_after", "order_value", "currency", "why", "denied_reason", "draft_file", "run_id"]
    st.dataframe(audit.reindex(columns=columns), hide_index=True, key="planner_audit")
else:
    st.caption("No decision has been recorded yet.")

if "fct_replenishment_backtest" in tables:
    st.subheader("Backtest: fill rate the policy would have reached, per class")
    st.dataframe(data.run_query(conn, serving, BACKTEST, {}), hide_index=True, key="planner_backtest")

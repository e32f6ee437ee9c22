"""Approve or reject plan lines, with the role checks, and read back each line's state.

A decision stores everything a PO draft needs (supplier, SKU, location, quantity,
cost), so drafts never depend on a later rebuild of the plan. The audit log is the
only record: a line's state is its latest approve or reject, and `drafted` marks the
approvals already written as PO drafts.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from orchestration.lib.planning.audit_log import AuditLog
from orchestration.lib.planning.roles import Role, RolesConfig

logger = logging.getLogger(__name__)

MAX_ORDER_UNITS = 1_000_000
# The marts' money scale: four decimals.
MONEY_STEP = Decimal("0.0001")
DECISION_ACTIONS = ("approve", "reject")


class DecisionRejected(ValueError):
    """Raised when a user may not make a decision, or its values are invalid."""


@dataclass(frozen=True)
class PlanLine:
    """One proposal of fct_replenishment_plan, as the page shows it."""

    plan_date: str
    sku: str
    location_id: str
    supplier_id: str
    currency: str | None
    unit_cost: Decimal | None
    case_pack: int
    moq: int
    proposed_quantity: int

    @property
    def key(self) -> str:
        return f"{self.plan_date}|{self.sku}|{self.location_id}"

    def value_of(self, quantity: int) -> Decimal | None:
        return None if self.unit_cost is None else (self.unit_cost * quantity).quantize(MONEY_STEP)


def line_states(entries: list[dict]) -> dict[str, dict]:
    """Return each line's latest approve or reject entry, with `drafted_file` once drafted."""
    states: dict[str, dict] = {}
    for entry in entries:
        key = entry.get("line_key")
        if entry.get("action") in DECISION_ACTIONS:
            states[key] = dict(entry)
        elif entry.get("action") == "drafted" and key in states:
            states[key]["drafted_file"] = entry.get("draft_file")
    return states


def pending_approvals(entries: list[dict]) -> list[dict]:
    """Return the approvals of a positive quantity not yet written as a PO draft."""
    return [
        state for state in line_states(entries).values()
        if state["action"] == "approve" and state["quantity_after"] > 0 and not state.get("drafted_file")
    ]


def decide(log: AuditLog, roles: RolesConfig, user: str, line: PlanLine, action: str,
           quantity: int, why: str) -> dict:
    """Check the user's role and the values, then append the decision to the audit log.

    The role comes from the roles file for the user the server identified, never
    from the page, so no widget state or URL can raise it. A refused decision is
    logged as `denied` with its reason and raises DecisionRejected.
    """
    role = roles.role_of(user)
    state = line_states(log.entries()).get(line.key)
    quantity_before = state["quantity_after"] if state else line.proposed_quantity
    entry = {
        "user": user,
        "role": role.name.lower(),
        "line_key": line.key,
        "plan_date": line.plan_date,
        "sku": line.sku,
        "location_id": line.location_id,
        "supplier_id": line.supplier_id,
        "currency": line.currency,
        "unit_cost": None if line.unit_cost is None else str(line.unit_cost.quantize(MONEY_STEP)),
        "quantity_proposed": line.proposed_quantity,
        "quantity_before": quantity_before,
        "quantity_after": quantity,
        "why": why.strip(),
    }

    problem = _refusal(roles, role, line, state, action, quantity, quantity_before, why)
    if problem is not None:
        log.append({**entry, "action": "denied", "requested_action": action, "denied_reason": problem})
        logger.warning("denied %s of %s by %s (%s): %s", action, line.key, user, role.name.lower(), problem)
        raise DecisionRejected(problem)

    value = line.value_of(quantity)
    return log.append({**entry, "action": action, "order_value": None if value is None else str(value)})


def _refusal(roles: RolesConfig, role: Role, line: PlanLine, state: dict | None, action: str,
             quantity: int, quantity_before: int, why: str) -> str | None:
    """Return why a decision is refused, or None when it may be made."""
    if action not in DECISION_ACTIONS:
        return f"invalid action {action!r}; expected approve or reject"
    if role < Role.PLANNER:
        return f"the {role.name.lower()} role cannot approve or reject; a planner or approver must"
    if state is not None and state.get("drafted_file"):
        return f"line {line.key} was already drafted in {state['drafted_file']}; it cannot be changed"
    if not isinstance(quantity, int) or isinstance(quantity, bool) or not 0 <= quantity <= MAX_ORDER_UNITS:
        return f"invalid quantity {quantity!r}; expected a whole number from 0 to {MAX_ORDER_UNITS:,}"
    if action == "reject" and not why.strip():
        return "a rejection needs a reason"
    if action == "approve":
        return _approval_refusal(roles, role, line, quantity, quantity_before, why)
    return None


def _approval_refusal(roles: RolesConfig, role: Role, line: PlanLine, quantity: int,
                      quantity_before: int, why: str) -> str | None:
    if quantity != quantity_before and not why.strip():
        return f"changing the quantity from {quantity_before} to {quantity} needs a reason"
    if quantity > 0 and (quantity < line.moq or quantity % line.case_pack):
        return (f"invalid quantity {quantity}: the supplier ships whole cases of {line.case_pack} "
                f"and at least the MOQ of {line.moq}")

    value = line.value_of(quantity)
    if role < Role.APPROVER and roles.needs_approver(value, line.currency):
        threshold = roles.thresholds.get(line.currency or "")
        limit = f"{threshold} {line.currency}" if threshold is not None else f"no threshold set for {line.currency}"
        return (f"the line's value {value if value is not None else 'unknown'} {line.currency or ''} needs "
                f"an approver ({limit}); the planner role may approve only up to the threshold")
    return None

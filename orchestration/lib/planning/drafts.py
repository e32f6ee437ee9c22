"""Write approved plan lines as purchase-order drafts, one CSV per supplier, into outbox/.

A draft's file name is derived from the approvals it contains, so a run that stopped
after writing files but before logging them writes the same files again rather than
new ones. Text cells are formula-safe, because buyers open drafts in spreadsheets.
"""

import hashlib
import logging
import re
from collections import defaultdict
from pathlib import Path

from orchestration.lib.planning.audit_log import AuditLog
from orchestration.lib.planning.decisions import pending_approvals
from orchestration.lib.safe_csv import write_rows_atomically

logger = logging.getLogger(__name__)

DRAFT_FOLDER = "purchase_orders"
DRAFT_HEADER = [
    "draft_id", "supplier_id", "sku", "location_id", "quantity", "unit_cost", "currency", "line_value",
    "plan_date", "quantity_proposed", "approved_by", "approver_role", "approved_at", "why",
]
UNSAFE_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9_-]+")


def write_po_drafts(log: AuditLog, outbox: Path, run_id: str) -> dict[str, int]:
    """Write every pending approval into its supplier's draft and log it as drafted; return lines per file."""
    by_supplier: dict[str, list[dict]] = defaultdict(list)
    for approval in pending_approvals(log.entries()):
        by_supplier[approval["supplier_id"]].append(approval)

    written = {}
    for supplier_id, approvals in sorted(by_supplier.items()):
        approvals.sort(key=lambda approval: approval["line_key"])
        draft_id = _draft_id(supplier_id, approvals)
        path = outbox / DRAFT_FOLDER / f"po_draft_{UNSAFE_NAME_CHARACTERS.sub('_', supplier_id)}_{draft_id}.csv"
        count = write_rows_atomically(path, DRAFT_HEADER, [_row(draft_id, approval) for approval in approvals])
        relative = f"{DRAFT_FOLDER}/{path.name}"

        for approval in approvals:
            log.append({
                "action": "drafted", "user": "dagster", "role": "system", "line_key": approval["line_key"],
                "supplier_id": supplier_id, "quantity_after": approval["quantity_after"],
                "draft_file": relative, "run_id": run_id,
            })
        written[relative] = count
        logger.info("wrote PO draft %s for supplier %s with %d line(s)", path, supplier_id, count)
    return written


def _draft_id(supplier_id: str, approvals: list[dict]) -> str:
    digest = hashlib.sha256(supplier_id.encode())
    for approval in approvals:
        digest.update(b"\0" + approval["previous_sha256"].encode())
    return digest.hexdigest()[:12]


def _row(draft_id: str, approval: dict) -> list:
    return [
        draft_id, approval["supplier_id"], approval["sku"], approval["location_id"], approval["quantity_after"],
        approval["unit_cost"], approval["currency"], approval["order_value"], approval["plan_date"],
        approval["quantity_proposed"], approval["user"], approval["role"], approval["at"], approval["why"],
    ]

"""Purchase-order drafts from the approvals planners record on the Planner page.

The Planner page launches `purchase_order_drafts_job` through Dagster's GraphQL API
after each approval. The whole pipeline selects the asset too, so an approval made
while Dagster was down is drafted by the next run.
"""

import dagster as dg

from orchestration.lib.data_root import DataRootResource
from orchestration.lib.planning.audit_log import AuditLog
from orchestration.lib.planning.drafts import write_po_drafts
from orchestration.lib.planning.launch import DRAFTS_JOB_NAME
from orchestration.lib.push.endpoints import endpoints_from_env
from orchestration.lib.push.enqueue import queue_for_endpoint


@dg.asset(
    group_name="writeback",
    kinds={"python", "csv"},
    deps=["serving_db"],
    description="One CSV per supplier in outbox/purchase_orders/ with the plan lines approved on the Planner page "
    "and not yet drafted; each drafted line is recorded in the decisions audit log.",
)
def purchase_order_drafts(context: dg.AssetExecutionContext, data_root: DataRootResource) -> dg.MaterializeResult:
    paths = data_root.paths()
    log = AuditLog.in_folder(paths.decisions)
    context.log.info("Drafting approved purchase orders from %s (run %s)", log.path, context.run.run_id)

    log.verify_chain()
    written = write_po_drafts(log, paths.outbox, context.run.run_id)

    lines = sum(written.values())
    context.log.info("Wrote %d PO draft file(s) with %d line(s): %s", len(written), lines, ", ".join(written) or "none")

    # A draft's name is derived from its approvals, so it is the draft's identity.
    pushes = [(paths.outbox / name, name, name) for name in written]
    queued = queue_for_endpoint(paths.outbox, "supplier", pushes, "supplier" in endpoints_from_env(), context.log)
    return dg.MaterializeResult(
        metadata={
            "draft_files": len(written),
            "draft_lines": lines,
            "pushes_queued": queued,
            "files": dg.MetadataValue.md("\n".join(f"- `{name}`: {count} line(s)" for name, count in written.items())
                                         or "no approval was waiting"),
        }
    )


purchase_order_drafts_job = dg.define_asset_job(
    name=DRAFTS_JOB_NAME,
    selection=dg.AssetSelection.assets(purchase_order_drafts, "outbox_pushes"),
    description="Write the PO drafts of every approval not yet drafted and push them to the supplier endpoint "
    "when one is configured; the Planner page launches it.",
)

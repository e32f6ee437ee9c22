"""Push the queued outbox files to the marketplace and supplier APIs configured in the environment."""

import dagster as dg

from orchestration.lib.data_root import DataRootResource
from orchestration.lib.push.endpoints import endpoints_from_env
from orchestration.lib.push.outbox import FAILED, OUTBOX_FILE_NAME, WAITING, PushOutbox
from orchestration.lib.push.retry import RetryPolicy
from orchestration.lib.push.sender import drain_outbox


@dg.asset(
    group_name="writeback",
    kinds={"python"},
    deps=["channel_inventory_feeds", "purchase_order_drafts"],
    description="POSTs each queued inventory feed and PO draft to its API endpoint with an idempotency key, "
    "retrying 429, 5xx and network faults; what still fails waits in outbox/push_outbox.sqlite for the next run.",
)
def outbox_pushes(context: dg.AssetExecutionContext, data_root: DataRootResource) -> dg.MaterializeResult:
    paths = data_root.paths()
    endpoints = endpoints_from_env()
    if not endpoints and not (paths.outbox / OUTBOX_FILE_NAME).exists():
        context.log.info("No push endpoint is configured and nothing was ever queued, so the outbox files are the output")
        return dg.MaterializeResult(metadata={"endpoints": "none (files only)", "sent": 0, "failed": 0, "waiting": 0,
                                              "attempts": 0})

    outbox = PushOutbox.in_folder(paths.outbox)
    context.log.info("Pushing the outbox %s to %d configured endpoint(s) (run %s)",
                     outbox.path, len(endpoints), context.run.run_id)

    report = drain_outbox(outbox, endpoints, RetryPolicy.from_env(), context.log, run_id=context.run.run_id)

    counts = outbox.counts()
    if counts[FAILED]:
        context.log.error("%d push(es) in %s failed for good; their last status and body are in its pushes table",
                          counts[FAILED], outbox.path)
    return dg.MaterializeResult(
        metadata={
            "endpoints": ", ".join(sorted(endpoints)) or "none (files only)",
            "sent": len(report.sent),
            "failed": len(report.failed),
            "waiting": counts[WAITING],
            "attempts": report.attempts,
            "retries": report.retries,
            "transport_errors": report.transport_errors,
            "failed_in_outbox": counts[FAILED],
            **{f"responses/{status}": count for status, count in sorted(report.statuses.items())},
        }
    )

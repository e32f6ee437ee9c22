"""The allocation policy in force, and whether the planners' file was valid.

One row, so the dashboard and the Dagster checks can show when an edited
policy was rejected and the last valid one is still in force.
"""

from datetime import UTC, datetime

import pandas as pd

from ingestion.allocation.policy import policy_path, policy_state_dir, resolve_policy


def model(dbt, session):
    dbt.config(materialized="table")
    resolution = resolve_policy(policy_path(), policy_state_dir())
    policy = resolution.policy
    return pd.DataFrame([{
        "policy_name": policy.name,
        "policy_sha256": policy.sha256,
        "description": policy.description,
        "in_force_from": policy.source,
        "requested_path": resolution.requested_path,
        "status": resolution.status,
        "error": resolution.error,
        "channels": ", ".join(policy.channel_names),
        "ring_fences": len(policy.ring_fences),
        "low_stock_below_atp_units": policy.low_stock.below_atp_units if policy.low_stock else None,
        "checked_at": datetime.now(UTC),
    }]).astype({"low_stock_below_atp_units": "Int64", "ring_fences": "int64"})

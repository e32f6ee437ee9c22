"""The daily run of the pipeline, for days when no file lands to trigger the sensor."""

import dagster as dg

from orchestration.defs.pipeline.jobs import pipeline_job
from orchestration.lib.dbt_partitions import daily_run_partition, daily_run_tags


@dg.schedule(
    name="daily_pipeline",
    job=pipeline_job,
    cron_schedule="0 5 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def daily_pipeline_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    # Today's partition with the lookback tag: each daily model rewrites its lookback.
    return dg.RunRequest(
        partition_key=daily_run_partition(context.scheduled_execution_time),
        tags=daily_run_tags(),
    )

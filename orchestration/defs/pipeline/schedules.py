"""The daily run of the pipeline, for days when no file lands to trigger the sensor."""

import dagster as dg

from orchestration.defs.pipeline.jobs import pipeline_job

daily_pipeline_schedule = dg.ScheduleDefinition(
    name="daily_pipeline",
    job=pipeline_job,
    cron_schedule="0 5 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)

"""Run the pipeline when new or changed files appear under `landing/`."""

import hashlib
import json

import dagster as dg

from orchestration.defs.pipeline.jobs import pipeline_job
from orchestration.lib.data_root import DataRootResource
from orchestration.lib.dbt_partitions import daily_run_partition, daily_run_tags
from orchestration.lib.landing_scan import is_already_ingested, scan_landing, unseen_files


@dg.sensor(
    name="landing_sensor",
    job=pipeline_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Requests a pipeline run for files landed since the last tick.",
)
def landing_sensor(context: dg.SensorEvaluationContext, data_root: DataRootResource) -> dg.SensorResult:
    paths = data_root.paths()
    landing = paths.landing
    seen_keys = set(json.loads(context.cursor)) if context.cursor else set()

    files = scan_landing(landing)
    new_files = unseen_files(files, seen_keys)
    triggering = [
        file for file in new_files if not file.is_own_writeback and not is_already_ingested(paths, file)
    ]

    # The cursor keeps only files still present, so it does not grow with history.
    cursor = json.dumps(sorted(file.key for file in files))
    if not triggering:
        return dg.SensorResult(run_requests=[], cursor=cursor)

    keys = sorted(file.key for file in triggering)
    run_key = hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]
    context.log.info(
        "%d new or changed file(s) under %s, requesting run %s: %s",
        len(triggering), landing, run_key, ", ".join(file.relative_path for file in triggering[:10]),
    )
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                run_key=run_key,
                partition_key=daily_run_partition(),
                tags={"marketops/trigger": "landing_sensor", **daily_run_tags()},
            )
        ],
        cursor=cursor,
    )

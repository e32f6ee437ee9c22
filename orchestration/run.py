"""Run the whole marketops pipeline once, without servers, and exit non-zero on failure.

    python -m orchestration.run

The run is recorded in the Dagster instance at `DAGSTER_HOME` (by default
`<data root>/dagster_home`), so `dagster dev` on the same home shows it afterwards.
The steps run one after another in this process; `dagster dev` runs them in parallel.
The console shows Dagster's events from INFO up and ends with a summary per source.
Files rejected or rows quarantined leave the exit status 0, because the run itself
worked; a failed asset or blocking check makes it 1.
"""

import argparse
import logging
import os
import shutil
import sys
from pathlib import Path

import dagster as dg
import filelock

from ingestion.paths import DataPaths
from orchestration.lib.run_summary import summarize_run
from orchestration.lib.stale_runs import fail_killed_runs, process_tags

logger = logging.getLogger("orchestration.run")

DAGSTER_YAML = Path(__file__).resolve().parent / "dagster.yaml"
# Dagster's console logger prints every engine event at DEBUG, over a thousand lines a run.
RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
OWN_LOGGERS = ("ingestion", "orchestration")
# Each attempt waits up to dagster-dbt's 60 s for another process's parse to finish.
PARSE_LOCK_ATTEMPTS = 10


def prepare_dagster_home(paths: DataPaths) -> str:
    """Return `DAGSTER_HOME`, creating the default one under the data root with a dagster.yaml."""
    home = os.environ.get("DAGSTER_HOME") or str(paths.dagster_home)
    os.makedirs(home, exist_ok=True)
    config = os.path.join(home, "dagster.yaml")
    if not os.path.exists(config):
        shutil.copyfile(DAGSTER_YAML, config)
    os.environ["DAGSTER_HOME"] = home
    return home


def run_config(full_refresh: bool) -> dict:
    """Return the run config: INFO console logs, and every day of the incremental models when `full_refresh`."""
    config = dict(RUN_CONFIG)
    if full_refresh:
        from orchestration.defs.dbt.assets import marketops_dbt_daily_models, marketops_dbt_models

        config["ops"] = {
            assets.op.name: {"config": {"full_refresh": True}}
            for assets in (marketops_dbt_models, marketops_dbt_daily_models)
        }
    return config


def prepare_manifest(dbt_project) -> None:
    """Parse the dbt project, waiting again while another process holds dagster-dbt's parse lock.

    dagster-dbt lets one process at a time parse a project and gives up after 60 s,
    which a parse on a busy machine outlasts, so a second run started beside a first
    would fail before doing anything.
    """
    for attempt in range(1, PARSE_LOCK_ATTEMPTS + 1):
        try:
            dbt_project.preparer.prepare(dbt_project)
            return
        except filelock.Timeout:
            if attempt == PARSE_LOCK_ATTEMPTS:
                raise
            logger.warning(
                "Another process is parsing %s; waiting for it again (attempt %d of %d)",
                dbt_project.project_dir, attempt + 1, PARSE_LOCK_ATTEMPTS,
            )


def run_pipeline(full_refresh: bool = False) -> bool:
    """Parse the dbt project, execute the pipeline job in process, print its summary, and return its success.

    The parse comes first because the dbt assets are built from the manifest when the
    definitions are imported, and a manifest older than the models would not know
    the tests a `dbt build` reports.
    """
    from dagster_dbt.errors import DagsterDbtCliRuntimeError

    from orchestration.defs.dbt.project import dbt_project

    try:
        prepare_manifest(dbt_project)
    except DagsterDbtCliRuntimeError as error:
        logger.error("dbt parse failed in %s, nothing was run: %s", dbt_project.project_dir, error)
        return False
    except filelock.Timeout as error:
        logger.error("dbt parse of %s waited too long for another parse, nothing was run: %s", dbt_project.project_dir, error)
        return False

    from orchestration.defs.pipeline.jobs import PIPELINE_JOB_NAME
    from orchestration.definitions import defs
    from orchestration.lib.dbt_partitions import daily_run_partition, daily_run_tags

    paths = DataPaths.from_env()
    paths.ensure()
    os.environ["MARKETOPS_DATA_DIR"] = str(paths.root)
    home = prepare_dagster_home(paths)
    logger.info("Running %s on data root %s (DAGSTER_HOME %s)", PIPELINE_JOB_NAME, paths.root, home)

    job = defs.resolve_job_def(PIPELINE_JOB_NAME)
    with dg.DagsterInstance.get() as instance:
        fail_killed_runs(instance)
        result = job.execute_in_process(
            run_config=run_config(full_refresh),
            instance=instance,
            partition_key=daily_run_partition(),
            tags={**process_tags(), **daily_run_tags()},
            raise_on_error=False,
        )

    failed = [event.step_key for event in result.all_events if event.is_step_failure]
    if result.success:
        logger.info("Run %s succeeded", result.run_id)
    else:
        logger.error("Run %s failed; failed steps: %s", result.run_id, ", ".join(failed) or "none reported")
    # The summary goes to stdout and the logs to stderr, so a caller can keep one.
    print(summarize_run(result, paths.quarantine), flush=True)
    return result.success


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the marketops pipeline once and exit.")
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild every day of the incremental marts, needed once when a new version adds mart columns",
    )
    arguments = parser.parse_args(argv)
    # Other libraries stay at WARNING: GX and alembic log hundreds of INFO lines at start-up.
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    return 0 if run_pipeline(full_refresh=arguments.full_refresh) else 1


if __name__ == "__main__":
    sys.exit(main())

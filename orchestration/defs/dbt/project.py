"""The dbt project as Dagster loads it, with its manifest prepared before the assets load.

`@dbt_assets` reads `target/manifest.json` when its module is imported. Under
`dagster dev` the project is parsed again whenever a model, seed, macro or YAML is
newer than the manifest (`prepare_if_dev`), `make` runs `dagster-dbt project
prepare-and-package` before serving, and a fresh checkout that skipped both parses
once here, so loading the code location never fails on a missing manifest.
"""

import logging

from dagster_dbt import DbtProject

from ingestion.paths import REPO_ROOT
from orchestration.lib.dbt_executable import put_dbt_on_path
from orchestration.lib.dbt_manifest import manifest_is_stale

logger = logging.getLogger(__name__)

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

put_dbt_on_path()
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

# Every run worker and step process of `dagster dev` imports this module again, so
# only a stale project is parsed, which saves each of them seconds of dbt parse.
if manifest_is_stale(dbt_project.project_dir, dbt_project.manifest_path):
    dbt_project.prepare_if_dev()

if not dbt_project.manifest_path.exists():
    logger.info("No dbt manifest at %s: parsing the dbt project", dbt_project.manifest_path)
    dbt_project.preparer.prepare(dbt_project)

"""The marketops code location: every definition under `orchestration/defs/`."""

import dagster as dg

import orchestration.defs
from ingestion.paths import REPO_ROOT

defs = dg.load_defs(defs_root=orchestration.defs, project_root=REPO_ROOT)

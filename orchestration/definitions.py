"""The marketops code location: every definition under `orchestration/defs/`."""

from pathlib import Path

import dagster as dg

# `orchestration/dg.toml` names the defs module that this folder's definitions load from.
defs = dg.load_from_defs_folder(path_within_project=Path(__file__).resolve().parent)

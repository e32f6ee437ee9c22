"""Dagster definitions, one folder per area, all loaded by `orchestration/definitions.py`."""

"""Dagster definitions, one folder per area; `definitions.py` loads them all."""

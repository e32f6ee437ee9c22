"""Helpers shared by the Dagster definitions. None of them defines an asset."""

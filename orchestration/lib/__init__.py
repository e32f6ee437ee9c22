"""Helpers shared by the Dagster definitions; none of them define assets."""

"""Readers for marketplace reports and the raw Parquet layer they land in.

Plain Python with no Dagster imports, so the readers run the same from a test,
a notebook or the orchestration layer.
"""

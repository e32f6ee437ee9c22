"""Seeded generator of a demo seller's channel reports, in the channels' real formats.

Plain Python (numpy, pandas, DuckDB) with no Dagster imports; run it with
`python -m ingestion.demo --out <data root>/landing`.
"""

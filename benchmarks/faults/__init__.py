"""Fault drills: kill the pipeline at random points, and read serving.duckdb while it publishes."""

"""The marketops Dagster code location: ingestion, dbt, publish and write-back assets."""

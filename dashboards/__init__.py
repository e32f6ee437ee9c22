"""The Streamlit dashboards: a multipage app over serving.duckdb, read-only."""

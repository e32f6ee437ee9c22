"""The DuckDB connection the exporters format rows with, and its macros."""

import duckdb

# Each macro renders one value the way the reports print it.
MACROS = """
CREATE MACRO iso_utc(ts) AS strftime(timezone('UTC', ts), '%Y-%m-%dT%H:%M:%S+00:00');
CREATE MACRO utc_offset_minutes(ts, tz) AS
    CAST((epoch(timezone(tz, ts)) - epoch(timezone('UTC', ts))) / 60 AS INTEGER);
CREATE MACRO offset_text(minutes, sep) AS
    CASE WHEN minutes < 0 THEN '-' ELSE '+' END
    || lpad(CAST(abs(minutes) // 60 AS VARCHAR), 2, '0') || sep
    || lpad(CAST(abs(minutes) % 60 AS VARCHAR), 2, '0');
CREATE MACRO shopify_time(ts, tz) AS
    strftime(timezone(tz, ts), '%Y-%m-%d %H:%M:%S') || ' ' || offset_text(utc_offset_minutes(ts, tz), '');
CREATE MACRO iso_local(ts, tz) AS
    strftime(timezone(tz, ts), '%Y-%m-%dT%H:%M:%S') || offset_text(utc_offset_minutes(ts, tz), ':');
CREATE MACRO money(cents) AS CAST(CAST(CAST(cents AS DECIMAL(18, 0)) / 100 AS DECIMAL(18, 2)) AS VARCHAR);
"""


def connect() -> duckdb.DuckDBPyConnection:
    """Open an in-memory DuckDB with the formatting macros, in UTC."""
    conn = duckdb.connect()
    conn.execute("SET TimeZone = 'UTC'")
    conn.execute(MACROS)
    return conn

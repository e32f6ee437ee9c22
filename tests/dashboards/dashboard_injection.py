"""Hostile strings typed into the dashboards' text fields, and a no-match string to compare them with."""

INJECTION_STRINGS = [
    "'; DROP TABLE fct_orders; --",
    "' OR 1=1 --",
    "A-1' OR '1'='1",
    '" OR ""="',
    "\\'; DROP TABLE fct_orders; --",
    "\\",
    "'",
    "%' OR sku LIKE '%",
    "$sku_text",
    "'); ATTACH '/tmp/evil.duckdb' AS evil; --",
    "'; COPY fct_orders TO '/tmp/leak.csv'; --",
    "Ωmega ☃ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u202ereversed",
]
# Matches no SKU or order id of the fixture, as every injection string should.
NO_MATCH = "zzz-no-such-value"

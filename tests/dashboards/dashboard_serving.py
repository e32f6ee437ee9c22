"""A small serving.duckdb with hand-chosen rows and the figures they must produce.

Dates are 2026-11-01 and 2026-11-02. Money is USD unless a row names EUR.

Margin (fct_channel_margin_daily, USD):
  amazon  11-01 SKU-A  net 400  cogs 200  fees 60 (referral 40, fulfilment 20)  contribution 140
  amazon  11-02 SKU-B  net 100  cogs 100  fees 15 (referral 10, fulfilment 5)   contribution -15
  shopify 11-01 SKU-A  net 300  cogs 150  fees 9 (payment)                      contribution 141
  shopify 11-02 SKU-B  net 0    cogs 0    (a day of nothing but a cancelled line: margins null)
  b2b     11-02 SKU-A  net 200  cogs 130  fees 0                                contribution 70
  amazon  11-02 (unmapped SKU) net 50  cogs unknown  fees 5                      contribution unknown
  amazon EUR 11-01 SKU-A net 100 cogs 70 fees 12                                contribution 18
  Margins are taken over the rows whose COGS is known, so the unmapped line adds to net
  sales but not to either margin.
  amazon, all dates:  net 550.00, gross (500 − 300) ÷ 500 = 40.0 %, contribution 125 ÷ 500 = 25.0 %,
                      COGS known for 500 ÷ 550 = 90.9 % of net sales
    (the average of the two rows' ratios would be (50 % + 0 %) ÷ 2 = 25.0 % gross: wrong)
  all channels USD:   net 1,050.00, gross (1000 − 580) ÷ 1000 = 42.0 %,
                      contribution (140 − 15 + 141 + 70) ÷ 1000 = 336 ÷ 1000 = 33.6 %,
                      COGS known for 1000 ÷ 1050 = 95.2 % of net sales
  all channels, 11-01 only: net 700, gross (700 − 350) ÷ 700 = 50.0 %,
                      contribution (140 + 141) ÷ 700 = 40.1 %
  SKU contains "sku-b": net 100, gross 0.0 %, contribution −15 ÷ 100 = −15.0 %
  EUR: net 100.00, gross 30.0 %, contribution 18.0 %

ATP accuracy (fct_atp_accuracy), six observations:
  11-01 SKU-A amazon  published 10 true 10  within
  11-01 SKU-B amazon  published 15 true 10  over, oversell 5
  11-01 SKU-A shopify published 0  true 4   under, false zero
  11-01 SKU-B shopify published 20 true 20  within
  11-02 SKU-A amazon  published 8  true 5   over, oversell 3
  11-02 SKU-A b2b     published 5  true 5   within
  all: accuracy 3 ÷ 6 = 50.0 %, over-promise 2 ÷ 6 = 33.3 %, oversell 5 + 3 = 8 units
  amazon: accuracy 1 ÷ 3 = 33.3 %, over-promise 2 ÷ 3 = 66.7 %, oversell 8 units
  11-01 only: accuracy 2 ÷ 4 = 50.0 %, over-promise 1 ÷ 4 = 25.0 %, oversell 5 units

Orders (fct_orders), eight orders, three with an exception:
  amazon  A-1 11-01 late_shipment | A-2 11-01 | A-3 11-02 unmapped_sku + late_shipment | A-4 11-02
  shopify S-1 11-01 | S-2 11-01 payment_hold | S-3 11-02
  b2b     B-1 11-02
  all: 3 ÷ 8 = 37.5 %; amazon 2 ÷ 4 = 50.0 %; 11-01 only: (A-1, S-2) 2 ÷ 4 = 50.0 %
  by type: amazon late_shipment 2 ÷ 4 = 50.0 %, amazon unmapped_sku 1 ÷ 4 = 25.0 %,
           shopify payment_hold 1 ÷ 3 = 33.3 %

Settlements (fct_settlement_recon): amazon S-100 USD reconciled (ends 11-02),
  amazon S-101 EUR off by 1.50 (ends 11-01), shopify P-7 USD reconciled (ends 11-02):
  all 2 of 3 reconciled; amazon 1 of 2; 11-01 only 0 of 1.
"""

import os
from pathlib import Path

import duckdb
from summary_rollups import add_summaries

TABLES = {
    "dim_channel": """
        channel VARCHAR, channel_name VARCHAR, timezone VARCHAR, currency VARCHAR,
        ship_horizon_days INTEGER, handling_days INTEGER, priority INTEGER
    """,
    "fct_channel_margin_daily": """
        order_date DATE, channel VARCHAR, sku VARCHAR, currency VARCHAR, units INTEGER,
        net_sales DECIMAL(18, 4), cogs DECIMAL(18, 4), gross_profit DECIMAL(18, 4),
        fees_referral DECIMAL(18, 4), fees_fulfilment DECIMAL(18, 4), fees_payment DECIMAL(18, 4),
        fees_other DECIMAL(18, 4), fees_total DECIMAL(18, 4), contribution_profit DECIMAL(18, 4),
        gross_margin DOUBLE, contribution_margin DOUBLE, settled_share DOUBLE,
        reporting_currency VARCHAR, net_sales_reporting DECIMAL(18, 4), contribution_profit_reporting DECIMAL(18, 4)
    """,
    "fct_atp_accuracy": """
        snapshot_at TIMESTAMPTZ, snapshot_date DATE, sku VARCHAR, channel VARCHAR,
        published_quantity INTEGER, published_at TIMESTAMPTZ, true_channel_atp INTEGER,
        tolerance DOUBLE, is_within_tolerance BOOLEAN, is_over_promise BOOLEAN,
        is_under_promise BOOLEAN, is_false_zero BOOLEAN, oversell_units INTEGER
    """,
    "fct_orders": """
        channel VARCHAR, order_id VARCHAR, ordered_at TIMESTAMPTZ, order_date DATE, status VARCHAR,
        native_status VARCHAR, currency VARCHAR, order_total DECIMAL(18, 4), line_count INTEGER,
        units INTEGER, has_exception BOOLEAN
    """,
    "fct_order_exceptions": """
        exception_id VARCHAR, channel VARCHAR, order_id VARCHAR, order_line_id VARCHAR,
        exception_type VARCHAR, detail VARCHAR, opened_at TIMESTAMPTZ, resolved_at TIMESTAMPTZ,
        is_open BOOLEAN, age_days INTEGER
    """,
    "fct_order_exception_rate": """
        order_date DATE, channel VARCHAR, exception_type VARCHAR, orders INTEGER,
        orders_with_exception INTEGER, exception_rate DOUBLE
    """,
    "fct_settlement_recon": """
        channel VARCHAR, settlement_id VARCHAR, currency VARCHAR, settlement_start_at TIMESTAMPTZ,
        settlement_end_at TIMESTAMPTZ, deposit_at TIMESTAMPTZ, summary_total DECIMAL(18, 4),
        line_total DECIMAL(18, 4), line_count INTEGER, difference DECIMAL(18, 4), is_reconciled BOOLEAN,
        expected_total DECIMAL(18, 4), variance DECIMAL(18, 4), variance_timing DECIMAL(18, 4),
        variance_fee_rate DECIMAL(18, 4), variance_missing_reimbursement DECIMAL(18, 4)
    """,
}

ROWS = {
    "dim_channel": [
        ("amazon", "Amazon US", "America/Los_Angeles", "USD", 0, 1, 2),
        ("b2b", "B2B portal", "America/New_York", "USD", 7, 2, 1),
        ("shopify", "Shopify store", "America/New_York", "USD", 2, 1, 3),
    ],
    "fct_channel_margin_daily": [
        # order_date, channel, sku, currency, units, net, cogs, gross profit,
        # referral, fulfilment, payment, other, fees total, contribution, gm, cm, settled share
        ("2026-11-01", "amazon", "SKU-A", "USD", 4, 400, 200, 200, 40, 20, 0, 0, 60, 140, 0.5, 0.35, 1.0),
        ("2026-11-02", "amazon", "SKU-B", "USD", 1, 100, 100, 0, 10, 5, 0, 0, 15, -15, 0.0, -0.15, 0.0),
        ("2026-11-01", "shopify", "SKU-A", "USD", 3, 300, 150, 150, 0, 0, 9, 0, 9, 141, 0.5, 0.47, 1.0),
        ("2026-11-02", "shopify", "SKU-B", "USD", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, None, None, None),
        ("2026-11-02", "b2b", "SKU-A", "USD", 2, 200, 130, 70, 0, 0, 0, 0, 0, 70, 0.35, 0.35, 1.0),
        ("2026-11-02", "amazon", None, "USD", 1, 50, None, None, 5, 0, 0, 0, 5, None, None, None, 0.0),
        ("2026-11-01", "amazon", "SKU-A", "EUR", 1, 100, 70, 30, 8, 4, 0, 0, 12, 18, 0.3, 0.18, 1.0),
    ],
    "fct_atp_accuracy": [
        # snapshot_at, snapshot_date, sku, channel, published, published_at, true ATP, tolerance,
        # within, over, under, false zero, oversell units
        ("2026-11-01 06:00:00+00", "2026-11-01", "SKU-A", "amazon", 10, "2026-10-31 22:00:00+00", 10, 1, True, False, False, False, 0),
        ("2026-11-01 06:00:00+00", "2026-11-01", "SKU-B", "amazon", 15, "2026-10-31 22:00:00+00", 10, 1, False, True, False, False, 5),
        ("2026-11-01 06:00:00+00", "2026-11-01", "SKU-A", "shopify", 0, "2026-10-31 22:00:00+00", 4, 1, False, False, True, True, 0),
        ("2026-11-01 06:00:00+00", "2026-11-01", "SKU-B", "shopify", 20, "2026-10-31 22:00:00+00", 20, 1, True, False, False, False, 0),
        ("2026-11-02 06:00:00+00", "2026-11-02", "SKU-A", "amazon", 8, "2026-11-01 22:00:00+00", 5, 1, False, True, False, False, 3),
        ("2026-11-02 06:00:00+00", "2026-11-02", "SKU-A", "b2b", 5, "2026-11-01 22:00:00+00", 5, 1, True, False, False, False, 0),
    ],
    "fct_orders": [
        ("amazon", "A-1", "2026-11-01 10:00:00+00", "2026-11-01", "shipped", "Shipped", "USD", 100, 1, 1, True),
        ("amazon", "A-2", "2026-11-01 11:00:00+00", "2026-11-01", "shipped", "Shipped", "USD", 300, 1, 3, False),
        ("amazon", "A-3", "2026-11-02 09:00:00+00", "2026-11-02", "shipped", "Shipped", "USD", 60, 2, 2, True),
        ("amazon", "A-4", "2026-11-02 12:00:00+00", "2026-11-02", "pending", "Pending", "USD", 40, 1, 1, False),
        ("shopify", "S-1", "2026-11-01 13:00:00+00", "2026-11-01", "delivered", "fulfilled", "USD", 200, 1, 2, False),
        ("shopify", "S-2", "2026-11-01 14:00:00+00", "2026-11-01", "confirmed", "pending", "USD", 100, 1, 1, True),
        ("shopify", "S-3", "2026-11-02 15:00:00+00", "2026-11-02", "cancelled", "voided", "USD", 0, 1, 0, False),
        ("b2b", "B-1", "2026-11-02 08:00:00+00", "2026-11-02", "shipped", "shipped", "USD", 200, 1, 2, False),
    ],
    "fct_order_exceptions": [
        ("E-1", "amazon", "A-1", None, "late_shipment", "shipped a day after ship-by", "2026-11-01 10:00:00+00", None, True, 3),
        ("E-2", "amazon", "A-3", "A-3-2", "unmapped_sku", "channel SKU =HYPERLINK(\"x\") has no mapping", "2026-11-02 09:00:00+00", None, True, 2),
        ("E-3", "amazon", "A-3", None, "late_shipment", "shipped after ship-by", "2026-11-02 09:00:00+00", "2026-11-03 09:00:00+00", False, 1),
        ("E-4", "shopify", "S-2", None, "payment_hold", "payment pending review", "2026-11-01 14:00:00+00", None, True, 3),
    ],
    "fct_order_exception_rate": [
        ("2026-11-01", "amazon", "any", 2, 1, 0.5),
        ("2026-11-01", "amazon", "late_shipment", 2, 1, 0.5),
        ("2026-11-02", "amazon", "any", 2, 1, 0.5),
        ("2026-11-02", "amazon", "unmapped_sku", 2, 1, 0.5),
        ("2026-11-02", "amazon", "late_shipment", 2, 1, 0.5),
        ("2026-11-01", "shopify", "any", 2, 1, 0.5),
        ("2026-11-01", "shopify", "payment_hold", 2, 1, 0.5),
        ("2026-11-02", "shopify", "any", 1, 0, 0.0),
        ("2026-11-02", "b2b", "any", 1, 0, 0.0),
    ],
    "fct_settlement_recon": [
        ("amazon", "S-100", "USD", "2026-10-20 00:00:00+00", "2026-11-02 00:00:00+00", "2026-11-04 00:00:00+00",
         1000, 1000, 12, 0, True, 1010, 10, 10, 0, 0),
        ("amazon", "S-101", "EUR", "2026-10-18 00:00:00+00", "2026-11-01 00:00:00+00", "2026-11-03 00:00:00+00",
         250, 248.5, 5, 1.5, False, 250, 0, 0, 0, 0),
        ("shopify", "P-7", "USD", "2026-11-01 00:00:00+00", "2026-11-02 00:00:00+00", "2026-11-03 00:00:00+00",
         400, 400, 3, 0, True, 400, 0, 0, 0, 0),
    ],
}


def write_serving(root: Path, rows: dict[str, list[tuple]] | None = None, tables: dict[str, str] | None = None) -> Path:
    """Write serving.duckdb under `root` the way the pipeline does: a new file, then a rename."""
    rows = ROWS if rows is None else rows
    tables = TABLES if tables is None else tables
    root.mkdir(parents=True, exist_ok=True)
    target = root / "serving.duckdb"
    staging = root / "serving.duckdb.new"
    staging.unlink(missing_ok=True)

    conn = duckdb.connect(str(staging))
    try:
        for table, columns in tables.items():
            conn.execute(f"CREATE TABLE {table} ({columns})")
            if rows.get(table):
                # A row may leave out trailing columns that its test does not read: they stay null.
                width = len(rows[table][0])
                names = [row[0] for row in conn.execute(f"DESCRIBE {table}").fetchall()][:width]
                placeholders = ", ".join("?" for _ in range(width))
                conn.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders})", rows[table])
        # The pages read the summaries as the pipeline publishes them, summed from these rows.
        add_summaries(conn)
    finally:
        conn.close()

    os.replace(staging, target)
    return target

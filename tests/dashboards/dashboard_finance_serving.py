"""A serving.duckdb for the Finance and Margin explorer pages, with the figures worked out by hand.

Settlements (fct_settlement_recon), reporting currency USD:
  walmart W-1 USD ends 11-02: 113.00 stated = 113.00 lines, reconciled; variance -4.50 =
    timing -7.50 + fee rate 1.50 + missing reimbursement 1.50; 1 unmapped fee line.
  ebay P1 EUR ends 11-02: 30.75 = 30.75, reconciled; fee rate 0.41; in USD 36.90 and 0.492.
  shopify 2026-11-01 USD ends 11-01: 96.00 stated, 96.80 lines: mismatch.
  amazon NOSUM CAD ends 11-01: no summary row, 1 unmapped fee line, no USD amounts.
  Reconciled 2 of 4; settled 113.00 + 36.90 + 96.00 = 245.90 USD; variance -4.50 + 0.492 + 0 =
  -4.008, shown -4.01 USD; unmapped fee lines 1 + 1 = 2.
  USD waterfall: settled 113.00 + 96.80 = 209.80, timing -7.50, fee rate +1.50, missing
  reimbursement +1.50, expected 108.50 + 96.80 = 205.30.
Fees (fct_settlement_lines, USD): walmart referral -15.00 + 6.00 = -9.00, walmart unmapped -2.00,
  shopify payment fee -3.20; sales lines are not fees.
Margin (fct_channel_margin_daily), USD selected (net 530 against CAD 40):
  amazon: net 400 + 50 (unmapped SKU, COGS unknown) = 450; COGS 200; gross 200 ÷ 400 = 50.0 %;
    fees 60 + 5 = 65; contribution 140 ÷ 400 = 35.0 %.
  walmart USD: net 50 + 30 = 80; COGS 40 + 5.50 = 45.50; gross 34.50 ÷ 80 = 43.1 %; fees 9 + 6 = 15;
    contribution 1 + 18.50 = 19.50 ÷ 80 = 24.4 %.
  Waterfall, all channels, rows with known COGS: net 400 + 80 = 480, COGS -245.50, referral
    -(40 + 15) = -55, fulfilment -20, contribution 159.50.
  In USD over all currencies: walmart net 50 + 30 + 32 (40 CAD at 0.80) = 112, contribution
    1 + 18.50 + 21.20 = 40.70; amazon net 450, contribution 140.
  walmart SKUs (USD): SKU-E contribution 18.50 first, SKU-W 1.00.
Returns (fct_returns): R1 walmart SKU-W restocked 1 unit in 1.5 days; R2 walmart SKU-W disposed of
  1 unit after 3.0 days; F1 amazon A-AMZ 2 units restocked at once (0.0 days); R3 amazon SKU-A
  1 unit awaiting disposition. 4 returns, 5 units; restock rate 3 restocked of 1 + 1 + 2 disposed
  units = 75.0 %; median disposition time of 1.5, 3.0 and 0.0 = 1.5 days.
  amazon: restock rate 2 / 2 = 100.0 %, 1 awaiting; walmart: 1 / 2 = 50.0 %, mean 2.25 days.
"""

from pathlib import Path

from dashboard_serving import write_serving

MONEY = "DECIMAL(38, 4)"

TABLES = {
    "dim_channel": """
        channel VARCHAR, channel_name VARCHAR, timezone VARCHAR, currency VARCHAR,
        ship_horizon_days INTEGER, handling_days INTEGER, priority INTEGER
    """,
    "fct_settlement_recon": f"""
        channel VARCHAR, settlement_id VARCHAR, currency VARCHAR, settlement_start_at TIMESTAMPTZ,
        settlement_end_at TIMESTAMPTZ, deposit_at TIMESTAMPTZ, summary_total {MONEY}, line_total {MONEY},
        line_count INTEGER, difference {MONEY}, is_reconciled BOOLEAN, expected_total {MONEY}, variance {MONEY},
        variance_timing {MONEY}, variance_fee_rate {MONEY}, variance_missing_reimbursement {MONEY},
        unmapped_fee_amount {MONEY}, unmapped_fee_lines INTEGER, settlement_date DATE, reporting_currency VARCHAR,
        summary_total_reporting {MONEY}, line_total_reporting {MONEY}, variance_reporting {MONEY}
    """,
    "fct_settlement_lines": f"""
        settlement_line_id VARCHAR, channel VARCHAR, settlement_id VARCHAR, currency VARCHAR,
        transaction_type VARCHAR, amount_type VARCHAR, amount_description VARCHAR, amount {MONEY},
        order_id VARCHAR, sku VARCHAR, quantity INTEGER, posted_at TIMESTAMPTZ, posted_date DATE,
        source_file_name VARCHAR, source_line_number INTEGER, fee_bucket VARCHAR, is_unmapped_fee BOOLEAN,
        reporting_currency VARCHAR, amount_reporting {MONEY}
    """,
    "fct_channel_margin_daily": f"""
        order_date DATE, channel VARCHAR, sku VARCHAR, currency VARCHAR, units INTEGER, net_sales {MONEY},
        cogs {MONEY}, gross_profit {MONEY}, fees_referral {MONEY}, fees_fulfilment {MONEY}, fees_payment {MONEY},
        fees_other {MONEY}, fees_total {MONEY}, contribution_profit {MONEY}, gross_margin DOUBLE,
        contribution_margin DOUBLE, settled_share DOUBLE, reporting_currency VARCHAR, net_sales_reporting {MONEY},
        cogs_reporting {MONEY}, gross_profit_reporting {MONEY}, fees_total_reporting {MONEY},
        contribution_profit_reporting {MONEY}
    """,
    "fct_settlement_order_variance": f"""
        channel VARCHAR, settlement_id VARCHAR, currency VARCHAR, order_id VARCHAR, settlement_date DATE,
        variance {MONEY}, variance_timing {MONEY}, variance_fee_rate {MONEY}, variance_missing_reimbursement {MONEY}
    """,
    "fct_returns": f"""
        return_key VARCHAR, return_id VARCHAR, return_source VARCHAR, channel VARCHAR, order_id VARCHAR,
        sku VARCHAR, reason VARCHAR, disposition VARCHAR, outcome VARCHAR, requested_at TIMESTAMPTZ,
        received_at TIMESTAMPTZ, disposed_at TIMESTAMPTZ, refunded_at TIMESTAMPTZ, return_date DATE,
        units INTEGER, restocked_units INTEGER, is_restocked BOOLEAN, cycle_time_days DOUBLE,
        refund_amount {MONEY}, currency VARCHAR
    """,
}


def _recon(channel, settlement_id, currency, end, summary, lines, reconciled, expected, variance, parts, unmapped,
           reporting):
    difference = None if summary is None else summary - lines
    summary_reporting, variance_reporting = reporting
    return (channel, settlement_id, currency, f"{end} 00:00:00+00", f"{end} 00:00:00+00", None, summary, lines, 3,
            difference, reconciled, expected, variance, *parts, -2.0 if unmapped else 0, unmapped, end, "USD",
            summary_reporting, None, variance_reporting)


ROWS = {
    "dim_channel": [
        ("amazon", "Amazon US", "America/Los_Angeles", "USD", 0, 2, 2),
        ("shopify", "Shopify store", "America/New_York", "USD", 2, 2, 3),
        ("walmart", "Walmart Marketplace", "America/Chicago", "USD", 0, 2, 4),
        ("ebay", "eBay Germany", "Europe/Berlin", "EUR", 1, 3, 5),
    ],
    "fct_settlement_recon": [
        _recon("walmart", "W-1", "USD", "2026-11-02", 113.00, 113.00, True, 108.50, -4.50, (-7.50, 1.50, 1.50), 1,
               (113.00, -4.50)),
        _recon("ebay", "P1", "EUR", "2026-11-02", 30.75, 30.75, True, 31.16, 0.41, (0, 0.41, 0), 0, (36.90, 0.492)),
        _recon("shopify", "2026-11-01", "USD", "2026-11-01", 96.00, 96.80, False, 96.80, 0, (0, 0, 0), 0, (96.00, 0)),
        _recon("amazon", "NOSUM", "CAD", "2026-11-01", None, 9.00, False, 9.00, 0, (0, 0, 0), 1, (None, None)),
    ],
    "fct_settlement_lines": [
        ("L1", "walmart", "W-1", "USD", "SALE", "Product Price", "SALE", 100.00, "W1", "SKU-W", 2,
         "2026-11-02 00:00:00+00", "2026-11-02", "walmart.csv", 2, "sales", False, "USD", 100.00),
        ("L2", "walmart", "W-1", "USD", "SALE", "Commission on Product", "SALE", -15.00, "W1", "SKU-W", 2,
         "2026-11-02 00:00:00+00", "2026-11-02", "walmart.csv", 3, "referral", False, "USD", -15.00),
        ("L3", "walmart", "W-1", "USD", "REFUNDED", "Commission on Product", "REFUNDED", 6.00, "W1", "SKU-W", 1,
         "2026-11-02 00:00:00+00", "2026-11-02", "walmart.csv", 4, "referral", False, "USD", 6.00),
        ("L4", "walmart", "W-1", "USD", "ADJMNT", "Fee/Reimbursement", "Mystery program fee", -2.00, None, None, None,
         "2026-11-02 00:00:00+00", "2026-11-02", "walmart.csv", 5, "unmapped_fee", True, "USD", -2.00),
        ("L5", "shopify", "2026-11-01", "USD", "charge", "fee", "charge", -3.20, "#9001", None, None,
         "2026-11-01 10:00:00+00", "2026-11-01", "payments.csv", 2, "payment_fee", False, "USD", -3.20),
        ("L6", "amazon", "NOSUM", "CAD", "Order", "ItemFees", "NewFeeType", -1.00, "A-X", "A-AMZ", 1,
         "2026-11-01 09:00:00+00", "2026-11-01", "nosum.txt", 2, "unmapped_fee", True, "USD", -0.80),
    ],
    "fct_channel_margin_daily": [
        ("2026-11-01", "walmart", "SKU-W", "USD", 2, 50, 40, 10, 9, 0, 0, 0, 9, 1, 0.2, 0.02, 1.0,
         "USD", 50, 40, 10, 9, 1),
        ("2026-11-01", "walmart", "SKU-E", "USD", 1, 30, 5.50, 24.50, 6, 0, 0, 0, 6, 18.50, 0.8167, 0.6167, 1.0,
         "USD", 30, 5.50, 24.50, 6, 18.50),
        ("2026-11-02", "walmart", "SKU-E", "CAD", 1, 40, 7.50, 32.50, 6, 0, 0, 0, 6, 26.50, 0.8125, 0.6625, 0.0,
         "USD", 32.00, 6.00, 26.00, 4.80, 21.20),
        ("2026-11-02", "amazon", "SKU-A", "USD", 4, 400, 200, 200, 40, 20, 0, 0, 60, 140, 0.5, 0.35, 1.0,
         "USD", 400, 200, 200, 60, 140),
        ("2026-11-02", "amazon", None, "USD", 1, 50, None, None, 5, 0, 0, 0, 5, None, None, None, 0.0,
         "USD", 50, None, None, 5, None),
    ],
    "fct_settlement_order_variance": [
        ("walmart", "W-1", "USD", "W3", "2026-11-02", -7.50, -7.50, 0, 0),
        ("walmart", "W-1", "USD", "W2", "2026-11-02", 1.50, 0, 1.50, 0),
        ("walmart", "W-1", "USD", "W1", "2026-11-02", 1.50, 0, 0, 1.50),
        ("ebay", "P1", "EUR", "E2", "2026-11-02", 0.41, 0, 0.41, 0),
    ],
    "fct_returns": [
        ("K1", "R1", "returns", "walmart", "W1", "SKU-W", "Changed mind", "sellable", "restocked", None,
         "2026-11-01 10:00:00+00", "2026-11-02 22:00:00+00", None, "2026-11-01", 1, 1, True, 1.5, None, None),
        ("K2", "R2", "returns", "walmart", "W3", "SKU-W", "Damaged", "damaged", "disposed", None,
         "2026-11-02 00:00:00+00", "2026-11-05 00:00:00+00", None, "2026-11-02", 1, 0, False, 3.0, None, None),
        ("K3", "F1", "amazon_fba_returns", "amazon", "A-X", "A-AMZ", "UNWANTED_ITEM", "sellable", "restocked", None,
         "2026-11-01 08:00:00+00", "2026-11-01 08:00:00+00", None, "2026-11-01", 2, 2, True, 0.0, None, None),
        ("K4", "R3", "returns", "amazon", "A-1", "SKU-A", "Damaged", None, "awaiting_disposition", None,
         "2026-11-02 09:00:00+00", None, None, "2026-11-02", 1, 0, False, None, None, None),
    ],
}


def write_finance_serving(root: Path) -> Path:
    """Write the finance serving.duckdb under `root`."""
    return write_serving(root, ROWS, TABLES)

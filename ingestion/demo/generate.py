"""Generate the whole demo: draw the business, inject faults, write every file."""

import json
import logging
import time
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from ingestion.demo import faults as F
from ingestion.demo import fulfilment, order_faults
from ingestion.allocation.policy import Policy, load_policy, policy_path
from ingestion.demo.allocation import allocate, margin_rank, published_availability
from ingestion.demo.catalog import build_channel_skus, build_products
from ingestion.demo.config import CHANNEL_POLICIES, CHANNELS, DemoConfig
from ingestion.demo.exports import sql
from ingestion.demo.exports.amazon_orders import write_amazon_orders
from ingestion.demo.exports.b2b_orders import write_b2b_orders
from ingestion.demo.exports.ebay import write_ebay_transactions
from ingestion.demo.exports.fx_rates import write_fx_rates
from ingestion.demo.exports.master import write_master_data, write_published
from ingestion.demo.exports.purchasing import write_purchasing
from ingestion.demo.exports.returns_files import write_fba_returns, write_returns
from ingestion.demo.exports.settlements import build_settlement_rows, settlement_periods, write_settlements
from ingestion.demo.exports.shopify_orders import shopify_orders, write_shopify_orders
from ingestion.demo.exports.shopify_payments import payment_transactions, write_shopify_payments
from ingestion.demo.exports.shopify_payouts import write_shopify_payouts
from ingestion.demo.exports.stock_files import write_fba_inventory, write_wms_snapshots
from ingestion.demo.exports.walmart import draw_walmart_orders, write_walmart_orders, write_walmart_recon
from ingestion.demo.orders import draw_orders
from ingestion.demo.purchasing import build_purchase_orders, build_receipts, build_suppliers
from ingestion.demo.returns import build_returns
from ingestion.demo.stock import simulate_stock
from ingestion.demo.timeline import report_time
from ingestion.demo.writer import WrittenFiles

log = logging.getLogger(__name__)

# A dot file, because the landing zone skips hidden files and would otherwise
# quarantine the manifest as a report of unknown format.
MANIFEST_NAME = ".demo_manifest.json"
# The order-line columns the stock simulation reads; a copy of all columns of ten
# million lines would cost gigabytes.
STOCK_COLUMNS = ("fulfilment", "warehouse", "sku_index", "day", "quantity", "cancel_reason", "ship_at")


def decide_outcomes(config: DemoConfig, products: pd.DataFrame, catalogue: pd.DataFrame,
                    faults: F.FaultLog) -> tuple[dict[str, pd.DataFrame], list[fulfilment.Stockout]]:
    """Draw the orders and decide cancellations, shipments, refunds and order faults."""
    lines = draw_orders(config, products)
    stockouts = fulfilment.choose_stockouts(config, lines)
    for channel in CHANNELS:
        frame = lines[channel]
        fulfilment.init_outcome_columns(frame)
        order_faults.attach_channel_skus(channel, frame, catalogue)
        fulfilment.cancel_orders(config, channel, frame, stockouts, faults, products)
        fulfilment.schedule_shipments(config, channel, frame, faults)
    order_faults.hold_payments(config, lines["shopify"], faults)
    order_faults.unmap_status(config, lines["b2b"], faults)
    for channel in ("amazon", "shopify"):
        order_faults.refund_orders(config, channel, lines[channel])
    for channel in CHANNELS:
        order_faults.unmap_skus(config, channel, lines[channel], faults)
    order_faults.duplicate_row(config, lines["amazon"], faults)
    return lines, stockouts


def generate(config: DemoConfig, out_dir: Path, show_progress: bool = True) -> dict:
    """Write the demo files under `out_dir/<source>/` plus `.demo_manifest.json`; return the manifest."""
    started = time.monotonic()
    log.info("demo generation started: %s into %s", asdict(config), out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    faults = F.FaultLog()
    written = WrittenFiles(out_dir, show_progress=show_progress)

    products = build_products(config)
    catalogue = build_channel_skus(config, products)
    lines, stockouts = decide_outcomes(config, products, catalogue, faults)
    stock_lines = pd.concat([frame[list(STOCK_COLUMNS)] for frame in lines.values()], ignore_index=True)
    stock = simulate_stock(config, products, stock_lines, stockouts)
    del stock_lines
    policy = load_policy(policy_path())
    allocation = allocate(config, stock, products, lines, policy)
    published = published_availability(config, products, catalogue, stock, faults, stockouts, allocation)
    mfn_listed = allocation["amazon"]
    periods = settlement_periods(config)
    settlement_rows = build_settlement_rows(config, lines["amazon"], products, stock, periods, faults)
    orders = shopify_orders(lines["shopify"], report_time(config))
    purchase_orders = build_purchase_orders(products, stock)
    fba_returned, return_events = build_returns(config, lines, products, catalogue)

    conn = sql.connect()
    write_master_data(conn, out_dir, written, products, catalogue)
    write_amazon_orders(conn, out_dir, written, config, lines["amazon"], products)
    write_shopify_orders(conn, out_dir, written, config, lines["shopify"], orders, products)
    write_b2b_orders(conn, out_dir, written, config, lines["b2b"])
    transactions = payment_transactions(orders)
    write_shopify_payments(conn, out_dir, written, config, transactions)
    write_settlements(conn, out_dir, written, periods, settlement_rows)
    write_wms_snapshots(conn, out_dir, written, config, products, stock)
    write_fba_inventory(conn, out_dir, written, config, products, catalogue, stock, mfn_listed)
    write_purchasing(conn, out_dir, written, config, build_suppliers(products), purchase_orders,
                     build_receipts(purchase_orders))
    write_fba_returns(conn, out_dir, written, fba_returned, products, catalogue)
    write_returns(conn, out_dir, written, return_events)
    write_published(conn, out_dir, written, published)
    conn.close()

    # Parts with their own seeds, drawn after the others so those stay unchanged.
    write_shopify_payouts(out_dir, written, config, transactions)
    walmart_orders = draw_walmart_orders(config, products)
    write_walmart_orders(out_dir, written, config, walmart_orders)
    write_walmart_recon(out_dir, written, config, walmart_orders)
    write_ebay_transactions(out_dir, written, config, products)
    write_fx_rates(out_dir, written, config)

    manifest = _manifest(config, written, faults, stockouts, products, lines, policy)
    (out_dir / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    log.info("demo generation finished: %d files, %d rows, %d faults in %.1f s",
             len(written.rows), sum(written.rows.values()), len(faults.faults), time.monotonic() - started)
    return manifest


def _manifest(config: DemoConfig, written: WrittenFiles, faults: F.FaultLog,
              stockouts: list[fulfilment.Stockout], products: pd.DataFrame,
              lines: dict[str, pd.DataFrame], policy: Policy) -> dict:
    return {
        "generator": "ingestion.demo",
        "seed": config.seed,
        "arguments": {"skus": config.skus, "days": config.days, "orders": config.orders,
                      "end_date": config.end_date.isoformat(), "start_date": config.start_date.isoformat()},
        "orders_per_channel": {ch: int(lines[ch]["order_seq"].nunique()) for ch in CHANNELS},
        "order_lines_per_channel": {ch: int(lines[ch]["copies"].sum()) for ch in CHANNELS},
        "channel_policies": [asdict(p) for p in CHANNEL_POLICIES],
        "allocation_policy": {"name": policy.name, "sha256": policy.sha256},
        "margin_rank": margin_rank(lines, products),
        "stockouts": [{"sku": products["sku"].iat[s.sku_index],
                       "first_date": (config.start_date + pd.Timedelta(days=s.first_day)).isoformat(),
                       "last_date": (config.start_date + pd.Timedelta(days=s.last_day)).isoformat()}
                      for s in stockouts],
        # No fault is meant to be rejected when a file is read: every row is valid input.
        "expected_read_rejects": 0,
        "files": dict(sorted(written.rows.items())),
        "fault_counts": faults.counts(),
        "faults": faults.as_records(),
    }

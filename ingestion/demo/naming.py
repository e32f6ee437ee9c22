"""File names of the demo's output, relative to the output folder.

Order reports are split by calendar month of the order date, as sellers download
them, which also keeps single files small when the demo is scaled up.
"""

from datetime import date, timedelta

import numpy as np

from ingestion.demo.config import DemoConfig

ORDER_FILES = {
    "amazon": "amazon_orders/all_orders_{month}.txt",
    "shopify": "shopify_orders/orders_export_{month}.csv",
    "b2b": "b2b_orders/b2b_orders_{month}.csv",
}


def day_date(config: DemoConfig, day: int) -> date:
    return config.start_date + timedelta(days=day)


def order_file(config: DemoConfig, channel: str, day: int) -> str:
    """Return the order report that holds the orders placed on `day`."""
    return ORDER_FILES[channel].format(month=day_date(config, day).strftime("%Y-%m"))


def order_files(config: DemoConfig, channel: str, days: np.ndarray) -> np.ndarray:
    """Return `order_file` for an array of day indexes."""
    names = np.array([order_file(config, channel, day) for day in range(config.days)])
    return names[days]


def wms_snapshot_file(snapshot_date: date) -> str:
    return f"wms_snapshots/wms_snapshot_{snapshot_date.isoformat()}.csv"


def fba_inventory_file(report_date: date) -> str:
    return f"amazon_fba_inventory/fba_inventory_{report_date.isoformat()}.txt"


def settlement_file(settlement_id: str) -> str:
    return f"amazon_settlements/settlement_{settlement_id}.txt"


def published_file(channel: str, published_date: date) -> str:
    """Return the feed file a day's availability was sent to a channel in."""
    stem = {"amazon": "amazon_inventory_feed", "shopify": "shopify_inventory", "b2b": "b2b_availability"}
    return f"{stem[channel]}_{published_date.isoformat()}.csv"


def published_history_file(published_date: date) -> str:
    """Return the landed record of one day's feeds, under `published_availability/`."""
    return f"published_availability_{published_date.isoformat()}.csv"

"""Draw the demo's orders and order lines for every channel, before fulfilment.

All steps are vectorized with numpy, so the benchmark can scale the demo to
millions of order lines. The result is one frame of canonical lines per channel,
which the exporters turn into the channel's own report format.
"""

import numpy as np
import pandas as pd

from ingestion.demo.catalog import B2B_ACCOUNTS
from ingestion.demo.config import (
    CHANNEL_ORDER_SHARE,
    CHANNELS,
    ORDER_FIRST_HOUR,
    ORDER_LAST_HOUR,
    STORE_TIMEZONE,
    DemoConfig,
)

# Ship-to addresses: (city, state, postal code, warehouse that serves the state).
SHIP_TO = pd.DataFrame(
    [
        ("New York", "NY", "10001", "WH-EAST"),
        ("Boston", "MA", "02108", "WH-EAST"),
        ("Atlanta", "GA", "30303", "WH-EAST"),
        ("Miami", "FL", "33101", "WH-EAST"),
        ("Chicago", "IL", "60601", "WH-EAST"),
        ("Philadelphia", "PA", "19103", "WH-EAST"),
        ("Los Angeles", "CA", "90012", "WH-WEST"),
        ("Seattle", "WA", "98101", "WH-WEST"),
        ("Denver", "CO", "80202", "WH-WEST"),
        ("Phoenix", "AZ", "85004", "WH-WEST"),
        ("Portland", "OR", "97204", "WH-WEST"),
    ],
    columns=["ship_city", "ship_state", "ship_postal_code", "warehouse"],
)

# Share of Amazon orders fulfilled by Amazon (FBA) rather than by the seller.
AMAZON_AFN_SHARE = 0.7


def _order_counts(config: DemoConfig) -> dict[str, int]:
    """Split the requested order count over the channels; the total is exact."""
    counts = {ch: int(round(config.orders * CHANNEL_ORDER_SHARE[ch])) for ch in CHANNELS}
    counts["amazon"] += config.orders - sum(counts.values())
    return counts


def _day_weights(config: DemoConfig, channel: str) -> np.ndarray:
    """Weight each day by weekday and a gentle growth trend; B2B buys on weekdays only."""
    days = pd.date_range(config.start_date, config.end_date, freq="D")
    weekday = days.day_of_week.to_numpy()
    trend = 1.0 + 0.3 * np.arange(len(days)) / max(len(days) - 1, 1)
    if channel == "b2b":
        seasonal = np.where(weekday < 5, 1.0, 0.0)
    else:
        seasonal = np.where(weekday >= 5, 1.2, 1.0)
    weights = trend * seasonal
    return weights / weights.sum()


def _lines_per_order(rng: np.random.Generator, channel: str, count: int) -> np.ndarray:
    if channel == "amazon":
        return rng.choice([1, 2, 3], size=count, p=[0.85, 0.12, 0.03])
    if channel == "shopify":
        return rng.choice([1, 2, 3, 4], size=count, p=[0.55, 0.28, 0.12, 0.05])
    return rng.integers(3, 13, size=count)


def _quantities(rng: np.random.Generator, channel: str, count: int) -> np.ndarray:
    if channel == "amazon":
        return rng.choice([1, 2, 3], size=count, p=[0.88, 0.09, 0.03])
    if channel == "shopify":
        return rng.choice([1, 2, 3], size=count, p=[0.75, 0.18, 0.07])
    # B2B buys in case packs of 6.
    return 6 * rng.integers(1, 9, size=count)


def _distinct_skus(rng: np.random.Generator, order_index: np.ndarray, popularity: np.ndarray) -> np.ndarray:
    """Draw a SKU per line by popularity, redrawing repeats so an order lists a SKU once."""
    skus = rng.choice(len(popularity), size=len(order_index), p=popularity)
    while True:
        repeated = pd.DataFrame({"order": order_index, "sku": skus}).duplicated().to_numpy()
        if not repeated.any():
            return skus
        skus[repeated] = rng.choice(len(popularity), size=int(repeated.sum()), p=popularity)


def _order_ids(rng: np.random.Generator, channel: str, count: int) -> pd.Series:
    """Number orders in purchase order: Amazon's 3-7-7 digit ids, `#1001`, `SO-200001`."""
    sequence = pd.Series(np.arange(count))
    if channel == "shopify":
        return "#" + (sequence + 1001).astype(str)
    if channel == "b2b":
        return "SO-" + (sequence + 200001).astype(str)
    # Multiplying by a prime modulo 9,000,000 permutes the middle part, so ids stay
    # distinct without a lookup for up to 9 million orders.
    if count > 9_000_000:
        raise ValueError(f"invalid order count {count}: Amazon ids are distinct for at most 9,000,000 orders")
    middle = 1_000_000 + (sequence.to_numpy() * 7919) % 9_000_000
    last = rng.integers(0, 10_000_000, size=count)
    return (
        "11" + pd.Series(rng.integers(1, 5, size=count)).astype(str)
        + "-" + pd.Series(middle).astype(str).str.zfill(7)
        + "-" + pd.Series(last).astype(str).str.zfill(7)
    )


def _order_times(rng: np.random.Generator, config: DemoConfig, day: np.ndarray) -> pd.DatetimeIndex:
    """Place each order at a random second of its day's trading hours, as UTC instants."""
    seconds = rng.integers(ORDER_FIRST_HOUR * 3600, (ORDER_LAST_HOUR + 1) * 3600, size=len(day))
    start = np.datetime64(config.start_date, "s")
    local = start + day.astype("timedelta64[D]") + seconds.astype("timedelta64[s]")
    return pd.DatetimeIndex(local).tz_localize(STORE_TIMEZONE).tz_convert("UTC")


def draw_channel_orders(config: DemoConfig, products: pd.DataFrame, channel: str, count: int) -> pd.DataFrame:
    """Draw one channel's orders exploded to lines, numbered in order of purchase."""
    rng = np.random.default_rng(config.rng_seed(f"orders-{channel}"))

    day = rng.choice(config.days, size=count, p=_day_weights(config, channel))
    ordered_at = _order_times(rng, config, day)
    order_sort = np.argsort(ordered_at.asi8, kind="stable")
    day = day[order_sort]
    ordered_at = ordered_at[order_sort]

    orders = pd.DataFrame({"order_seq": np.arange(count), "day": day, "ordered_at": ordered_at})
    orders["order_id"] = _order_ids(rng, channel, count)
    if channel == "b2b":
        account = rng.integers(0, len(B2B_ACCOUNTS), size=count)
        orders["account_id"] = B2B_ACCOUNTS["account_id"].to_numpy()[account]
        orders["warehouse"] = B2B_ACCOUNTS["warehouse"].to_numpy()[account]
        orders["fulfilment"] = "WH"
        ship_to = rng.integers(0, len(SHIP_TO), size=count)
    else:
        ship_to = rng.integers(0, len(SHIP_TO), size=count)
        orders["account_id"] = ""
        orders["warehouse"] = SHIP_TO["warehouse"].to_numpy()[ship_to]
        orders["fulfilment"] = "WH"
        if channel == "amazon":
            afn = rng.random(count) < AMAZON_AFN_SHARE
            orders["fulfilment"] = np.where(afn, "AFN", "MFN")
            orders.loc[afn, "warehouse"] = "FBA-US"
    for column in ("ship_city", "ship_state", "ship_postal_code"):
        orders[column] = SHIP_TO[column].to_numpy()[ship_to]

    line_counts = _lines_per_order(rng, channel, count)
    lines = orders.loc[np.repeat(orders.index.to_numpy(), line_counts)].reset_index(drop=True)
    lines["line_number"] = lines.groupby("order_seq").cumcount() + 1
    lines["sku_index"] = _distinct_skus(rng, lines["order_seq"].to_numpy(), products["popularity"].to_numpy())
    lines["quantity"] = _quantities(rng, channel, len(lines))

    list_price = products["price_cents"].to_numpy()[lines["sku_index"].to_numpy()]
    # B2B accounts buy at a 40 % wholesale discount, rounded to whole cents.
    lines["unit_cents"] = list_price * 60 // 100 if channel == "b2b" else list_price
    lines.insert(0, "channel", channel)
    return lines


def draw_orders(config: DemoConfig, products: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Draw every channel's order lines, keyed by channel."""
    counts = _order_counts(config)
    return {ch: draw_channel_orders(config, products, ch, counts[ch]) for ch in CHANNELS}

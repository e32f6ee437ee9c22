"""Turn the latest allocation into the rows of each channel's feed and of the published record."""

from dataclasses import dataclass, field

import pandas as pd

from orchestration.lib.inventory_feeds import (
    AMAZON_FULFILLED,
    MERCHANT_FULFILLED,
    FeedInputs,
    shopify_handle,
    split_by_weight,
)
from orchestration.lib.safe_csv import starts_formula


@dataclass
class ChannelFeed:
    """Feed rows for one channel, the published quantity per channel SKU, and SKUs left out.

    `held_back_skus` are channel SKUs that a spreadsheet would read as a formula. A CSV
    feed leaves them out rather than change the SKU the marketplace receives.
    """

    rows_by_location: dict[str, list[tuple]] = field(default_factory=dict)
    published: list[tuple[str, str, int]] = field(default_factory=list)  # channel_sku, sku, quantity
    unmapped_skus: list[str] = field(default_factory=list)
    held_back_skus: list[str] = field(default_factory=list)


def mapped_allocation(inputs: FeedInputs, channel: str) -> tuple[pd.DataFrame, list[str]]:
    """Return the channel's allocation joined to its channel SKUs, and the SKUs with none."""
    allocation = inputs.allocation[inputs.allocation["channel"] == channel]
    mapping = inputs.channel_skus[inputs.channel_skus["channel"] == channel][["sku", "channel_sku"]]
    joined = allocation.merge(mapping, on="sku", how="left")
    unmapped = sorted(joined.loc[joined["channel_sku"].isna(), "sku"].astype(str))
    return joined[joined["channel_sku"].notna()], unmapped


def csv_safe_allocation(inputs: FeedInputs, channel: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Return the mapped allocation without formula-like channel SKUs, the unmapped SKUs, and those held back.

    Prefixing an apostrophe, as other text cells get, would change the SKU the
    marketplace matches its listing by, so a CSV feed holds such a SKU back instead.
    """
    joined, unmapped = mapped_allocation(inputs, channel)
    formula_like = joined["channel_sku"].map(starts_formula).astype(bool)
    held_back = sorted(joined.loc[formula_like, "channel_sku"].astype(str))
    return joined[~formula_like], unmapped, held_back


def amazon_feed(inputs: FeedInputs) -> ChannelFeed:
    """Build Inventory Loader rows: quantity only, price columns empty so prices stay as listed.

    An FBA-only listing gets fulfilment channel AMAZON_NA and no quantity, because Amazon
    lists its own fulfilment centres' stock; it is left out of the published record.
    """
    joined, unmapped, held_back = csv_safe_allocation(inputs, "amazon")
    feed = ChannelFeed(unmapped_skus=unmapped, held_back_skus=held_back)
    rows = []
    for record in joined.itertuples(index=False):
        if record.channel_sku in inputs.fba_only_skus:
            rows.append((record.channel_sku, "", "", "", "", "", AMAZON_FULFILLED))
            continue
        quantity = int(record.allocated)
        handling = "" if pd.isna(record.handling_days) else int(record.handling_days)
        rows.append((record.channel_sku, "", "", "", quantity, handling, MERCHANT_FULFILLED))
        feed.published.append((record.channel_sku, record.sku, quantity))
    feed.rows_by_location["all"] = rows
    return feed


def shopify_feed(inputs: FeedInputs) -> ChannelFeed:
    """Build one Shopify inventory CSV per warehouse, splitting each SKU's allocation by warehouse ATP.

    The quantities of a SKU across locations add up to its channel allocation; a SKU
    with no position at a warehouse gets 0 there.
    """
    joined, unmapped, held_back = csv_safe_allocation(inputs, "shopify")
    feed = ChannelFeed(unmapped_skus=unmapped, held_back_skus=held_back)
    locations = (
        inputs.warehouse_atp[["location_id", "location_name"]].drop_duplicates().sort_values("location_id")
    )
    atp = inputs.warehouse_atp.set_index(["sku", "location_id"])["atp"]
    for location_id in locations["location_id"]:
        feed.rows_by_location[location_id] = []

    for record in joined.itertuples(index=False):
        quantity = int(record.allocated)
        weights = [float(atp.get((record.sku, location_id), 0)) for location_id in locations["location_id"]]
        parts = split_by_weight(quantity, weights)
        handle = shopify_handle(record.title, record.sku)
        title = record.title if isinstance(record.title, str) else record.sku
        for (location_id, location_name), part in zip(locations.itertuples(index=False), parts, strict=True):
            feed.rows_by_location[location_id].append(
                (handle, title, "Title", "Default Title", "", "", "", "", record.channel_sku, location_name, part)
            )
        feed.published.append((record.channel_sku, record.sku, sum(parts) if parts else 0))
    return feed


def walmart_feed(inputs: FeedInputs) -> ChannelFeed:
    """Build the items of a Walmart bulk inventory feed: one quantity per seller SKU, in units (EACH).

    The feed is JSON, which no spreadsheet evaluates, so every SKU goes out verbatim.
    """
    joined, unmapped = mapped_allocation(inputs, "walmart")
    feed = ChannelFeed(unmapped_skus=unmapped)
    items = []
    for record in joined.itertuples(index=False):
        quantity = int(record.allocated)
        items.append({"sku": record.channel_sku, "quantity": {"unit": "EACH", "amount": quantity}})
        feed.published.append((record.channel_sku, record.sku, quantity))
    feed.rows_by_location["all"] = items
    return feed

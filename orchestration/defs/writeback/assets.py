"""Write the channel allocation back as marketplace inventory feeds, and record what was sent.

The record lands in `landing/published_availability/`, so the next run ingests it and
measures it against the true channel ATP (ATP accuracy).
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from ingestion.paths import DataPaths
from orchestration.lib.data_root import DataRootResource
from orchestration.lib.feed_rows import ChannelFeed, amazon_feed, shopify_feed, walmart_feed
from orchestration.lib.inventory_feeds import (
    AMAZON_HEADER,
    PUBLISHED_FILE_PREFIX,
    PUBLISHED_HEADER,
    SHOPIFY_HEADER,
    WALMART_FEED_VERSION,
    read_feed_inputs,
    read_policy_status,
)
from orchestration.lib.push.endpoints import endpoints_from_env
from orchestration.lib.push.enqueue import queue_for_endpoint
from orchestration.lib.safe_csv import write_json_atomically, write_rows_atomically


@dataclass(frozen=True)
class WrittenFeed:
    """One feed file: its path, its name under the data root, its location and its row count."""

    path: Path
    relative: str
    location: str
    rows: int


def write_channel_feed(paths: DataPaths, channel: str, feed: ChannelFeed, stamp: str) -> list[WrittenFeed]:
    """Write one file per location of a channel feed and return what was written."""
    written = []
    for location, rows in feed.rows_by_location.items():
        if channel == "amazon":
            path = paths.outbox / "amazon" / f"inventory_loader_{stamp}.txt"
            count = write_rows_atomically(path, AMAZON_HEADER, rows, delimiter="\t")
        elif channel == "walmart":
            path = paths.outbox / "walmart" / f"inventory_feed_{stamp}.json"
            write_json_atomically(path, {"InventoryHeader": {"version": WALMART_FEED_VERSION}, "Inventory": rows})
            count = len(rows)
        else:
            path = paths.outbox / "shopify" / f"inventory_{location}_{stamp}.csv"
            count = write_rows_atomically(path, SHOPIFY_HEADER, rows)
        written.append(WrittenFeed(path, str(path.relative_to(paths.root)), location, count))
    return written


def published_rows(channel: str, feed: ChannelFeed, feed_files: list[str], published_at: str) -> list[tuple]:
    feed_file = ";".join(feed_files)
    return [
        (published_at, channel, channel_sku, sku, quantity, feed_file)
        for channel_sku, sku, quantity in feed.published
    ]


@dg.asset(
    group_name="writeback",
    kinds={"python", "csv"},
    deps=["serving_db"],
    description="Amazon, Shopify and Walmart inventory feeds in outbox/ from the latest channel allocation, "
    "plus the published-availability record landed for the next run.",
)
def channel_inventory_feeds(context: dg.AssetExecutionContext, data_root: DataRootResource) -> dg.MaterializeResult:
    paths = data_root.paths()
    now = datetime.now(UTC).replace(microsecond=0)
    # The run id keeps two runs within one second from writing the same file names.
    stamp = f"{now:%Y%m%dT%H%M%SZ}_{context.run.run_id[:8]}"
    context.log.info("Writing inventory feeds from %s (run %s)", paths.serving, context.run.run_id)

    policy = read_policy_status(paths.serving)
    if policy["status"] != "valid":
        context.log.error(
            "The allocation policy file was rejected, so the last valid policy '%s' is in force: %s",
            policy["policy_name"], policy["error"],
        )
    inputs = read_feed_inputs(paths.serving, paths.raw_dir("channel_skus"), paths.raw_dir("amazon_fba_inventory"))
    if inputs.allocation.empty:
        context.log.warning("fct_channel_allocation in %s is empty: no feed written", paths.serving)
        return dg.MaterializeResult(metadata={"snapshot_at": "none", "rows_published": 0})

    feeds = {"amazon": amazon_feed(inputs), "shopify": shopify_feed(inputs), "walmart": walmart_feed(inputs)}
    endpoints = endpoints_from_env()
    files: dict[str, int] = {}
    published: list[tuple] = []
    queued: dict[str, int] = {}
    for channel, feed in feeds.items():
        written = write_channel_feed(paths, channel, feed, stamp)
        files.update({feed_file.relative: feed_file.rows for feed_file in written})
        published += published_rows(channel, feed, [feed_file.relative for feed_file in written], now.isoformat())
        log_left_out(context, channel, feed)
        # The snapshot is part of the identity, so an unchanged allocation on a new
        # snapshot is pushed again while a rerun of the same snapshot is not.
        pushes = [(f.path, f.relative, f"{channel}|{f.location}|{inputs.snapshot_at}") for f in written]
        queued[channel] = queue_for_endpoint(paths.outbox, channel, pushes, channel in endpoints, context.log)

    record = paths.landing_dir("published_availability") / f"{PUBLISHED_FILE_PREFIX}{stamp}.csv"
    write_rows_atomically(record, PUBLISHED_HEADER, published, neutralize=False)
    context.log.info("Wrote %d feed file(s) and %d published row(s) to %s", len(files), len(published), record)

    return dg.MaterializeResult(
        metadata={
            "snapshot_at": str(inputs.snapshot_at),
            "rows_published": len(published),
            "policy_name": str(policy["policy_name"]),
            "policy_status": policy["status"],
            "published_record": dg.MetadataValue.path(str(record)),
            **{f"rows/{path}": count for path, count in files.items()},
            **{f"unmapped_skus/{channel}": len(feed.unmapped_skus) for channel, feed in feeds.items()},
            **{f"held_back_skus/{channel}": len(feed.held_back_skus) for channel, feed in feeds.items()},
            **{f"pushes_queued/{channel}": count for channel, count in queued.items()},
            "held_back": dg.MetadataValue.md(held_back_markdown(feeds)),
        }
    )


def log_left_out(context: dg.AssetExecutionContext, channel: str, feed: ChannelFeed) -> None:
    if feed.unmapped_skus:
        context.log.warning(
            "%d SKU(s) have no %s channel SKU and were left out of its feed: %s",
            len(feed.unmapped_skus), channel, ", ".join(feed.unmapped_skus[:20]),
        )
    if feed.held_back_skus:
        context.log.warning(
            "%d %s channel SKU(s) start with a spreadsheet formula character (=, +, -, @, tab, CR) and were held "
            "back from the CSV feed, because an apostrophe would change the SKU: %s",
            len(feed.held_back_skus), channel, ", ".join(repr(sku) for sku in feed.held_back_skus[:20]),
        )


def held_back_markdown(feeds: dict[str, ChannelFeed]) -> str:
    """List the channel SKUs held back from each CSV feed, for the run's metadata."""
    lines = [
        f"- {channel}: `{sku!r}` starts with a spreadsheet formula character"
        for channel, feed in feeds.items()
        for sku in feed.held_back_skus
    ]
    return "\n".join(lines) or "no SKU held back"

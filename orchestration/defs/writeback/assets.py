"""Write the channel allocation back as marketplace inventory feeds, and record what was sent.

The record lands in `landing/published_availability/`, so the next run ingests it and
measures it against the true channel ATP (ATP accuracy).
"""

from datetime import UTC, datetime

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
from orchestration.lib.safe_csv import write_json_atomically, write_rows_atomically

def write_channel_feed(paths: DataPaths, channel: str, feed: ChannelFeed, stamp: str) -> dict[str, int]:
    """Write one file per location of a channel feed and return the rows written per path under the data root."""
    written = {}
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
        written[str(path.relative_to(paths.root))] = count
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
    files: dict[str, int] = {}
    published: list[tuple] = []
    for channel, feed in feeds.items():
        written = write_channel_feed(paths, channel, feed, stamp)
        files.update(written)
        published += published_rows(channel, feed, list(written), now.isoformat())
        if feed.unmapped_skus:
            context.log.warning(
                "%d SKU(s) have no %s channel SKU and were left out of its feed: %s",
                len(feed.unmapped_skus), channel, ", ".join(feed.unmapped_skus[:20]),
            )

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
        }
    )

"""Returns of refunded order lines: Amazon's FBA returns report and our returns events.

Every refunded line was returned. Lines Amazon fulfilled come back to an FBA
centre and appear in Amazon's customer returns report; the others come back to
the warehouse that shipped them and go through our returns process: requested,
received, inspected, then restocked or disposed of, and refunded. Events after
the report time have not happened yet, so the latest returns are still awaiting
inspection.
"""

import numpy as np
import pandas as pd

from ingestion.demo.config import DemoConfig
from ingestion.demo.timeline import report_time

FBA_GRADES = np.array(["SELLABLE", "CUSTOMER_DAMAGED", "DEFECTIVE", "CARRIER_DAMAGED"])
FBA_GRADE_SHARES = [0.70, 0.15, 0.10, 0.05]
FBA_CENTRES = np.array(["PHX7", "BFI4", "ABE8"])
FBA_REASONS = np.array(["NOT_AS_DESCRIBED", "DEFECTIVE", "UNWANTED_ITEM", "SWITCHEROO", "DAMAGED_BY_CARRIER"])
DISPOSITIONS = np.array(["sellable", "damaged", "defective"])
DISPOSITION_SHARES = [0.72, 0.16, 0.12]
REASONS = np.array(["too small", "not as described", "arrived damaged", "changed mind", "defective"])


def _hours(rng: np.random.Generator, low: float, high: float, size: int) -> pd.TimedeltaIndex:
    return pd.to_timedelta(rng.uniform(low, high, size=size) * 3600, unit="s").round("s")


def fba_returns(config: DemoConfig, rng: np.random.Generator, lines: pd.DataFrame,
                catalogue: pd.DataFrame) -> pd.DataFrame:
    """Build the FBA customer returns rows of refunded lines Amazon fulfilled."""
    rows = lines[lines["refund_at"].notna() & (lines["fulfilment"] == "AFN")]
    n = len(rows)
    sku_index = rows["sku_index"].to_numpy()
    # Amazon refunds when the package is scanned in, a few hours after arrival.
    returned_at = rows["refund_at"].reset_index(drop=True) - _hours(rng, 1, 30, n)
    grade = rng.choice(FBA_GRADES, size=n, p=FBA_GRADE_SHARES)
    return pd.DataFrame({
        "return_at": returned_at,
        "order_id": rows["order_id"].to_numpy(),
        "sku": catalogue["seller_sku"].to_numpy()[sku_index],
        "asin": catalogue["asin"].to_numpy()[sku_index],
        "fnsku": catalogue["fnsku"].to_numpy()[sku_index],
        "quantity": rows["quantity"].to_numpy(),
        "fulfillment_center_id": rng.choice(FBA_CENTRES, size=n),
        "detailed_disposition": grade,
        "reason": rng.choice(FBA_REASONS, size=n),
        "status": np.where(grade == "SELLABLE", "Unit returned to inventory", "Reimbursed"),
        "license_plate_number": [f"LPN{value:010d}" for value in rng.integers(0, 10**10, size=n)],
    }).sort_values(["return_at", "order_id"], kind="stable").reset_index(drop=True)


def return_events(config: DemoConfig, rng: np.random.Generator, lines: pd.DataFrame,
                  products: pd.DataFrame) -> pd.DataFrame:
    """Build our returns events of refunded lines shipped from a warehouse, up to the report time."""
    rows = lines[lines["refund_at"].notna() & (lines["fulfilment"] != "AFN")].reset_index(drop=True)
    n = len(rows)
    refunded_at = rows["refund_at"]
    received_at = refunded_at - _hours(rng, 24, 72, n)
    requested_at = received_at - _hours(rng, 48, 96, n)
    # Inspection waits up to five days, so the last returns are still awaiting it.
    inspected_at = received_at + _hours(rng, 4, 120, n)
    disposed_at = inspected_at + _hours(rng, 1, 24, n)
    disposition = rng.choice(DISPOSITIONS, size=n, p=DISPOSITION_SHARES)
    common = {
        "return_id": [f"RMA-{index + 1:06d}" for index in range(n)],
        "channel": rows["channel"].to_numpy(),
        "order_id": rows["order_id"].to_numpy(),
        "sku": products["sku"].to_numpy()[rows["sku_index"].to_numpy()],
        "quantity": rows["quantity"].to_numpy(),
        "location_id": rows["warehouse"].to_numpy(),
        "reason": rng.choice(REASONS, size=n),
    }
    final_event = np.where(disposition == "sellable", "restocked", "disposed")
    steps = [
        ("requested", requested_at, None, None),
        ("received", received_at, None, None),
        ("inspected", inspected_at, disposition, None),
        (final_event, disposed_at, disposition, None),
        ("refunded", refunded_at, None, rows["refund_cents"].to_numpy()),
    ]
    frames = []
    for event, instants, graded, refund_cents in steps:
        frame = pd.DataFrame(common)
        frame["event"] = event
        frame["event_at"] = instants.to_numpy()
        frame["disposition"] = graded
        frame["refund_cents"] = refund_cents
        frames.append(frame)
    events = pd.concat(frames, ignore_index=True)
    events = events[events["event_at"] < report_time(config)]
    return events.sort_values(["event_at", "return_id"], kind="stable").reset_index(drop=True)


def build_returns(config: DemoConfig, lines: dict[str, pd.DataFrame], products: pd.DataFrame,
                  catalogue: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the FBA returns rows and our returns events, drawn from their own seed."""
    rng = np.random.default_rng(config.rng_seed("returns"))
    refunded = pd.concat(
        [lines[channel].assign(channel=channel) for channel in ("amazon", "shopify")], ignore_index=True
    )
    return fba_returns(config, rng, refunded, catalogue), return_events(config, rng, refunded, products)

"""Arguments of one demo run and the business constants every part agrees on.

The fee schedule, channel settings and allocation policy below must equal the dbt
seeds (`fee_schedule`, `channels`, `allocation_policy`), because the demo's
settlements and published availability are written from them and the pipeline
measures the demo against the seeds.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

DEFAULT_END_DATE = date(2026, 11, 30)
CURRENCY = "USD"
STORE_TIMEZONE = "America/New_York"

# Orders are placed between these local hours (America/New_York), so an order's
# calendar day is the same in New York, Los Angeles and UTC, and the morning
# warehouse count at SNAPSHOT_UTC_HOUR always comes before the day's first order.
ORDER_FIRST_HOUR = 7
ORDER_LAST_HOUR = 18
SNAPSHOT_UTC_HOUR = 10

CHANNELS = ("amazon", "shopify", "b2b")
CHANNEL_ORDER_SHARE = {"amazon": 0.60, "shopify": 0.37, "b2b": 0.03}

WAREHOUSES = ("WH-EAST", "WH-WEST")
FBA_LOCATION = "FBA-US"

# Amazon referral fee as a share of the principal, FBA fee per unit in cents, and
# Shopify Payments' rate plus fixed fee per charge in cents.
REFERRAL_RATE_DEFAULT = 0.15
REFERRAL_RATE_BY_CATEGORY = {"supplements": 0.08}
FBA_FEE_CENTS_DEFAULT = 322
FBA_FEE_CENTS_BY_CATEGORY = {"apparel": 410}
SHOPIFY_PAYMENT_RATE = 0.029
SHOPIFY_PAYMENT_FIXED_CENTS = 30

# Walmart's commission and eBay's final value fee in units of 0.01 %, and eBay's
# fixed fee per order in cents of the eBay account's currency (the `fee_schedule`
# seed's walmart and ebay rows).
WALMART_COMMISSION_BY_CATEGORY = {"supplements": 800}
WALMART_COMMISSION_DEFAULT = 1500
EBAY_FINAL_VALUE_RATE = 1325
EBAY_FIXED_FEE_CENTS = 30
EBAY_CURRENCY = "EUR"


@dataclass(frozen=True)
class ChannelPolicy:
    """Service settings of one channel: its display priority, ATP horizon and handling time."""

    channel: str
    priority: int
    ship_horizon_days: int
    handling_days: int


# Equal to the dbt seed `channels`: a change to the seed must be copied here, or
# the demo's published quantities stop matching the allocation dbt computes. The
# allocation rules themselves come from the policy file (config/allocation_policy.yml).
CHANNEL_POLICIES = (
    ChannelPolicy("b2b", priority=1, ship_horizon_days=7, handling_days=3),
    ChannelPolicy("amazon", priority=2, ship_horizon_days=0, handling_days=2),
    ChannelPolicy("shopify", priority=3, ship_horizon_days=2, handling_days=2),
)
# Horizons of every channel of the seed, including those the demo sells nothing on.
CHANNEL_HORIZON_DAYS = {policy.channel: policy.ship_horizon_days for policy in CHANNEL_POLICIES} | {"walmart": 0}


@dataclass(frozen=True)
class DemoConfig:
    """Arguments of one run; the same values and seed always give the same bytes."""

    seed: int = 7
    skus: int = 150
    days: int = 90
    orders: int = 20_000
    end_date: date = field(default=DEFAULT_END_DATE)

    def __post_init__(self) -> None:
        if self.skus < 10:
            raise ValueError(f"invalid --skus {self.skus}: the demo needs at least 10 SKUs")
        if self.days < 7:
            raise ValueError(f"invalid --days {self.days}: the demo needs at least 7 days")
        if self.orders < 50:
            raise ValueError(f"invalid --orders {self.orders}: the demo needs at least 50 orders")

    @property
    def start_date(self) -> date:
        return self.end_date - timedelta(days=self.days - 1)

    def rng_seed(self, part: str) -> list[int]:
        """Return a seed for one part of the generator, so parts draw independently."""
        return [self.seed, sum(ord(ch) * 31**i for i, ch in enumerate(part)) % 2**32]

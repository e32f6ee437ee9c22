"""Master data of the demo business: products, channel SKUs and locations."""

import numpy as np
import pandas as pd

from ingestion.demo.config import DemoConfig

CATEGORIES = {
    # category: (SKU prefix, title nouns, list price range in dollars)
    "supplements": ("SUP", ("Vitamin D3 Gummies", "Magnesium Glycinate", "Omega-3 Softgels",
                            "Probiotic Capsules", "Collagen Powder"), (12, 45)),
    "apparel": ("APP", ("Merino Crew Socks", "Running Tee", "Fleece Hoodie",
                        "Trail Shorts", "Beanie"), (15, 80)),
    "home": ("HOM", ("Linen Pillow Cover", "Soy Candle", "Bamboo Bath Mat",
                     "Ceramic Planter", "Wool Throw"), (18, 90)),
    "kitchen": ("KIT", ("Chef Knife", "Cast Iron Skillet", "Silicone Spatula Set",
                        "Pour-Over Kettle", "Glass Storage Jar"), (10, 120)),
    "beauty": ("BEA", ("Rosehip Face Oil", "Clay Mask", "Lip Balm Trio",
                       "Vitamin C Serum", "Body Butter"), (8, 40)),
    "outdoor": ("OUT", ("Insulated Bottle", "Camp Mug", "Trekking Pole",
                        "Headlamp", "Dry Bag"), (14, 70)),
}
VARIANTS = ("Classic", "Sage", "Slate", "Sand", "Midnight", "Coral", "Large", "Small")

B2B_ACCOUNTS = pd.DataFrame(
    {
        "account_id": ["ACC-1001", "ACC-1002", "ACC-1003", "ACC-1004", "ACC-1005"],
        "warehouse": ["WH-EAST", "WH-EAST", "WH-WEST", "WH-WEST", "WH-EAST"],
    }
)

LOCATIONS = pd.DataFrame(
    {
        "location_id": ["WH-EAST", "WH-WEST", "FBA-US"],
        "name": ["East Coast Warehouse (Edison NJ)", "West Coast Warehouse (Reno NV)",
                 "Amazon FBA United States"],
        "location_type": ["warehouse", "warehouse", "marketplace_fc"],
        "channel": ["", "", "amazon"],
        "timezone": ["America/New_York", "America/Los_Angeles", "America/Los_Angeles"],
        "country": ["US", "US", "US"],
    }
)


def _random_codes(rng: np.random.Generator, count: int, prefix: str, length: int) -> list[str]:
    """Draw distinct upper-case alphanumeric codes such as FNSKUs and ASINs."""
    alphabet = np.array(list("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"))
    codes: list[str] = []
    seen: set[str] = set()
    while len(codes) < count:
        code = prefix + "".join(rng.choice(alphabet, length))
        if code not in seen:
            seen.add(code)
            codes.append(code)
    return codes


def build_products(config: DemoConfig) -> pd.DataFrame:
    """Build the product list with list prices, unit costs and popularity weights."""
    rng = np.random.default_rng(config.rng_seed("products"))
    names = list(CATEGORIES)
    category = np.array([names[i % len(names)] for i in range(config.skus)])
    rng.shuffle(category)

    rows = []
    counters = {name: 0 for name in names}
    for i, cat in enumerate(category):
        prefix, nouns, (low, high) = CATEGORIES[cat]
        counters[cat] += 1
        number = counters[cat]
        noun = nouns[number % len(nouns)]
        variant = VARIANTS[(number // len(nouns)) % len(VARIANTS)]
        # Prices end in .99 or .49 as retail prices do; cents avoid float rounding.
        price_cents = int(rng.integers(low, high + 1)) * 100 + int(rng.choice([49, 99])) - 100
        cost_cents = int(price_cents * rng.uniform(0.30, 0.45))
        rows.append(
            {
                "sku": f"{prefix}-{number:04d}",
                "title": f"{noun} {variant} {number:03d}",
                "category": cat,
                "price_cents": price_cents,
                "unit_cost_cents": cost_cents,
                "safety_stock": int(rng.integers(3, 13)),
            }
        )
    products = pd.DataFrame(rows)

    # Zipf-like popularity so a few SKUs sell most, as in real catalogues.
    ranks = rng.permutation(config.skus) + 1
    products["popularity"] = 1.0 / ranks**0.8
    products["popularity"] /= products["popularity"].sum()
    return products


def build_channel_skus(config: DemoConfig, products: pd.DataFrame) -> pd.DataFrame:
    """Give each product its identifiers on every channel, all unlike the canonical SKU."""
    rng = np.random.default_rng(config.rng_seed("channel_skus"))
    count = len(products)
    compact = products["sku"].str.replace("-", "", regex=False)

    catalogue = pd.DataFrame({"sku": products["sku"]})
    catalogue["seller_sku"] = compact + "-US"
    catalogue["fnsku"] = _random_codes(rng, count, "X00", 7)
    catalogue["asin"] = _random_codes(rng, count, "B0", 8)
    catalogue["variant_sku"] = products["sku"] + "-" + products["title"].str.split(" ").str[-2].str.upper()
    catalogue["item_number"] = [f"CI-{100000 + 37 * i}" for i in range(count)]
    return catalogue


def channel_sku_rows(catalogue: pd.DataFrame) -> pd.DataFrame:
    """Return the `channel_skus` file rows: one per channel identifier and product."""
    parts = [
        ("amazon", "seller_sku", "seller_sku"),
        ("amazon", "fnsku", "fnsku"),
        ("amazon", "asin", "asin"),
        ("shopify", "variant_sku", "variant_sku"),
        ("b2b", "seller_sku", "item_number"),
    ]
    frames = [
        pd.DataFrame(
            {"channel": channel, "channel_sku": catalogue[column],
             "identifier_type": identifier_type, "sku": catalogue["sku"]}
        )
        for channel, identifier_type, column in parts
    ]
    return pd.concat(frames, ignore_index=True)

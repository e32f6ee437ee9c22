"""Dataset sizes of the benchmark, as arguments of the demo generator.

The generator's own ratios fix the other row counts: about 1.55 order lines per
order, two warehouse snapshot rows and three published-availability rows per SKU
and day, and about 2.7 settlement rows per Amazon order line.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class BenchSize:
    """Generator arguments of one size; order lines are roughly 1.55 x orders."""

    name: str
    skus: int
    days: int
    orders: int


SIZES = {
    # The demo tests' small size, which the suite's smoke test of the benchmark runs.
    "XS": BenchSize("XS", skus=20, days=14, orders=300),
    "S": BenchSize("S", skus=500, days=90, orders=50_000),
    "M": BenchSize("M", skus=5_000, days=365, orders=650_000),
    # About 10 million order lines and 50 million warehouse snapshot rows (2 x 68,500 x 365).
    "L": BenchSize("L", skus=68_500, days=365, orders=6_450_000),
}

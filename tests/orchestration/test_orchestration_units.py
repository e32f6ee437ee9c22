"""Fast tests of the write-back helpers: formula neutralising, the Shopify split, handles."""

from pathlib import Path

import pytest

from orchestration.lib.inventory_feeds import shopify_handle, split_by_weight
from orchestration.lib.safe_csv import neutralize_formula, write_rows_atomically


@pytest.mark.parametrize("value", ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"])
def test_formula_prefixed(value):
    assert neutralize_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["SKU-1", "", "a=b", 5, -3])
def test_plain_value_kept(value):
    assert neutralize_formula(value) == value


def test_rows_written_atomically(tmp_path: Path):
    path = tmp_path / "feeds" / "feed.txt"

    count = write_rows_atomically(path, ["sku", "quantity"], [["=HACK", 3], ["SKU-2", 0]], delimiter="\t")

    assert count == 2
    assert path.read_text(encoding="utf-8") == "sku\tquantity\n'=HACK\t3\nSKU-2\t0\n"
    assert [entry.name for entry in path.parent.iterdir()] == ["feed.txt"]


@pytest.mark.parametrize(
    ("quantity", "weights", "expected"),
    [
        # 10 units over ATP 22 and 8: shares 7.33 and 2.67 round down to 7 and 2;
        # the one unit left goes to the larger remainder (0.67), so 7 and 3.
        (10, [22, 8], [7, 3]),
        # 5 units over equal weights: 2.5 and 2.5 give 2 and 2; the tie goes to the first.
        (5, [1, 1], [3, 2]),
        # A negative ATP counts as zero, so everything goes to the other location.
        (4, [-3, 6], [0, 4]),
        # No positive weight at all: the first location takes the whole quantity.
        (6, [0, 0], [6, 0]),
        (0, [5, 5], [0, 0]),
    ],
)
def test_split_by_weight(quantity, weights, expected):
    parts = split_by_weight(quantity, weights)

    assert parts == expected
    assert sum(parts) == quantity


def test_shopify_handle_from_title():
    assert shopify_handle("Trail Bottle (1 L)", "SKU-A") == "trail-bottle-1-l"
    assert shopify_handle(None, "SKU-A") == "sku-a"

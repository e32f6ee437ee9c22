"""KPI tile text stays short enough to be read whole."""

from dashboards.formatting import MISSING, format_money_compact


def test_compact_money_millions():
    assert format_money_compact(4_197_275.40, "USD") == "4.20 M USD"


def test_compact_money_thousands():
    assert format_money_compact(-653_139.41, "USD") == "-653.1 k USD"


def test_compact_money_small_amount_in_full():
    assert format_money_compact(99_999.5, "EUR") == "99,999.50 EUR"


def test_compact_money_missing():
    assert format_money_compact(None, "USD") == MISSING

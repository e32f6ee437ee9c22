"""The Margin explorer's SKU table adds whole months from the monthly summary and edge days from the mart.

Rows on amazon, USD (net sales; COGS is half of net sales where known):
  SKU-A  10-20 net 10 | 11-03 net 20 | 11-25 net 40 | 12-02 net 80
  SKU-B  11-10 net 5, COGS unknown
  SKU-A  11-12 net 7 on shopify, another channel, never counted here.
By hand, for each selection of dates:
  10-15 to 12-10: November is whole (summary: A 60, B 5), October's and December's days
                  come from the mart (A 10 + 80): A 150, B 5.
  11-01 to 11-30: November alone, whole: A 60, B 5.
  11-05 to 11-30: no whole month, days 11-05 on: A 40, B 5.
  11-01 to 12-01: November whole, and 12-01 has no row: A 60, B 5.
SKU-A's gross margin is 50 % in each. SKU-B's is null: no day of it has a known COGS.
"""

import datetime as dt

import duckdb
import pandas as pd
import pytest
from dashboard_serving import TABLES, write_serving

from dashboards.context import PARAMETER_NAME
from dashboards.finance_queries import MARGIN_BY_SKU


def margin_row(day: str, channel: str, sku: str, net: int, cogs_known: bool = True) -> tuple:
    cogs = net / 2 if cogs_known else None
    profit = net - cogs if cogs_known else None
    return (day, channel, sku, "USD", 1, net, cogs, profit, 0, 0, 0, 0, 0, profit, None, None, 1.0)


ROWS = {
    "fct_channel_margin_daily": [
        margin_row("2026-10-20", "amazon", "SKU-A", 10),
        margin_row("2026-11-03", "amazon", "SKU-A", 20),
        margin_row("2026-11-25", "amazon", "SKU-A", 40),
        margin_row("2026-12-02", "amazon", "SKU-A", 80),
        margin_row("2026-11-10", "amazon", "SKU-B", 5, cogs_known=False),
        margin_row("2026-11-12", "shopify", "SKU-A", 7),
    ],
}


@pytest.fixture(scope="module")
def serving(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("margin_by_sku")
    path = write_serving(root, ROWS, {"fct_channel_margin_daily": TABLES["fct_channel_margin_daily"]})
    with duckdb.connect(str(path), read_only=True) as connection:
        yield connection


def sku_table(connection, start: str, end: str):
    """Run the SKU table's query on amazon, USD, for the dates from `start` to `end`."""
    params = {
        "start": dt.date.fromisoformat(start), "end": dt.date.fromisoformat(end),
        "channels": ["amazon", "shopify"], "sku_text": "", "currency": "USD", "channel": "amazon",
    }
    bound = {name: params[name] for name in set(PARAMETER_NAME.findall(MARGIN_BY_SKU))}
    return connection.execute(MARGIN_BY_SKU, bound).df().set_index("sku")


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2026-10-15", "2026-12-10", {"SKU-A": 150.0, "SKU-B": 5.0}),
    ("2026-11-01", "2026-11-30", {"SKU-A": 60.0, "SKU-B": 5.0}),
    ("2026-11-05", "2026-11-30", {"SKU-A": 40.0, "SKU-B": 5.0}),
    ("2026-11-01", "2026-12-01", {"SKU-A": 60.0, "SKU-B": 5.0}),
])
def test_sku_net_sales_by_dates(serving, start, end, expected):
    net_sales = sku_table(serving, start, end)["net_sales"].astype(float).to_dict()
    assert net_sales == expected


def test_sku_margins_over_whole_months(serving):
    table = sku_table(serving, "2026-10-15", "2026-12-10")

    assert table.at["SKU-A", "gross_margin"] == pytest.approx(0.5)
    assert pd.isna(table.at["SKU-B", "gross_margin"])

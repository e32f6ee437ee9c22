"""The whole project builds when every source has only its empty schema file."""

import re
from pathlib import Path

MARTS_DOC = Path(__file__).resolve().parents[2] / "docs" / "marts.md"

MARTS = [
    "dim_sku", "dim_location", "dim_supplier", "fct_orders", "fct_order_lines", "fct_order_exceptions",
    "fct_order_exception_rate", "fct_inventory_positions", "fct_channel_allocation",
    "fct_atp_accuracy", "fct_channel_margin_daily", "fct_settlement_lines", "fct_settlement_recon",
    "fct_supplier_lead_times", "fct_replenishment_plan", "fct_replenishment_backtest",
]


def test_empty_marts_have_no_rows(empty_warehouse):
    for mart in MARTS:
        (count,) = empty_warehouse.execute(f"select count(*) from {mart}").fetchone()
        assert count == 0, f"{mart} has {count} rows on an empty raw layer"


def test_empty_build_keeps_channels(empty_warehouse):
    channels = {row[0] for row in empty_warehouse.execute("select channel from dim_channel").fetchall()}
    assert channels == {"amazon", "shopify", "b2b", "walmart", "ebay"}


def contract_columns() -> dict[str, list[str]]:
    """Read each mart's columns, in order, from the table rows of docs/marts.md."""
    contract = {}
    for line in MARTS_DOC.read_text().splitlines():
        match = re.match(r"\| `(\w+)` \| [^|]+ \| (.+) \|$", line)
        if not match:
            continue

        # A column cell reads "`a`, `b` (note with `values`), `c`": the first name of each part.
        parts = re.sub(r"\([^)]*\)", "", match.group(2)).split(",")
        contract[match.group(1)] = [re.search(r"`(\w+)`", part).group(1) for part in parts]
    return contract


def test_marts_match_contract(empty_warehouse):
    contract = contract_columns()
    assert len(contract) >= len(MARTS), "docs/marts.md lists fewer marts than this test knows"

    for mart, expected in contract.items():
        actual = [
            row[0]
            for row in empty_warehouse.execute(
                "select column_name from information_schema.columns where table_name = ? order by ordinal_position",
                [mart],
            ).fetchall()
        ]
        assert actual == expected, f"{mart} columns differ from docs/marts.md"

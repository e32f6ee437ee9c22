"""The whole project builds when every source has only its empty schema file."""

MARTS = [
    "dim_sku", "dim_location", "fct_orders", "fct_order_lines", "fct_order_exceptions",
    "fct_order_exception_rate", "fct_inventory_positions", "fct_channel_allocation",
    "fct_atp_accuracy", "fct_channel_margin_daily", "fct_settlement_lines", "fct_settlement_recon",
]


def test_empty_marts_have_no_rows(empty_warehouse):
    for mart in MARTS:
        (count,) = empty_warehouse.execute(f"select count(*) from {mart}").fetchone()
        assert count == 0, f"{mart} has {count} rows on an empty raw layer"


def test_empty_build_keeps_channels(empty_warehouse):
    channels = {row[0] for row in empty_warehouse.execute("select channel from dim_channel").fetchall()}
    assert channels == {"amazon", "shopify", "b2b"}

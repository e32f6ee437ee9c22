"""The Finance and Margin explorer pages against dashboard_finance_serving.py."""

import json

import pytest

from dashboard_apptest import metric_values, page_text
from dashboard_finance_serving import write_finance_serving


def waterfall_trace(app) -> dict:
    """Return the data and title of the page's only waterfall chart."""
    figures = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    waterfalls = [figure for figure in figures if figure["data"][0]["type"] == "waterfall"]
    assert len(waterfalls) == 1
    return {"title": waterfalls[0]["layout"]["title"]["text"], **waterfalls[0]["data"][0]}


@pytest.fixture(scope="module")
def finance_root(tmp_path_factory) -> object:
    root = tmp_path_factory.mktemp("finance_serving")
    write_finance_serving(root)
    return root


def test_finance_kpis(finance_root, open_app):
    app = open_app(finance_root, "pages/finance.py")

    assert not app.exception
    kpis = metric_values(app)
    assert kpis["Settlements reconciled"] == "2 of 4"
    assert kpis["Settled (USD)"] == "245.90 USD"
    assert kpis["Variance (USD)"] == "-4.01 USD"
    assert kpis["Unmapped fee lines"] == "2"


def test_finance_settlement_states(finance_root, open_app):
    app = open_app(finance_root, "pages/finance.py")

    settlements = app.dataframe[0].value.set_index("settlement_id")
    assert settlements.loc["W-1", "state"] == "Reconciled"
    assert settlements.loc["2026-11-01", "state"] == "Lines ≠ total"
    assert settlements.loc["NOSUM", "state"] == "No summary row"
    assert settlements.loc["P1", "currency"] == "EUR"


def test_finance_orders_behind_variance(finance_root, open_app):
    app = open_app(finance_root, "pages/finance.py")

    orders = app.dataframe[1].value
    # Largest absolute variance first (W3's timing -7.50); W1 and W2 tie at 1.50 and sort by order id.
    assert list(orders["order_id"]) == ["W3", "W1", "W2", "E2"]
    assert float(orders.set_index("order_id").loc["W2", "variance_fee_rate"]) == 1.5


def test_finance_unmapped_fees_listed(finance_root, open_app):
    app = open_app(finance_root, "pages/finance.py")

    unmapped = app.dataframe[2].value
    assert list(unmapped["channel"]) == ["walmart", "amazon"]
    assert list(unmapped["amount_description"]) == ["Mystery program fee", "NewFeeType"]
    assert "2 settlement amounts have a type that the fee_buckets seed does not know" in page_text(app)


def test_finance_waterfall_in_one_currency(finance_root, open_app):
    app = open_app(finance_root, "pages/finance.py")

    assert len(app.get("plotly_chart")) == 2
    trace = waterfall_trace(app)
    assert trace["title"] == "Settled to expected net proceeds (USD)"
    assert trace["x"] == ["Settled", "Timing", "Fee rate", "Missing reimbursement", "Expected"]
    assert trace["y"][:4] == pytest.approx([209.80, -7.50, 1.50, 1.50])
    # 209.80 - 7.50 + 1.50 + 1.50 = 205.30, the expected total plotly draws as the total bar.
    assert sum(trace["y"][:4]) == pytest.approx(205.30)


def test_margin_by_channel_ratio_of_sums(finance_root, open_app):
    app = open_app(finance_root, "pages/margin_explorer.py")

    assert not app.exception
    channels = app.dataframe[0].value
    assert list(channels["channel"]) == ["amazon", "walmart"]
    rows = channels.set_index("channel")
    assert round(rows.loc["amazon", "gross_margin"], 1) == 50.0
    assert round(rows.loc["amazon", "contribution_margin"], 1) == 35.0
    assert round(rows.loc["walmart", "gross_margin"], 1) == 43.1
    assert round(rows.loc["walmart", "contribution_margin"], 1) == 24.4


def test_margin_reporting_adds_currencies(finance_root, open_app):
    app = open_app(finance_root, "pages/margin_explorer.py")

    reporting = app.dataframe[1].value.set_index("channel")
    assert float(reporting.loc["walmart", "net_sales_reporting"]) == 112.0
    assert float(reporting.loc["walmart", "contribution_profit_reporting"]) == pytest.approx(40.70)
    assert float(reporting.loc["amazon", "contribution_profit_reporting"]) == 140.0


def test_margin_drill_down_to_skus(finance_root, open_app):
    app = open_app(finance_root, "pages/margin_explorer.py")
    app.selectbox(key="drill_channel").set_value("walmart").run()

    skus = app.dataframe[2].value
    assert list(skus["sku"]) == ["SKU-E", "SKU-W"]
    assert float(skus.set_index("sku").loc["SKU-E", "contribution_profit"]) == 18.5
    labels = [button.proto.label for button in app.get("download_button")]
    assert labels == ["Download CSV", "Download CSV"]


def test_margin_waterfall_steps(finance_root, open_app):
    app = open_app(finance_root, "pages/margin_explorer.py")

    trace = waterfall_trace(app)
    assert trace["title"] == "Contribution margin, all channels (USD)"
    assert trace["y"][:6] == pytest.approx([480.0, -245.50, -55.0, -20.0, 0.0, 0.0])
    assert sum(trace["y"][:6]) == pytest.approx(159.50)

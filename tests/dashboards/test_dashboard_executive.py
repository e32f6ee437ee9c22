"""The executive page against the hand-worked serving.duckdb in dashboard_serving.py."""

import datetime as dt

import duckdb

from dashboard_apptest import metric_values, page_text

INJECTION = "x' OR 1=1; DROP TABLE fct_orders; --"


def test_executive_kpis_match_hand_worked(serving_root, open_app):
    app = open_app(serving_root)

    assert not app.exception
    kpis = metric_values(app)
    assert kpis["Net sales"] == "1,050.00 USD"
    assert kpis["Gross margin"] == "42.0%"
    assert kpis["Contribution margin"] == "33.6%"
    assert kpis["Order exception rate"] == "37.5%"
    assert kpis["ATP accuracy"] == "50.0%"
    assert kpis["Over-promise share"] == "33.3%"
    assert kpis["Oversell exposure"] == "8 units"
    assert kpis["Settlements reconciled"] == "2 of 3"


def test_unknown_cogs_share_is_stated(serving_root, open_app):
    app = open_app(serving_root)

    assert "COGS is known for 95.2% of net sales" in page_text(app)


def test_executive_sections_render(serving_root, open_app):
    app = open_app(serving_root)

    assert [title.value for title in app.title] == ["Executive overview"]
    subheaders = [subheader.value for subheader in app.subheader]
    assert subheaders == ["Margin by channel", "Stock accuracy (ATP)", "Order exceptions", "Settlement reconciliation"]
    assert len(app.dataframe) == 4
    assert len(app.get("plotly_chart")) == 5
    assert "3 exceptions opened in the selected dates are still open" in page_text(app)


def test_margin_table_uses_ratio_of_sums(serving_root, open_app):
    app = open_app(serving_root)

    margin = app.dataframe[0].value.set_index("channel")
    # Shown as percentage points.
    assert round(margin.loc["amazon", "gross_margin"], 2) == 40.0
    assert round(margin.loc["amazon", "contribution_margin"], 2) == 25.0
    assert round(margin.loc["shopify", "gross_margin"], 2) == 50.0
    assert round(margin.loc["b2b", "contribution_margin"], 2) == 35.0
    assert round(margin.loc["amazon", "cogs_coverage"], 1) == 90.9
    assert round(margin.loc["shopify", "cogs_coverage"], 1) == 100.0


def test_channel_filter_changes_kpis(serving_root, open_app):
    app = open_app(serving_root)

    app.multiselect(key="filter_channels").set_value(["amazon"]).run()

    assert not app.exception
    kpis = metric_values(app)
    assert kpis["Net sales"] == "550.00 USD"
    assert kpis["Gross margin"] == "40.0%"
    assert kpis["Contribution margin"] == "25.0%"
    assert kpis["Order exception rate"] == "50.0%"
    assert kpis["ATP accuracy"] == "33.3%"
    assert kpis["Over-promise share"] == "66.7%"
    assert kpis["Settlements reconciled"] == "1 of 2"


def test_date_range_changes_kpis(serving_root, open_app):
    app = open_app(serving_root)

    app.date_input(key="filter_dates").set_value((dt.date(2026, 11, 1), dt.date(2026, 11, 1))).run()

    assert not app.exception
    kpis = metric_values(app)
    assert kpis["Net sales"] == "700.00 USD"
    assert kpis["Gross margin"] == "50.0%"
    assert kpis["Contribution margin"] == "40.1%"
    assert kpis["Order exception rate"] == "50.0%"
    assert kpis["ATP accuracy"] == "50.0%"
    assert kpis["Over-promise share"] == "25.0%"
    assert kpis["Oversell exposure"] == "5 units"
    assert kpis["Settlements reconciled"] == "0 of 1"


def test_currency_selector_keeps_currencies_apart(serving_root, open_app):
    app = open_app(serving_root)

    currency = app.selectbox(key="filter_currency")
    assert currency.options == ["USD", "EUR"]
    currency.set_value("EUR").run()

    kpis = metric_values(app)
    assert kpis["Net sales"] == "100.00 EUR"
    assert kpis["Gross margin"] == "30.0%"
    assert kpis["Contribution margin"] == "18.0%"


def test_sku_filter_narrows_sku_figures(serving_root, open_app):
    app = open_app(serving_root)

    app.text_input(key="filter_sku").set_value("sku-b").run()

    kpis = metric_values(app)
    assert kpis["Net sales"] == "100.00 USD"
    assert kpis["Gross margin"] == "0.0%"
    assert kpis["Contribution margin"] == "-15.0%"
    # SKU-B: amazon 15 vs 10 (over), shopify 20 vs 20 (within).
    assert kpis["ATP accuracy"] == "50.0%"
    assert kpis["Oversell exposure"] == "5 units"
    assert kpis["Order exception rate"] == "37.5%"


def test_injection_in_sku_filter_is_inert(serving_root, open_app):
    app = open_app(serving_root)

    app.text_input(key="filter_sku").set_value(INJECTION).run()

    assert not app.exception
    kpis = metric_values(app)
    assert kpis["Net sales"] == "n/a"
    assert kpis["ATP accuracy"] == "n/a"
    assert kpis["Order exception rate"] == "37.5%"
    assert "No sales in the selected dates, channels and SKUs." in page_text(app)

    app.text_input(key="filter_sku").set_value("").run()
    assert metric_values(app)["Net sales"] == "1,050.00 USD"
    with duckdb.connect(str(serving_root / "serving.duckdb"), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM fct_orders").fetchone() == (8,)


def test_sku_filter_wildcards_are_literal(serving_root, open_app):
    app = open_app(serving_root)

    app.text_input(key="filter_sku").set_value("%").run()

    assert not app.exception
    assert metric_values(app)["Net sales"] == "n/a"


def test_no_channel_selected_explains(serving_root, open_app):
    app = open_app(serving_root)

    app.multiselect(key="filter_channels").set_value([]).run()

    assert not app.exception
    assert "No channel is selected" in page_text(app)
    assert not app.metric

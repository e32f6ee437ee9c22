"""Pages when serving.duckdb is missing, empty, partial, unreadable or replaced."""

import datetime as dt

import dashboard_serving
from dashboard_apptest import metric_values, page_text
from dashboard_serving import write_serving


def test_missing_serving_says_pipeline_not_run(tmp_path, open_app):
    app = open_app(tmp_path)

    assert not app.exception
    assert "The pipeline has not run yet" in page_text(app)
    assert "make pipeline" in page_text(app)
    assert not app.metric


def test_missing_serving_on_queue_page(tmp_path, open_app, serving_root):
    # Register the pages on a populated root first: switch_page needs a prior run.
    app = open_app(serving_root)
    app.switch_page("pages/exception_queue.py")
    app.run()
    assert [title.value for title in app.title] == ["Exception queue"]

    (tmp_path / "serving.duckdb").unlink(missing_ok=True)
    app = open_app(tmp_path)
    assert "The pipeline has not run yet" in page_text(app)


def test_empty_marts_say_so(tmp_path, open_app):
    write_serving(tmp_path, rows={})

    app = open_app(tmp_path)

    assert not app.exception
    assert "the marts are empty" in page_text(app)


def test_empty_margin_mart_leaves_others(tmp_path, open_app):
    rows = {**dashboard_serving.ROWS, "fct_channel_margin_daily": []}
    write_serving(tmp_path, rows=rows)

    app = open_app(tmp_path)

    assert not app.exception
    kpis = metric_values(app)
    assert kpis["Net sales"] == "n/a"
    assert kpis["Gross margin"] == "n/a"
    assert kpis["ATP accuracy"] == "50.0%"
    assert "No sales in the selected dates, channels and SKUs." in page_text(app)


def test_missing_mart_is_named(tmp_path, open_app):
    tables = {name: columns for name, columns in dashboard_serving.TABLES.items() if name != "fct_settlement_recon"}
    write_serving(tmp_path, tables=tables)

    app = open_app(tmp_path)

    assert not app.exception
    assert "`fct_settlement_recon` is missing from serving.duckdb" in page_text(app)
    assert metric_values(app)["Settlements reconciled"] == "0 of 0"
    assert metric_values(app)["Gross margin"] == "42.0%"


def test_unreadable_serving_shows_error(tmp_path, open_app):
    (tmp_path / "serving.duckdb").write_bytes(b"this is not a DuckDB database")

    app = open_app(tmp_path)

    assert not app.exception
    assert "cannot open" in page_text(app)
    assert "make pipeline" in page_text(app)


def test_replaced_serving_is_reopened(tmp_path, open_app):
    write_serving(tmp_path)
    app = open_app(tmp_path)
    assert metric_values(app)["Net sales"] == "1,050.00 USD"

    # A second b2b line: net 1,250 = 1,050 + 200, COGS 710 = 580 + 130 over the
    # 1,200 of net sales with known COGS, gross (1200 − 710) ÷ 1200 = 40.8 %.
    second_b2b_line = ("2026-11-02", "b2b", "SKU-C", "USD", 2, 200, 130, 70, 0, 0, 0, 0, 0, 70, 0.35, 0.35, 1.0)
    margin = [*dashboard_serving.ROWS["fct_channel_margin_daily"], second_b2b_line]
    write_serving(tmp_path, rows={**dashboard_serving.ROWS, "fct_channel_margin_daily": margin})
    app.run()

    assert not app.exception
    assert metric_values(app)["Net sales"] == "1,250.00 USD"
    assert metric_values(app)["Gross margin"] == "40.8%"


def test_unknown_cogs_everywhere(tmp_path, open_app):
    # Shopify sold 82 units (net 900) of SKUs that map to no product, as a store
    # with no products file does: COGS and contribution are unknown on every row.
    unknown_cost = ("2026-11-01", "shopify", None, "USD", 82, 900, None, None, 0, 0, 27, 0, 27, None, None, None, 0.0)
    rows = {**dashboard_serving.ROWS, "fct_channel_margin_daily": [unknown_cost], "fct_atp_accuracy": []}
    write_serving(tmp_path, rows=rows)

    app = open_app(tmp_path)

    assert not app.exception
    kpis = metric_values(app)
    assert kpis["Net sales"] == "900.00 USD"
    assert kpis["Gross margin"] == "n/a"
    assert kpis["Oversell exposure"] == "n/a"
    assert "COGS is known for 0.0% of net sales" in page_text(app)
    assert "No margin to chart" in page_text(app)


def test_replaced_serving_with_later_dates(tmp_path, open_app):
    write_serving(tmp_path)
    app = open_app(tmp_path)
    app.multiselect(key="filter_channels").set_value(["amazon"]).run()

    # Every date moves from 1–2 November to 11–12 December, outside the old range.
    later = {
        table: [tuple(value.replace("2026-11-0", "2026-12-1") if isinstance(value, str) else value for value in row) for row in rows]
        for table, rows in dashboard_serving.ROWS.items()
    }
    write_serving(tmp_path, rows=later)
    app.run()

    assert not app.exception
    assert app.date_input(key="filter_dates").value == (dt.date(2026, 12, 11), dt.date(2026, 12, 12))
    assert app.multiselect(key="filter_channels").value == ["amazon"]
    assert metric_values(app)["Net sales"] == "550.00 USD"

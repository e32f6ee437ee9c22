"""The Returns page against the returns rows of dashboard_finance_serving.py."""

import pytest

from dashboard_apptest import metric_values
from dashboard_finance_serving import write_finance_serving


@pytest.fixture(scope="module")
def returns_root(tmp_path_factory) -> object:
    root = tmp_path_factory.mktemp("returns_serving")
    write_finance_serving(root)
    return root


def test_returns_kpis(returns_root, open_app):
    app = open_app(returns_root, "pages/returns.py")

    assert not app.exception
    kpis = metric_values(app)
    assert kpis["Returns"] == "4"
    assert kpis["Units returned"] == "5"
    assert kpis["Restock rate"] == "75.0%"
    assert kpis["Median disposition time"] == "1.5 days"


def test_returns_by_channel(returns_root, open_app):
    app = open_app(returns_root, "pages/returns.py")

    by_channel = app.dataframe[0].value.set_index("channel")
    assert by_channel.loc["amazon", "restock_rate"] == pytest.approx(100.0)
    assert by_channel.loc["amazon", "awaiting"] == 1
    assert by_channel.loc["walmart", "restock_rate"] == pytest.approx(50.0)
    assert by_channel.loc["walmart", "mean_cycle_time_days"] == pytest.approx(2.25)


def test_returns_channel_filter(returns_root, open_app):
    app = open_app(returns_root, "pages/returns.py")
    app.multiselect(key="filter_channels").set_value(["walmart"]).run()

    kpis = metric_values(app)
    assert kpis["Returns"] == "2"
    assert kpis["Restock rate"] == "50.0%"

"""The exception queue page against the hand-worked serving.duckdb."""

from dashboard_apptest import page_text

QUEUE_PAGE = "pages/exception_queue.py"
INJECTION = "A-1' OR '1'='1"


def test_queue_lists_open_oldest_first(serving_root, open_app):
    app = open_app(serving_root, page=QUEUE_PAGE)

    assert not app.exception
    queue = app.dataframe[0].value
    # E-1 and E-4 are 3 days old, E-2 is 2; E-3 is resolved and hidden.
    assert list(queue["exception_id"]) == ["E-1", "E-4", "E-2"]
    assert "3 open and 0 resolved exceptions shown" in page_text(app)


def test_queue_includes_resolved_on_request(serving_root, open_app):
    app = open_app(serving_root, page=QUEUE_PAGE)

    app.toggle(key="queue_include_resolved").set_value(True).run()

    queue = app.dataframe[0].value
    assert list(queue["exception_id"]) == ["E-1", "E-4", "E-2", "E-3"]


def test_queue_order_search(serving_root, open_app):
    app = open_app(serving_root, page=QUEUE_PAGE)

    app.text_input(key="queue_order_search").set_value("a-3").run()

    queue = app.dataframe[0].value
    assert list(queue["exception_id"]) == ["E-2"]


def test_queue_channel_filter(serving_root, open_app):
    app = open_app(serving_root, page=QUEUE_PAGE)

    app.multiselect(key="filter_channels").set_value(["shopify"]).run()

    queue = app.dataframe[0].value
    assert list(queue["exception_id"]) == ["E-4"]


def test_queue_injection_matches_nothing(serving_root, open_app):
    app = open_app(serving_root, page=QUEUE_PAGE)

    app.text_input(key="queue_order_search").set_value(INJECTION).run()

    assert not app.exception
    assert not app.dataframe
    assert "No exceptions match" in page_text(app)

"""Helpers that read what an AppTest run drew."""

from streamlit.testing.v1 import AppTest


def metric_values(app: AppTest) -> dict[str, str]:
    """Map each KPI tile's label to the text it shows."""
    return {metric.label: metric.value for metric in app.metric}


def page_text(app: AppTest) -> str:
    """Join the text of every message, caption and markdown element on the page."""
    elements = [*app.info, *app.warning, *app.error, *app.success, *app.caption, *app.markdown]
    return "\n".join(str(element.value) for element in elements)

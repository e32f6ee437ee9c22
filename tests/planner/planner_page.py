"""Drive the Planner page the way a person does: pick a line, set a quantity, press a button."""

from streamlit.testing.v1 import AppTest

LINE_LABELS = {
    "SKU-LOW": "SKU-LOW at WH-EAST from SUP-A",
    "SKU-HIGH": "SKU-HIGH at WH-EAST from SUP-A",
    "SKU-EUR": "SKU-EUR at WH-WEST from SUP-B",
}


def decide_line(app: AppTest, sku: str, button: str, quantity: int | None = None, why: str = "") -> AppTest:
    """Select the line of `sku`, fill the form and press Approve or Reject."""
    line = app.selectbox(key="planner_line")
    line.select_index(line.options.index(LINE_LABELS[sku]))
    app.run()

    if quantity is not None:
        quantity_input = next(number for number in app.number_input if number.key.startswith("planner_quantity_"))
        quantity_input.set_value(quantity)
    app.text_input(key="planner_why").input(why)
    app.button(key=f"planner_{button}").click()
    return app.run()


def messages(app: AppTest) -> str:
    return "\n".join(str(element.value) for element in [*app.success, *app.warning, *app.error, *app.info])

"""Plotly figures for the dashboards, one function per chart."""

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

# Fixed colours so a channel looks the same in every chart. Unknown channels fall back
# to plotly's default sequence.
CHANNEL_COLOURS = {
    "amazon": "#FF9900", "shopify": "#5E8E3E", "b2b": "#1F5FA8", "walmart": "#0071CE", "ebay": "#E53238",
}

ATP_OUTCOME_COLOURS = {
    "Within tolerance": "#2E7D32",
    "Over-promise": "#C62828",
    "Under-promise": "#F9A825",
}

PERIOD_LABELS = {"day": "Day", "week": "Week starting", "month": "Month"}

# Date ticks per trend bucket, because plotly otherwise labels daily points with hours.
PERIOD_TICKS = {
    "day": {"tickformat": "%d %b", "dtick": 86_400_000},
    "week": {"tickformat": "%d %b", "dtick": 7 * 86_400_000},
    "month": {"tickformat": "%b %Y", "dtick": "M1"},
}


def _finish(figure: go.Figure, height: int = 340) -> go.Figure:
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0, "title": None},
        hovermode="x unified",
    )
    return figure


def margin_trend(trend: pd.DataFrame, measure: str, title: str, period: str) -> go.Figure:
    """Draw one margin (a share of net sales) per channel over time as lines."""
    figure = px.line(
        trend,
        x="period",
        y=measure,
        color="channel",
        markers=True,
        color_discrete_map=CHANNEL_COLOURS,
        title=title,
        labels={"period": PERIOD_LABELS[period], measure: "Share of net sales", "channel": "Channel"},
    )
    figure.update_yaxes(tickformat=".0%", rangemode="tozero")
    figure.update_xaxes(**PERIOD_TICKS[period])
    figure.update_traces(hovertemplate="%{y:.1%}")
    return _finish(figure)


def net_sales_by_channel(margin: pd.DataFrame, currency: str) -> go.Figure:
    """Draw net sales, gross profit and contribution profit per channel as grouped bars."""
    long = margin.melt(
        id_vars="channel",
        value_vars=["net_sales", "gross_profit", "contribution_profit"],
        var_name="measure",
        value_name="amount",
    )
    long["measure"] = long["measure"].map(
        {"net_sales": "Net sales", "gross_profit": "Gross profit", "contribution_profit": "Contribution profit"}
    )
    figure = px.bar(
        long,
        x="channel",
        y="amount",
        color="measure",
        barmode="group",
        title=f"Net sales and profit by channel ({currency})",
        labels={"channel": "Channel", "amount": f"Amount ({currency})", "measure": "Measure"},
        color_discrete_sequence=["#1F5FA8", "#6FA8DC", "#2E7D32"],
    )
    figure.update_yaxes(tickformat=",.0f")
    figure.update_traces(hovertemplate="%{y:,.2f} " + currency)
    figure = _finish(figure)
    figure.update_layout(hovermode="closest")
    return figure


def atp_outcomes_by_channel(atp: pd.DataFrame) -> go.Figure:
    """Draw each channel's published quantities split into within, over and under tolerance."""
    shares = pd.DataFrame(
        {
            "channel": atp["channel"],
            "Within tolerance": atp["accuracy"],
            "Over-promise": atp["over_promise_share"],
            "Under-promise": atp["under_promise_share"],
        }
    ).melt(id_vars="channel", var_name="outcome", value_name="share")
    figure = px.bar(
        shares,
        x="share",
        y="channel",
        color="outcome",
        orientation="h",
        title="Published availability against true channel ATP",
        labels={"share": "Share of SKU × snapshot observations", "channel": "Channel", "outcome": "Outcome"},
        color_discrete_map=ATP_OUTCOME_COLOURS,
    )
    figure.update_xaxes(tickformat=".0%", range=[0, 1])
    figure.update_traces(hovertemplate="%{x:.1%}")
    figure = _finish(figure, height=280)
    figure.update_layout(hovermode="closest", barmode="stack")
    return figure


def exception_rate_by_type(rates: pd.DataFrame) -> go.Figure:
    """Draw the share of orders with each exception type, per channel, as grouped bars."""
    readable = rates.assign(exception_type=rates["exception_type"].str.replace("_", " ").str.capitalize())
    figure = px.bar(
        readable,
        x="exception_type",
        y="exception_rate",
        color="channel",
        barmode="group",
        color_discrete_map=CHANNEL_COLOURS,
        title="Orders with an exception, by type",
        labels={"exception_type": "Exception type", "exception_rate": "Share of orders", "channel": "Channel"},
    )
    figure.update_yaxes(tickformat=".0%", rangemode="tozero")
    figure.update_traces(hovertemplate="%{y:.1%}")
    figure = _finish(figure)
    figure.update_layout(hovermode="closest")
    return figure


def waterfall(steps: list[tuple[str, float]], total_label: str, title: str, currency: str) -> go.Figure:
    """Draw a waterfall from a starting amount through signed steps to a total bar.

    `steps` is (label, amount): the first is the starting bar and every other a
    change added to it; the total bar is their sum.
    """
    labels = [label for label, _ in steps] + [total_label]
    values = [amount for _, amount in steps] + [0.0]
    measures = ["absolute"] + ["relative"] * (len(steps) - 1) + ["total"]
    figure = go.Figure(
        go.Waterfall(
            x=labels,
            y=values,
            measure=measures,
            connector={"line": {"color": "#9E9E9E"}},
            increasing={"marker": {"color": "#2E7D32"}},
            decreasing={"marker": {"color": "#C62828"}},
            totals={"marker": {"color": "#1F5FA8"}},
            hovertemplate="%{y:,.2f} " + currency + "<extra></extra>",
        )
    )
    figure.update_layout(title=title, showlegend=False)
    figure.update_yaxes(tickformat=",.0f", title=f"Amount ({currency})")
    figure = _finish(figure)
    figure.update_layout(hovermode="closest")
    return figure


def fees_by_bucket(fees: pd.DataFrame, currency: str) -> go.Figure:
    """Draw settled fees per channel, stacked by fee bucket, as positive costs."""
    costs = fees.assign(cost=-fees["amount"], fee_bucket=fees["fee_bucket"].str.replace("_", " "))
    figure = px.bar(
        costs,
        x="channel",
        y="cost",
        color="fee_bucket",
        title=f"Fees by bucket and channel ({currency})",
        labels={"channel": "Channel", "cost": f"Cost ({currency}; negative is money back)", "fee_bucket": "Bucket"},
    )
    figure.update_yaxes(tickformat=",.0f")
    figure.update_traces(hovertemplate="%{y:,.2f} " + currency)
    figure = _finish(figure)
    figure.update_layout(hovermode="closest", barmode="relative")
    return figure
def positions_by_state(positions: pd.DataFrame) -> go.Figure:
    """Draw each location's units by inventory state, on hand split into its states."""
    states = ["sellable_now", "reserved", "damaged", "inspection", "quality_hold", "in_transit", "inbound_po"]
    long = positions.melt(id_vars="location_id", value_vars=states, var_name="state", value_name="units")
    figure = px.bar(long, x="units", y="location_id", color="state", orientation="h",
                    title="Units by location and state (latest snapshot)",
                    labels={"units": "Units", "location_id": "Location", "state": "State"})
    figure = _finish(figure, height=300)
    figure.update_layout(hovermode="closest", barmode="stack")
    return figure


def accuracy_trend(trend: pd.DataFrame) -> go.Figure:
    """Draw the daily share of published quantities within tolerance, per channel."""
    figure = px.line(trend, x="snapshot_date", y="accuracy", color="channel", markers=True,
                     title="ATP accuracy by day", color_discrete_map=CHANNEL_COLOURS,
                     labels={"snapshot_date": "Snapshot day", "accuracy": "Within tolerance", "channel": "Channel"})
    figure.update_yaxes(tickformat=".0%", range=[0, 1.02])
    return _finish(figure)


def replay_comparison(comparison: pd.DataFrame) -> go.Figure:
    """Draw sold, lost and oversold units of each replayed policy, per channel."""
    measures = {"sold_units": "Sold", "lost_to_limits": "Lost to buffers and caps",
                "lost_to_stock": "Lost to no stock", "oversold_units": "Oversold"}
    long = comparison.melt(id_vars=["policy_name", "channel"], value_vars=list(measures),
                           var_name="measure", value_name="units")
    long["measure"] = long["measure"].map(measures)
    figure = px.bar(long, x="channel", y="units", color="measure", facet_col="policy_name", barmode="group",
                    title="Replay: units per channel and policy",
                    labels={"channel": "Channel", "units": "Units", "measure": "", "policy_name": "Policy"})
    figure = _finish(figure, height=360)
    figure.update_layout(hovermode="closest")
    return figure

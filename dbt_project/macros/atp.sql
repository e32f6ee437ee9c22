{#-
    Available to promise of one position with a horizon of `horizon_days`:
    sellable now plus the transfers and purchase orders expected by the
    snapshot day plus the horizon, minus safety stock, floored at 0. Units
    with no expected date are not counted as arriving.
-#}
{% macro atp(snapshot_date, horizon_days, subtract) -%}
    greatest(
        0,
        sellable_now
        + case
            when in_transit_expected_date <= {{ dbt.dateadd('day', horizon_days, snapshot_date) }}
                then in_transit
            else 0
        end
        + case
            when inbound_po_expected_date <= {{ dbt.dateadd('day', horizon_days, snapshot_date) }}
                then inbound_po
            else 0
        end
        - {{ subtract }}
    )
{%- endmacro %}

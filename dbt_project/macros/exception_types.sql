{#- Order exception types, in the order dashboards list them. -#}
{% macro exception_types() -%}
    {{ return([
        'stock_cancel', 'backorder', 'split_shipment', 'late_shipment', 'unmapped_sku',
        'unmapped_status', 'payment_hold', 'address_invalid', 'duplicate_order',
        'settlement_mismatch'
    ]) }}
{%- endmacro %}

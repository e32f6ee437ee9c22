{#- Round an amount to the DECIMAL(18, 4) every mart uses for money. -#}
{% macro money(expression) -%}
    cast(round({{ expression }}, 4) as decimal(18, 4))
{%- endmacro %}

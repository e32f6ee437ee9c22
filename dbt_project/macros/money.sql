{#-
    The money type of every mart: DECIMAL(38, 4). Raw amounts are DECIMAL(18, 4),
    but a quantity times a price, or a sum over many lines, can pass 14 integer
    digits, and a cast back to 18 digits would stop the whole build.
-#}
{% macro money_type() -%}
    {{ return(api.Column.numeric_type("numeric", 38, 4)) }}
{%- endmacro %}

{#- Round an amount to 4 decimals in the money type. -#}
{% macro money(expression) -%}
    cast(round({{ expression }}, 4) as {{ money_type() }})
{%- endmacro %}

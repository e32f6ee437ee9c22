{#-
    Join condition that finds the FX interval of a currency on a day in
    int_fx_rates_to_reporting (aliased `fx_alias`): valid_from <= day < valid_to.
-#}
{% macro fx_interval_join(fx_alias, currency, day) -%}
    {{ fx_alias }}.currency = {{ currency }}
    and {{ fx_alias }}.valid_from <= {{ day }}
    and {{ fx_alias }}.valid_to > {{ day }}
{%- endmacro %}

{#-
    Share of a Shopify order that one line carries, by gross sales; lines split
    evenly when the order's gross is zero. Needs line_gross, order_gross and
    order_lines in scope.
-#}
{% macro line_share() -%}
    (case
        when order_gross = 0 or order_gross is null then 1.0 / order_lines
        else line_gross / order_gross
    end)
{%- endmacro %}

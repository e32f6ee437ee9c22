{#-
    Days since 1970-01-01 of a date, as an integer. A window over it can use a
    numeric RANGE frame (`range between 30 preceding and current row`), which more
    engines accept than a frame of intervals over a date.
-#}
{% macro day_number(day) %}
    {{- dbt.datediff("cast('1970-01-01' as date)", day, 'day') -}}
{% endmacro %}

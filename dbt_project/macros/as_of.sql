{#-
    Instant that exception ages and overdue checks are measured against: the
    `as_of_at` variable when set (tests pin it), else the build's current time.
-#}
{% macro as_of_at() %}
    {%- if var('as_of_at') -%}
        cast('{{ var("as_of_at") }}' as timestamp with time zone)
    {%- else -%}
        {{ dbt.current_timestamp() }}
    {%- endif -%}
{% endmacro %}

{#-
    Instant that exception ages and overdue checks are measured against: the
    `as_of_at` variable when set (tests pin it), else `default`.
-#}
{% macro as_of_at(default) %}
    {%- if var('as_of_at') -%}
        cast('{{ var("as_of_at") }}' as timestamp with time zone)
    {%- else -%}
        {{ default }}
    {%- endif -%}
{% endmacro %}

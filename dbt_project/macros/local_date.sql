{#-
    Calendar day of a UTC instant in an IANA time zone. Days are bucketed in the
    channel's own zone, which has no cross-database macro in dbt, so each adapter
    gets its own implementation here.
-#}
{% macro local_date(instant, timezone) %}
    {{ return(adapter.dispatch('local_date', 'marketops')(instant, timezone)) }}
{% endmacro %}

{% macro duckdb__local_date(instant, timezone) %}
    cast(timezone({{ timezone }}, {{ instant }}) as date)
{% endmacro %}

{#- ANSI `at time zone`, as Postgres, Trino and Snowflake accept it. -#}
{% macro default__local_date(instant, timezone) %}
    cast(({{ instant }} at time zone {{ timezone }}) as date)
{% endmacro %}

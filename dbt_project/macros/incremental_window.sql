{#-
    Filter that limits an incremental fact mart to the days it rebuilds. A full
    build (or --full-refresh) keeps every row. An incremental build keeps the
    days from the latest day already in the mart minus `lookback_days` onwards;
    with the `min_date` and `max_date` variables set (a day range, end
    exclusive) it keeps exactly that range. The models replace whole days
    (delete+insert on the day column), so a day in the window is rewritten
    completely, and a day left out keeps its rows.
    `day_expression` computes the day from the model's inputs where the select
    names it only as an alias; `day_column` is the mart's column.
-#}
{% macro incremental_window(day_column, day_expression=none, lookback_days=var('incremental_lookback_days')) %}
    {%- set day = day_expression or day_column -%}
    {%- if this is not none and is_incremental() -%}
        {{ day }} >= {{ incremental_window_start(day_column, lookback_days) }}
        {%- if var('min_date', none) and var('max_date', none) %}
            and {{ day }} < cast('{{ var("max_date") }}' as date)
        {%- endif -%}
    {%- else -%}
        1 = 1
    {%- endif -%}
{% endmacro %}

{#-
    The first day an incremental build of the mart rewrites, as a SQL date
    expression: `min_date` when a day range is set, else the mart's latest day
    less `lookback_days`. A full build starts at 0001-01-01. A model reads inputs
    from before the window through it, such as the 28 days of demand before the
    first rewritten snapshot.
-#}
{% macro incremental_window_start(day_column, lookback_days=var('incremental_lookback_days')) %}
    {#- A unit test has no relation behind `this`, so it always sees a full build. -#}
    {%- if this is not none and is_incremental() -%}
        {%- if var('min_date', none) and var('max_date', none) -%}
            cast('{{ var("min_date") }}' as date)
        {%- else -%}
            {#- An empty mart (its sources had no files yet) rebuilds every day. -#}
            {#- Qualified, so a mart built before it had the day column fails on the
                missing column (fixed by a full refresh) instead of binding the outer one. -#}
            {%- set first_day -%}
                select coalesce(
                    cast({{ dbt.dateadd('day', -1 * lookback_days, 'max(built.' ~ day_column ~ ')') }} as date),
                    cast('0001-01-01' as date)
                )
                from {{ this }} as built
            {%- endset -%}
            {#- Read before the model runs and written as a literal: DuckDB skips the row
                groups of the inputs outside the window by their min/max statistics only
                when it compares with a constant, not with a subquery. -#}
            {%- if execute -%}
                cast('{{ run_query(first_day).columns[0].values()[0] }}' as date)
            {%- else -%}
                ({{ first_day }})
            {%- endif -%}
        {%- endif -%}
    {%- else -%}
        cast('0001-01-01' as date)
    {%- endif -%}
{% endmacro %}

{#-
    The incremental window of a local day as a filter on the instant alone: the
    instants from two days before the window's first day, wide enough for any pair
    of the day's and the session's time zones. A filter on the instant's column
    reaches the scans of the tables below a view, where the local day, computed with
    a join to the channel's time zone, does not. It keeps a few more rows than the
    window, so the model filters on the day too. A full build keeps every row.
-#}
{% macro incremental_instant_window(instant, day_column, lookback_days=var('incremental_lookback_days')) %}
    {%- if this is not none and is_incremental() -%}
        {{ instant }} >= cast({{ incremental_window_start(day_column, lookback_days) }} - 2 as timestamp with time zone)
    {%- else -%}
        1 = 1
    {%- endif -%}
{% endmacro %}

{#-
    Data tests read their model through this macro (dbt's `where` config). With the
    environment variable MARKETOPS_DAILY_TESTS set to `true`, a test of a day-incremental model checks only the days
    the build could have rewritten: the `min_date`/`max_date` range when set, else
    the days from the model's latest day less the order lookback (the longest
    lookback, so every day any model rewrote is checked). Days before were checked
    when they were written. A test of a staging model incremental by load checks
    the keys that a file loaded within the order lookback of the latest load
    carries (`test_load_window`). A full refresh, or a build without the variable (a first
    build, `make pipeline` on an empty warehouse), checks every row. An environment
    variable rather than a dbt var, because changing a var makes dbt parse the whole
    project again.
-#}
{#- dbt calls this override in its own namespace, so the project's macros are named with it. -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set daily = execute and env_var('MARKETOPS_DAILY_TESTS', 'false') == 'true' and not flags.FULL_REFRESH -%}
    {%- set day_column = marketops.incremental_day_column(relation) if daily else none -%}
    {%- set load_key = marketops.incremental_load_key(relation) if daily else none -%}
    {%- set window = none -%}
    {%- if day_column -%}
        {%- set window = marketops.test_day_window(relation, day_column) -%}
    {%- elif load_key -%}
        {%- set window = marketops.test_load_window(relation, load_key) -%}
    {%- endif -%}
    {%- if window -%}
        {%- set where = '(' ~ where ~ ') and ' ~ window if where else window -%}
    {%- endif -%}
    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {% do return(filtered) %}
    {%- else -%}
        {% do return(relation) %}
    {%- endif -%}
{%- endmacro %}

{#- The day column (the delete+insert key) of the day-incremental model behind `relation`, or none.
    Staging models are incremental by load, keyed on an order or an instant, so their
    tests always check every row. -#}
{% macro incremental_day_column(relation) %}
    {%- if relation is none or relation.identifier is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for node in graph.get('nodes', {}).values() -%}
        {%- if node.resource_type == 'model' and node.alias == relation.identifier
            and node.config.materialized == 'incremental' and 'by_day' in node.tags -%}
            {{ return(node.config.unique_key) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}

{#- The key (the delete+insert key) of the staging model incremental by load behind `relation`, or none. -#}
{% macro incremental_load_key(relation) %}
    {%- if relation is none or relation.identifier is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for node in graph.get('nodes', {}).values() -%}
        {%- if node.resource_type == 'model' and node.alias == relation.identifier
            and node.config.materialized == 'incremental' and 'by_load' in node.tags -%}
            {{ return(node.config.unique_key) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}

{#-
    The rows of every key that a file loaded within the order lookback of the model's
    latest load carries. A build replaces whole keys (delete+insert), so keys of
    different builds never share a row, and a duplicate can only sit among the keys
    one build wrote: those of the files it loaded, all inside the window unless that
    build's files span more than the lookback.
-#}
{% macro test_load_window(relation, key) %}
    {%- set first_load -%}
        (select {{ dbt.dateadd('day', -1 * var('incremental_lookback_days'), 'max(loaded_at)') }} from {{ relation }})
    {%- endset -%}
    {{ return(key ~ ' in (select ' ~ key ~ ' from ' ~ relation ~ ' where loaded_at >= ' ~ first_load ~ ')') }}
{% endmacro %}

{% macro test_day_window(relation, day_column) %}
    {%- if var('min_date', none) and var('max_date', none) -%}
        {{ return(day_column ~ " >= cast('" ~ var('min_date') ~ "' as date) and " ~ day_column ~ " < cast('" ~ var('max_date') ~ "' as date)") }}
    {%- endif -%}
    {%- set first_day -%}
        (select {{ dbt.dateadd('day', -1 * var('incremental_lookback_days'), 'max(' ~ day_column ~ ')') }} from {{ relation }})
    {%- endset -%}
    {{ return(day_column ~ ' >= ' ~ first_day) }}
{% endmacro %}

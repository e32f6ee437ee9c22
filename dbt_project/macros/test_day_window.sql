{#-
    Data tests read their model through this macro (dbt's `where` config). With the
    environment variable MARKETOPS_DAILY_TESTS set to `true`, a test of a day-incremental model checks only the days
    the build could have rewritten: the `min_date`/`max_date` range when set, else
    the days from the model's latest day less its lookback (its `lookback_days`
    config, else the order lookback). Days before were checked when they were written.
    A test of a staging table incremental by load checks every row of the keys loaded
    since the table's build before (test_load_window.sql). A full
    refresh, or a build without the variable (a first build, `make pipeline` on an
    empty warehouse), checks every row. An environment
    variable rather than a dbt var, because changing a var makes dbt parse the whole
    project again.
-#}
{#- dbt calls this override in its own namespace, so the project's macros are named with it. -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set daily = execute and env_var('MARKETOPS_DAILY_TESTS', 'false') == 'true' and not flags.FULL_REFRESH -%}
    {%- set by_day = marketops.incremental_model_tagged(relation, 'by_day') if daily else none -%}
    {%- set by_load = marketops.incremental_model_tagged(relation, 'by_load') if daily and not by_day else none -%}
    {%- set window = none -%}
    {%- if by_day -%}
        {%- set lookback_days = by_day.config.get('lookback_days') -%}
        {%- set lookback_days = var('incremental_lookback_days') if lookback_days is none else lookback_days -%}
        {%- set window = marketops.test_day_window(relation, by_day.config.unique_key, lookback_days) -%}
    {%- elif by_load -%}
        {%- set window = marketops.test_load_window(relation, by_load.config.unique_key) -%}
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

{#- The incremental model behind `relation` with `tag`, or none: `by_day` (its day column is
    the delete+insert key) or `by_load` (a staging table keyed on an order, a settlement
    or an instant). -#}
{% macro incremental_model_tagged(relation, tag) %}
    {%- if relation is none or relation.identifier is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for node in graph.get('nodes', {}).values() -%}
        {%- if node.resource_type == 'model' and node.alias == relation.identifier
            and node.config.materialized == 'incremental' and tag in node.tags -%}
            {{ return(node) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}

{% macro test_day_window(relation, day_column, lookback_days) %}
    {%- if var('min_date', none) and var('max_date', none) -%}
        {{ return(day_column ~ " >= cast('" ~ var('min_date') ~ "' as date) and " ~ day_column ~ " < cast('" ~ var('max_date') ~ "' as date)") }}
    {%- endif -%}
    {%- set first_day -%}
        (select {{ dbt.dateadd('day', -1 * (lookback_days | int), 'max(' ~ day_column ~ ')') }} from {{ relation }})
    {%- endset -%}
    {{ return(day_column ~ ' >= ' ~ first_day) }}
{% endmacro %}

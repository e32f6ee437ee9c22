{#- The table beside a staging model incremental by load that keeps the latest load it
    held before its last build. -#}
{% macro previous_load_relation(relation) %}
    {{ return(api.Relation.create(database=relation.database, schema=relation.schema,
                                  identifier=relation.identifier ~ '__previous_load')) }}
{% endmacro %}

{#- Pre-hook of the staging models incremental by load: keeps the latest load before
    this build, which a daily build's tests read. A first build or a full refresh
    drops it, because it rewrites every row. -#}
{% macro record_latest_load() %}
    {%- if is_incremental() and execute -%}
        create or replace table {{ previous_load_relation(this) }} as
        select max(loaded_at) as latest_load from {{ this }}
    {%- else -%}
        drop table if exists {{ previous_load_relation(this) }}
    {%- endif -%}
{% endmacro %}

{#-
    A build replaces every row of each key its new files carry, and the kept row of a
    key is from its latest file, so a key the build rewrote has a row loaded after the
    latest load before the build. The window is every row of those keys, and rows
    with no key. Without a recorded load (a first build, a full refresh, a warehouse
    built before the record existed) it returns none and the test reads every row.
-#}
{% macro test_load_window(relation, key) %}
    {%- set previous = adapter.get_relation(database=relation.database, schema=relation.schema,
                                            identifier=relation.identifier ~ '__previous_load') -%}
    {%- if previous is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set rewritten_keys -%}
        select {{ key }} from {{ relation }}
        where loaded_at >= coalesce((select latest_load from {{ previous }}), cast('-infinity' as timestamp with time zone))
    {%- endset -%}
    {{ return('(' ~ key ~ ' in (' ~ rewritten_keys ~ ') or ' ~ key ~ ' is null)') }}
{% endmacro %}

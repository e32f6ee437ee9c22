{#- The staging table incremental by load behind `relation` (tagged `by_load`, keyed on
    an order, a settlement or an instant), or none. -#}
{% macro incremental_by_load_model(relation) %}
    {%- if relation is none or relation.identifier is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for node in graph.get('nodes', {}).values() -%}
        {%- if node.resource_type == 'model' and node.alias == relation.identifier
            and node.config.materialized == 'incremental' and 'by_load' in node.tags -%}
            {{ return(node) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}

{#-
    A build replaces every row of each key its new files carry, and the kept row of a
    key is from its latest file, so a key the build rewrote has a row loaded in it.
    The window is every row of the keys loaded in the `load_days` up to the latest
    load, which covers that many days of missed daily runs; rows with no key are
    always in it. Finding those keys costs a pass over the key and load columns,
    where a uniqueness test of every row groups the whole table.
-#}
{% macro test_load_window(relation, key, load_days) %}
    {%- set recent_keys -%}
        select {{ key }} from {{ relation }}
        where loaded_at >= (select max(loaded_at) from {{ relation }}) - interval '{{ load_days | int }} days'
    {%- endset -%}
    {{ return('(' ~ key ~ ' in (' ~ recent_keys ~ ') or ' ~ key ~ ' is null)') }}
{% endmacro %}

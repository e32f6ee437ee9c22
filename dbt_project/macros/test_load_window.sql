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

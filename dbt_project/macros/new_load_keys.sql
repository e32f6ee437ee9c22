{#-
    Filter for the source rows of a staging model that is incremental by load. A
    full build keeps every row. An incremental build keeps every row, from any file,
    of each key that the files loaded since the model's last build carry; the model
    then replaces those keys (delete+insert on the key), so deduplication and the
    copy counts see every version of a changed key, and an untouched key keeps its
    rows. The latest load is read again (>=), which costs one day's files and covers
    files loaded in the same instant as the last build's newest. An empty model
    reads everything.
    `key` is the raw column, `source_relation` the model's source.
-#}
{% macro new_load_keys(key, source_relation) %}
    {%- if this is not none and is_incremental() and execute -%}
        {#- Read before the model runs and written as a literal: DuckDB then reads only
            the raw files loaded since, by their statistics, instead of every file. -#}
        {%- set latest_load = run_query('select max(loaded_at) from ' ~ this).columns[0].values()[0] -%}
        {%- if latest_load is none -%}
            1 = 1
        {%- else -%}
            {{ key }} in (
                select newly_loaded.{{ key }}
                from {{ source_relation }} as newly_loaded
                where newly_loaded._loaded_at >= cast('{{ latest_load }}' as timestamp with time zone)
            )
        {%- endif -%}
    {%- else -%}
        1 = 1
    {%- endif -%}
{% endmacro %}

{#- Pre-hook that deletes from the built model every key that the files loaded since carry. -#}
{% macro delete_new_load_keys(key, source_relation) %}
    {%- if is_incremental() and execute -%}
        delete from {{ this }} where {{ new_load_keys(key, source_relation) }}
    {%- else -%}
        select 1
    {%- endif -%}
{% endmacro %}

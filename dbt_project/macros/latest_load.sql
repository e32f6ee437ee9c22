{#-
    Rank rows of the same key across landed files so that 1 is the copy to keep:
    the latest load, then the latest file name. Re-exports overlap in time, so
    the same record can arrive in several files and must be counted once.
-#}
{% macro latest_load_rank(partition_by) %}
    row_number() over (
        partition by {{ partition_by }}
        order by _loaded_at desc, _file_name desc, _line_number desc
    )
{% endmacro %}

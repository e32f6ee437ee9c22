{#- Units a channel gets from a pool: what is left above its buffer, capped at its max listing. -#}
{% macro allocated_units(pool_before, buffer_units, max_listed_units) -%}
    cast(floor(
        case
            when {{ max_listed_units }} is not null
                and {{ max_listed_units }} < greatest(0, {{ pool_before }} - {{ buffer_units }})
                then {{ max_listed_units }}
            else greatest(0, {{ pool_before }} - {{ buffer_units }})
        end
    ) as {{ dbt.type_bigint() }})
{%- endmacro %}

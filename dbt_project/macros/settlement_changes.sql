{#-
    A fingerprint of the fee_buckets seed, stored on every bucketed settlement line,
    so that an edited mapping rebuckets every settlement on the next build.
-#}
{% macro fee_buckets_version() %}
    (
        select md5(string_agg(cast(fee_buckets as {{ dbt.type_string() }}), ';' order by cast(fee_buckets as {{ dbt.type_string() }})))
        from {{ ref('fee_buckets') }} as fee_buckets
    )
{% endmacro %}

{#-
    Pre-hook of the settlement lines incremental by settlement: deletes from the
    built model each settlement that the files loaded since its last build change,
    and every line bucketed with another fee_buckets mapping. The model then builds
    every settlement missing from it. A settlement changes when:
    - a newly loaded line belongs to it (a new settlement, or one downloaded again);
    - a newly loaded line had belonged to it: an eBay or Shopify transaction moves
      from the `unpaid` settlement to a payout's, and `unpaid` may be left empty;
    - its settlement file was loaded again (`settlements`, a channel's settlement
      model), even with no line: a download with the summary row only empties it.
    Each channel has its own latest load, so lines staged later than another
    channel's newer files still count. The latest load is read again (>=), like the
    staging models do.
-#}
{% macro delete_changed_settlements(lines_relation, settlements) %}
    {%- if is_incremental() and execute -%}
        {%- set latest_loads = run_query('select channel, max(loaded_at) from ' ~ this ~ ' group by channel') -%}
        delete from {{ this }}
        where fee_buckets_version is distinct from {{ fee_buckets_version() }}
            or (channel, settlement_id) in (
                select channel, settlement_id
                from {{ lines_relation }}
                where {{ loaded_since_built(latest_loads, 'channel') }}

                union

                select built.channel, built.settlement_id
                from {{ this }} as built
                where built.settlement_line_id in (
                    select settlement_line_id
                    from {{ lines_relation }}
                    where {{ loaded_since_built(latest_loads, 'channel') }}
                )
            {%- for channel, relation in settlements.items() %}

                union

                select '{{ channel }}', settlement_id
                from {{ relation }}
                where {{ loaded_since_built(latest_loads, "'" ~ channel ~ "'") }}
            {%- endfor %}
            )
    {%- else -%}
        {#- dbt runs each hook; a full build has nothing to delete. -#}
        select 1
    {%- endif -%}
{% endmacro %}

{#- Rows loaded at or after the latest load of their channel in the built model, or of a channel it lacks. -#}
{% macro loaded_since_built(latest_loads, channel_expression) %}
    (
    {%- for channel, latest_load in latest_loads.rows %}
        ({{ channel_expression }} = '{{ channel }}' and loaded_at >= cast('{{ latest_load }}' as timestamp with time zone)) or
    {%- endfor %}
        {{ channel_expression }} not in (select distinct channel from {{ this }})
    )
{% endmacro %}

{#- Per settlement, its line count and a sum of row hashes over the columns the mart copies. -#}
{% macro settlement_line_fingerprints(relation) %}
    {%- set copied = [
        'settlement_line_id', 'currency', 'transaction_type', 'amount_type', 'amount_description',
        'order_id', 'sku', 'quantity', 'posted_at', 'source_file_name', 'source_line_number', 'fee_bucket',
    ] -%}
    select
        channel,
        settlement_id,
        count(*) as line_count,
        sum(cast(hash({{ copied | join(', ') }}, {{ money('amount') }}) as hugeint)) as fingerprint
    from {{ relation }}
    group by channel, settlement_id
{% endmacro %}

{#-
    Pre-hook of fct_settlement_lines, incremental by settlement like the bucketed lines
    it copies: deletes each settlement whose lines differ from its bucketed lines or
    that has none any more. It also deletes, so that they are converted again, each
    settlement with a line posted within the order lookback of the latest posting
    day, because a rate that lands late changes their conversion (a rate holds until
    the next one), and each settlement with an amount not converted yet. The mart then
    adds every settlement it lacks.
-#}
{% macro delete_settlements_differing_from(bucketed_relation) %}
    {%- if is_incremental() and execute -%}
        {%- set latest_day = run_query('select max(posted_date) from ' ~ this).columns[0].values()[0] -%}
        delete from {{ this }}
        where (channel, settlement_id) in (
            with

            bucketed as ({{ settlement_line_fingerprints(bucketed_relation) }}),

            built as ({{ settlement_line_fingerprints(this) }}),

            differing as (
                (select * from bucketed except select * from built)
                union all
                (select * from built except select * from bucketed)
            )

            select channel, settlement_id from differing

            union

            select channel, settlement_id
            from {{ this }}
            where amount is not null
                and posted_at is not null
                and amount_reporting is null
            {%- if latest_day is not none %}

            union

            select channel, settlement_id
            from {{ this }}
            where posted_date >= cast('{{ latest_day }}' as date) - {{ var('incremental_lookback_days') }}
            {%- endif %}
        )
    {%- else -%}
        select 1
    {%- endif -%}
{% endmacro %}

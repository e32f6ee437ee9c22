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
    The latest load is read again (>=), like the staging models do.
    NOTE: one latest load for every channel. A settlement downloaded again and staged
    after a build that already took newer files of another channel (a run of this
    model without the Amazon staging) is not bucketed again until a full refresh.
    One latest load per channel would read each channel's latest file again every
    day, which for a yearly eBay or Shopify export is every settlement.
-#}
{% macro delete_changed_settlements(lines_relation, settlements) %}
    {%- if is_incremental() and execute -%}
        {%- set latest_load = run_query('select max(loaded_at) from ' ~ this).columns[0].values()[0] -%}
        {%- set newly_loaded -%}
            {%- if latest_load is none -%}
                1 = 1
            {%- else -%}
                loaded_at >= cast('{{ latest_load }}' as timestamp with time zone)
            {%- endif -%}
        {%- endset -%}
        delete from {{ this }}
        where fee_buckets_version is distinct from {{ fee_buckets_version() }}
            or (channel, settlement_id) in (
                select channel, settlement_id
                from {{ lines_relation }}
                where {{ newly_loaded }}

                union

                select built.channel, built.settlement_id
                from {{ this }} as built
                where built.settlement_line_id in (
                    select settlement_line_id
                    from {{ lines_relation }}
                    where {{ newly_loaded }}
                )
            {%- for channel, relation in settlements.items() %}

                union

                select '{{ channel }}', settlement_id
                from {{ relation }}
                where {{ newly_loaded }}
            {%- endfor %}
            )
    {%- else -%}
        {#- dbt runs each hook; a full build has nothing to delete. -#}
        select 1
    {%- endif -%}
{% endmacro %}

{#- Per settlement, its line count and a sum of row hashes over the columns the mart copies,
    and `extra_columns` for a model that reads more of the bucketed lines. -#}
{% macro settlement_line_fingerprints(relation, extra_columns=[]) %}
    {%- set copied = [
        'settlement_line_id', 'currency', 'transaction_type', 'amount_type', 'amount_description',
        'order_id', 'sku', 'quantity', 'posted_at', 'source_file_name', 'source_line_number', 'fee_bucket',
    ] + extra_columns -%}
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

{#-
    Filter of the settlement models' rows to the settlements the built model lacks:
    new ones, and those its pre-hook deleted to build again. A full build keeps all.
-#}
{% macro settlement_not_built(alias) %}
    {%- if is_incremental() -%}
    where not exists (
        -- Distinct first: a few hundred settlements to probe, not every built line.
        select 1
        from (select distinct channel, settlement_id from {{ this }}) as built
        where built.channel = {{ alias }}.channel
            and built.settlement_id = {{ alias }}.settlement_id
    )
    {%- endif -%}
{% endmacro %}

{#-
    A fingerprint of the mappings int_settlement_expected_fees reads besides the lines:
    the seller SKU mapping, each SKU's category and the fee schedule. Stored on every
    row, so that an edited mapping or schedule computes every settlement again.
-#}
{% macro expected_fees_dimensions_version() %}
    {%- set parts = [
        "select channel, channel_sku, sku from " ~ ref('stg_channel_skus__channel_skus') ~ " where identifier_type = 'seller_sku'",
        "select sku, category from " ~ ref('stg_products__products'),
        "select * from " ~ ref('fee_schedule'),
    ] -%}
    {#- One scalar subquery, so the text of the mappings (megabytes at L) is hashed once, not per row. -#}
    (
        select md5(
            {%- for part in parts %}
            coalesce((
                select string_agg(cast(t as {{ dbt.type_string() }}), ';' order by cast(t as {{ dbt.type_string() }}))
                from ({{ part }}) as t
            ), '')
            {%- if not loop.last %} || '|' ||{% endif %}
            {%- endfor %}
        )
    )
{% endmacro %}

{#- The columns int_settlement_expected_fees reads that fct_settlement_lines does not copy. -#}
{% macro expected_fees_line_columns() %}
    {{ return(['fulfillment_id']) }}
{% endmacro %}

{#-
    Pre-hook of int_settlement_expected_fees, incremental by settlement: deletes each
    settlement whose bucketed lines differ from those its rows were computed from (their
    line count and fingerprint, stored on each row) or that has no line any more, and
    every row computed under other mappings. The model then adds every settlement it lacks.
-#}
{% macro delete_settlements_with_changed_fees(bucketed_relation) %}
    {%- if is_incremental() and execute -%}
        delete from {{ this }}
        where dimensions_version is distinct from {{ expected_fees_dimensions_version() }}
            or (channel, settlement_id) in (
                with

                bucketed as ({{ settlement_line_fingerprints(bucketed_relation, expected_fees_line_columns()) }}),

                built as (
                    select distinct channel, settlement_id, line_count, lines_fingerprint as fingerprint
                    from {{ this }}
                )

                select channel, settlement_id from built
                except
                select channel, settlement_id from bucketed
                where (channel, settlement_id, line_count, fingerprint) in (select * from built)
            )
    {%- else -%}
        select 1
    {%- endif -%}
{% endmacro %}

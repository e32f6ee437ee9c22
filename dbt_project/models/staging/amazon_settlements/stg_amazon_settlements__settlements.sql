-- A table incremental by load, because finding each settlement's latest file ranks
-- every raw row, and the lines, the recon mart and the data tests each ranked them
-- again. A daily build reworks only the settlements its new files carry.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='settlement_id',
        tags=['by_load'],
        pre_hook="{{ record_latest_load() }}",
        on_schema_change='fail',
    )
}}

with

source as (

    select * from {{ source('amazon_settlements', 'amazon_settlements') }}
    where settlement_id is not null
        and {{ new_load_keys('settlement_id', source('amazon_settlements', 'amazon_settlements')) }}

),

-- A settlement is unique by its id: when a report is downloaded again, the
-- latest file replaces the earlier one as a whole. The latest file is found
-- over detail rows too, so a settlement whose summary row was quarantined at
-- read time, or never delivered, keeps its lines.
versioned as (

    select
        *,
        {{ latest_load_rank('settlement_id') }} as load_rank
    from source

),

latest_files as (

    select * from versioned
    where load_rank = 1

),

summaries as (

    select
        *,
        row_number() over (partition by _file_sha256, settlement_id order by _line_number) as summary_rank
    from source
    where record_type = 'summary'

),

-- The wide layout states the currency on the summary row only; the V2 layout
-- on every row. Without either, the marketplace of the order rows names it.
file_currencies as (

    select
        source._file_sha256,
        source.settlement_id,
        coalesce(max(upper(source.currency)), min(marketplaces.currency)) as currency,
        count(distinct marketplaces.currency) as marketplace_currencies
    from source
    left join {{ ref('amazon_marketplaces') }} as marketplaces
        on source.marketplace_name = marketplaces.marketplace_name
    group by source._file_sha256, source.settlement_id

),

renamed as (

    select
        -- identity
        latest_files.settlement_id,
        coalesce(upper(summaries.currency), file_currencies.currency) as currency,

        -- period; null when the summary row is missing
        summaries.settlement_start_at,
        summaries.settlement_end_at,
        summaries.deposit_at,

        -- total Amazon reports as paid; null when the summary row is missing
        summaries.total_amount,
        summaries.settlement_id is not null as has_summary,
        latest_files.layout,

        -- lineage
        latest_files._file_sha256 as source_file_sha256,
        latest_files._file_name as source_file_name,
        latest_files._loaded_at as loaded_at

    from latest_files
    left join summaries
        on latest_files._file_sha256 = summaries._file_sha256
        and latest_files.settlement_id = summaries.settlement_id
        and summaries.summary_rank = 1
    left join file_currencies
        on latest_files._file_sha256 = file_currencies._file_sha256
        and latest_files.settlement_id = file_currencies.settlement_id

)

select * from renamed

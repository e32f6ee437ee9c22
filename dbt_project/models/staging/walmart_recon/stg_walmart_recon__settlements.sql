with

source as (

    select
        *,
        -- The v1 layout pays per period; the wide layout states no period, so each file is one settlement.
        case
            when layout = 'v1' and period_end_date is not null
                then {{ dbt.concat([dbt.safe_cast('period_start_date', dbt.type_string()), "'_'", dbt.safe_cast('period_end_date', dbt.type_string())]) }}
            else {{ dbt.concat(["'file_'", '_file_name']) }}
        end as settlement_id
    from {{ source('walmart_recon', 'walmart_recon') }}

),

-- A report downloaded again replaces the earlier file as a whole.
versioned as (

    select
        *,
        {{ latest_load_rank('settlement_id') }} as load_rank
    from source

),

latest_files as (

    select distinct settlement_id, _file_sha256, _file_name, _loaded_at, layout
    from versioned
    where load_rank = 1

),

kept as (

    select source.*
    from source
    inner join latest_files
        on source.settlement_id = latest_files.settlement_id
        and source._file_sha256 = latest_files._file_sha256

),

-- The wide layout repeats a record's payable on each of its amount rows, so it is taken once per record.
records as (

    select
        settlement_id,
        _line_number,
        max(line_payable) as line_payable
    from kept
    group by settlement_id, _line_number

),

totals as (

    select
        kept.settlement_id,
        min(kept.period_start_date) as period_start_date,
        max(kept.period_end_date) as period_end_date,
        max(kept.total_payable) as total_payable,
        count(distinct kept.total_payable) as total_payable_versions,
        max(upper(kept.currency)) as currency,
        min(kept.posted_date) as first_posted_date,
        max(kept.posted_date) as last_posted_date
    from kept
    group by kept.settlement_id

),

payables as (

    select settlement_id, sum(line_payable) as summed_payable
    from records
    group by settlement_id

),

renamed as (

    select
        -- identity
        latest_files.settlement_id,
        totals.currency,
        latest_files.layout,

        -- period; the wide layout states none, so its posted dates stand in
        coalesce(totals.period_start_date, totals.first_posted_date) as period_start_date,
        coalesce(totals.period_end_date, totals.last_posted_date) as period_end_date,

        -- total Walmart reports as payable: the v1 `Total Payable`, the sum of the
        -- wide layout's `Payable to Partner from Sale`
        case when latest_files.layout = 'v1' then totals.total_payable else payables.summed_payable end as total_amount,
        totals.total_payable_versions,

        -- lineage
        latest_files._file_sha256 as source_file_sha256,
        latest_files._file_name as source_file_name,
        latest_files._loaded_at as loaded_at

    from latest_files
    inner join totals
        on latest_files.settlement_id = totals.settlement_id
    left join payables
        on latest_files.settlement_id = payables.settlement_id

)

select * from renamed

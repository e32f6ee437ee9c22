with

source as (

    select
        *,
        case
            when layout = 'v1' and period_end_date is not null
                then {{ dbt.concat([dbt.safe_cast('period_start_date', dbt.type_string()), "'_'", dbt.safe_cast('period_end_date', dbt.type_string())]) }}
            else {{ dbt.concat(["'file_'", '_file_name']) }}
        end as settlement_id
    from {{ source('walmart_recon', 'walmart_recon') }}

),

settlements as (

    select * from {{ ref('stg_walmart_recon__settlements') }}

),

-- Only the lines of each settlement's latest file count.
kept as (

    select source.*
    from source
    inner join settlements
        on source.settlement_id = settlements.settlement_id
        and source._file_sha256 = settlements.source_file_sha256

),

renamed as (

    select
        -- identity: one row per amount of a report record
        {{ surrogate_key(['settlement_id', '_line_number', 'amount_column', 'amount_type']) }} as settlement_line_id,
        settlement_id,
        _line_number as source_line_number,

        -- transaction; Walmart fulfils and pays per purchase order line
        transaction_type,
        transaction_key,
        transaction_description,
        transaction_reason,
        purchase_order_id as order_id,
        purchase_order_line as order_line,
        customer_order_id,
        partner_item_id as sku,
        partner_gtin as gtin,
        ship_qty as quantity,
        commission_rate,
        contract_category,
        fulfillment_type,
        posted_date,

        -- amount; null for a record that carries none
        amount_type,
        amount,
        amount_column,
        line_payable,
        layout,

        -- lineage
        _file_name as source_file_name,
        _loaded_at as loaded_at

    from kept

)

select * from renamed

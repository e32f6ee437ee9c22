-- A table, not a view: its key hashes five columns of every line, and the bucketed
-- lines and two data tests each hashed them again (12 million lines at size L).
-- Incremental by load like the settlements: a settlement downloaded again replaces
-- all its lines. The pre-hook deletes them first, because delete+insert deletes only
-- the keys it inserts, and a download with the summary row only inserts none.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='settlement_id',
        tags=['by_load'],
        on_schema_change='fail',
        pre_hook=["{{ record_latest_load() }}", "{{ delete_new_load_keys('settlement_id', source('amazon_settlements', 'amazon_settlements')) }}"],
    )
}}

with

source as (

    select * from {{ source('amazon_settlements', 'amazon_settlements') }}
    where record_type = 'detail'
        and {{ new_load_keys('settlement_id', source('amazon_settlements', 'amazon_settlements')) }}

),

settlements as (

    select * from {{ ref('stg_amazon_settlements__settlements') }}

),

-- Only the lines of each settlement's latest file count, so a settlement
-- downloaded twice is never summed twice.
kept as (

    select source.*
    from source
    inner join settlements
        on source.settlement_id = settlements.settlement_id
        and source._file_sha256 = settlements.source_file_sha256

),

renamed as (

    select
        -- identity: one row per amount of a report detail row
        {{ surrogate_key(['settlement_id', '_line_number', 'amount_column', 'amount_type', 'amount_description']) }} as settlement_line_id,
        settlement_id,
        _line_number as source_line_number,

        -- transaction
        transaction_type,
        order_id,
        merchant_order_id,
        adjustment_id,
        shipment_id,
        marketplace_name,
        fulfillment_id,
        posted_at,
        order_item_code,
        merchant_order_item_id,
        merchant_adjustment_item_id,
        sku,
        quantity_purchased as quantity,
        promotion_id,

        -- amount; null for a detail row that carries none
        amount_type,
        amount_description,
        amount,
        amount_column,
        layout,

        -- lineage
        _file_name as source_file_name,
        _loaded_at as loaded_at

    from kept

)

select * from renamed

with

supplier_skus as (

    select * from {{ ref('stg_suppliers__suppliers') }}

),

suppliers as (

    select
        supplier_id,
        max(supplier_name) as supplier_name,
        -- A supplier invoicing one SKU in another currency has no single currency.
        case when count(distinct currency) = 1 then max(currency) end as currency,
        count(*) as sku_count,
        sum(case when is_preferred then 1 else 0 end) as preferred_sku_count,
        min(promised_lead_time_days) as promised_lead_time_days_min,
        max(promised_lead_time_days) as promised_lead_time_days_max
    from supplier_skus
    group by supplier_id

)

select * from suppliers

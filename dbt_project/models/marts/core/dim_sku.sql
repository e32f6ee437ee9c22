with

products as (

    select * from {{ ref('stg_products__products') }}

)

select
    sku,
    title,
    category,
    {{ money('unit_cost') }} as unit_cost,
    cost_currency,
    safety_stock
from products

{#-
    Replenishment proposal per SKU at its receiving location, as of the latest
    snapshot day:
      d, sigma_d  = mean and standard deviation of daily demand over uncensored days
      L, sigma_L  = the supplier's measured lead time (the promise until a receipt)
      SS          = z * sqrt(L * sigma_d^2 + d^2 * sigma_L^2)
      reorder point = d * L + SS
      target      = d * (L + review days) + SS
      inventory position = on hand + on order - reserved - backorders
    When the position is at or below the reorder point, the order quantity is
    target - position, at least the MOQ, rounded up to whole case packs.
    Stock, open POs and backorders are counted over all our warehouses, the pool
    a PO refills; the location is where the SKU's POs are delivered.
-#}

{{ config(materialized='table') }}

with

positions as (

    select * from {{ ref('int_warehouse_positions_carried') }}

),

plan_day as (

    select max(snapshot_date) as plan_date from positions

),

stock as (

    select
        positions.sku,
        sum(positions.on_hand) as on_hand,
        sum(positions.reserved) as reserved
    from positions
    inner join plan_day
        on positions.snapshot_date = plan_day.plan_date
    group by positions.sku

),

largest_stock_location as (

    select sku, location_id
    from (
        select
            positions.sku,
            positions.location_id,
            row_number() over (
                partition by positions.sku order by positions.on_hand desc, positions.location_id
            ) as stock_rank
        from positions
        inner join plan_day
            on positions.snapshot_date = plan_day.plan_date
    ) ranked
    where stock_rank = 1

),

terms as (

    select * from {{ ref('stg_suppliers__suppliers') }}

),

-- The preferred supplier, else the fastest promise; suppliers in id order break ties.
chosen_supplier as (

    select *
    from (
        select
            *,
            row_number() over (
                partition by sku
                order by case when is_preferred then 0 else 1 end, promised_lead_time_days, supplier_id
            ) as supplier_rank
        from terms
    ) ranked
    where supplier_rank = 1

),

lead_times as (

    select * from {{ ref('fct_supplier_lead_times') }}

),

supplier_lead_times as (

    select distinct
        supplier_id,
        supplier_received_lines,
        supplier_lead_time_mean_days,
        supplier_lead_time_stddev_days
    from lead_times

),

open_po_units as (

    select
        sku,
        sum(case when ordered_quantity > received_quantity then ordered_quantity - received_quantity else 0 end) as on_order
    from lead_times
    where status in ('open', 'partially_received')
    group by sku

),

-- The chosen supplier's latest PO line names where the SKU is received, and its cost.
latest_po_line as (

    select *
    from (
        select
            po_lines.*,
            row_number() over (
                partition by po_lines.sku order by po_lines.order_date desc, po_lines.po_id desc, po_lines.line_number desc
            ) as recency
        from {{ ref('stg_purchase_orders__lines') }} as po_lines
        inner join chosen_supplier
            on po_lines.sku = chosen_supplier.sku
            and po_lines.supplier_id = chosen_supplier.supplier_id
    ) ranked
    where recency = 1

),

backorders as (

    select
        order_lines.canonical_sku as sku,
        sum(order_lines.quantity) as backorders
    from {{ ref('fct_order_exceptions') }} as exceptions
    inner join {{ ref('fct_order_lines') }} as order_lines
        on exceptions.order_line_id = order_lines.order_line_id
    where exceptions.exception_type = 'backorder'
        and exceptions.is_open
        and order_lines.canonical_sku is not null
    group by order_lines.canonical_sku

),

demand as (

    select
        sku,
        sum(case when is_censored then 0 else 1 end) as demand_days,
        sum(case when is_censored then 1 else 0 end) as censored_days,
        avg(case when not is_censored then cast(units_demanded as {{ dbt.type_float() }}) end) as demand_per_day,
        stddev_samp(case when not is_censored then cast(units_demanded as {{ dbt.type_float() }}) end) as demand_stddev
    from {{ ref('int_sku_demand_daily_censored') }}
    group by sku

),

classes as (

    select * from {{ ref('int_sku_abc_classes') }}

),

-- A SKU without margin history takes the last class.
default_class as (

    select abc_class, service_level, z
    from {{ ref('service_levels') }}
    order by cumulative_share_max desc
    limit 1

),

products as (

    select * from {{ ref('stg_products__products') }}

),

skus as (

    select sku from stock
    union
    select sku from chosen_supplier

),

inputs as (

    select
        plan_day.plan_date,
        skus.sku,
        coalesce(latest_po_line.location_id, largest_stock_location.location_id) as location_id,
        coalesce(classes.abc_class, default_class.abc_class) as abc_class,
        coalesce(classes.service_level, default_class.service_level) as service_level,
        coalesce(classes.z, default_class.z) as z,

        chosen_supplier.supplier_id,
        chosen_supplier.case_pack,
        chosen_supplier.moq,
        chosen_supplier.currency,
        case
            when latest_po_line.currency = chosen_supplier.currency then latest_po_line.unit_cost
            when products.cost_currency = chosen_supplier.currency then products.unit_cost
        end as unit_cost,

        coalesce(demand.demand_days, 0) as demand_days,
        coalesce(demand.censored_days, 0) as censored_days,
        demand.demand_per_day,
        -- One uncensored day has no spread to measure.
        case when demand.demand_days >= 1 then coalesce(demand.demand_stddev, 0) end as demand_stddev,

        case
            when supplier_lead_times.supplier_received_lines >= 1 then 'measured'
            when chosen_supplier.supplier_id is not null then 'promised'
        end as lead_time_basis,
        case
            when supplier_lead_times.supplier_received_lines >= 1 then supplier_lead_times.supplier_lead_time_mean_days
            else cast(chosen_supplier.promised_lead_time_days as {{ dbt.type_float() }})
        end as lead_time_days,
        case
            when supplier_lead_times.supplier_received_lines >= 1 then coalesce(supplier_lead_times.supplier_lead_time_stddev_days, 0)
            when chosen_supplier.supplier_id is not null then 0
        end as lead_time_stddev_days,

        coalesce(stock.on_hand, 0) as on_hand,
        coalesce(open_po_units.on_order, 0) as on_order,
        coalesce(stock.reserved, 0) as reserved,
        coalesce(backorders.backorders, 0) as backorders
    from skus
    cross join plan_day
    cross join default_class
    left join stock on skus.sku = stock.sku
    left join largest_stock_location on skus.sku = largest_stock_location.sku
    left join chosen_supplier on skus.sku = chosen_supplier.sku
    left join supplier_lead_times on chosen_supplier.supplier_id = supplier_lead_times.supplier_id
    left join latest_po_line on skus.sku = latest_po_line.sku
    left join open_po_units on skus.sku = open_po_units.sku
    left join backorders on skus.sku = backorders.sku
    left join demand on skus.sku = demand.sku
    left join classes on skus.sku = classes.sku
    left join products on skus.sku = products.sku

),

policy as (

    select
        *,
        on_hand + on_order - reserved - backorders as inventory_position,
        z * sqrt(
            lead_time_days * demand_stddev * demand_stddev
            + demand_per_day * demand_per_day * lead_time_stddev_days * lead_time_stddev_days
        ) as safety_stock
    from inputs

),

levels as (

    select
        *,
        demand_per_day * lead_time_days + safety_stock as reorder_point,
        demand_per_day * (lead_time_days + {{ var('replenishment_review_days') }}) + safety_stock as target_level
    from policy

),

decided as (

    select
        *,
        case
            when supplier_id is null then 'no_supplier'
            when demand_per_day is null then 'no_demand_history'
            when inventory_position <= reorder_point and target_level > inventory_position then 'order'
            else 'no_order'
        end as plan_status
    from levels

),

quantified as (

    select
        *,
        case
            when plan_status = 'order' then
                -- Rounded to 6 decimals first, so float noise never adds a whole case.
                cast(ceil(round(
                    (case when target_level - inventory_position > moq then target_level - inventory_position else moq end)
                    / case_pack, 6
                )) as {{ dbt.type_bigint() }}) * case_pack
            when plan_status = 'no_order' then 0
        end as order_quantity
    from decided

)

select
    plan_date,
    sku,
    location_id,
    abc_class,
    service_level,
    z,
    supplier_id,
    currency,
    case_pack,
    moq,
    demand_days,
    censored_days,
    round(demand_per_day, 4) as demand_per_day,
    round(demand_stddev, 4) as demand_stddev,
    lead_time_basis,
    round(lead_time_days, 4) as lead_time_days,
    round(lead_time_stddev_days, 4) as lead_time_stddev_days,
    on_hand,
    on_order,
    reserved,
    backorders,
    inventory_position,
    round(safety_stock, 4) as safety_stock,
    round(reorder_point, 4) as reorder_point,
    round(target_level, 4) as target_level,
    plan_status,
    order_quantity,
    {{ money('order_quantity * unit_cost') }} as order_value,
    {{ money('unit_cost') }} as unit_cost,
    case plan_status
        when 'no_supplier' then 'no supplier terms for this SKU'
        when 'no_demand_history' then 'no sellable day with demand history'
        when 'order' then {{ dbt.concat([
            "'position '", dbt.safe_cast('inventory_position', dbt.type_string()),
            "' <= reorder point '", dbt.safe_cast('round(reorder_point, 1)', dbt.type_string()),
            "': order up to '", dbt.safe_cast('round(target_level, 1)', dbt.type_string()),
            "' in cases of '", dbt.safe_cast('case_pack', dbt.type_string()),
            "', MOQ '", dbt.safe_cast('moq', dbt.type_string()),
        ]) }}
        else {{ dbt.concat([
            "'position '", dbt.safe_cast('inventory_position', dbt.type_string()),
            "' above reorder point '", dbt.safe_cast('round(reorder_point, 1)', dbt.type_string()),
        ]) }}
    end as reason
from quantified

{#-
    One row per PO line: its actual lead time (first receipt - order date) and,
    repeated on each line, its supplier's mean, standard deviation and on-time
    share over every received line. Cancelled lines never arrive, so they are
    left out.
-#}

with

po_lines as (

    select * from {{ ref('stg_purchase_orders__lines') }}
    where status <> 'cancelled'

),

receipts as (

    select
        po_line_id,
        min(received_date) as first_received_date,
        max(received_date) as last_received_date,
        sum(quantity) as received_quantity
    from {{ ref('stg_receipts__receipts') }}
    group by po_line_id

),

terms as (

    select * from {{ ref('stg_suppliers__suppliers') }}

),

lines as (

    select
        po_lines.po_line_id,
        po_lines.po_id,
        po_lines.line_number,
        po_lines.supplier_id,
        po_lines.sku,
        po_lines.location_id,
        po_lines.status,
        po_lines.order_date,
        po_lines.expected_date,
        po_lines.quantity as ordered_quantity,
        coalesce(receipts.received_quantity, 0) as received_quantity,
        receipts.first_received_date,
        receipts.last_received_date,
        -- A line without supplier terms is held to the date the supplier confirmed.
        coalesce(
            terms.promised_lead_time_days,
            {{ dbt.datediff('po_lines.order_date', 'po_lines.expected_date', 'day') }}
        ) as promised_lead_time_days,
        {{ dbt.datediff('po_lines.order_date', 'receipts.first_received_date', 'day') }} as lead_time_days
    from po_lines
    left join receipts
        on po_lines.po_line_id = receipts.po_line_id
    left join terms
        on po_lines.supplier_id = terms.supplier_id
        and po_lines.sku = terms.sku

),

judged as (

    select
        *,
        case
            when lead_time_days is null or promised_lead_time_days is null then null
            when lead_time_days <= promised_lead_time_days then true
            else false
        end as is_on_time
    from lines

),

with_supplier_stats as (

    select
        *,
        count(lead_time_days) over (partition by supplier_id) as supplier_received_lines,
        avg(cast(lead_time_days as {{ dbt.type_float() }})) over (partition by supplier_id) as supplier_lead_time_mean_days,
        stddev_samp(cast(lead_time_days as {{ dbt.type_float() }})) over (partition by supplier_id) as supplier_lead_time_stddev_days,
        avg(case when is_on_time then 1.0 when not is_on_time then 0.0 end) over (partition by supplier_id) as supplier_on_time_share
    from judged

)

select * from with_supplier_stats

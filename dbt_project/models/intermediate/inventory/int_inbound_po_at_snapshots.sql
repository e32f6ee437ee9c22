{#-
    Units on open purchase orders per WMS snapshot, location and SKU, for snapshots
    that do not report inbound_po themselves. A PO line counts from its order day
    until it is received: its quantity less the receipts dated on or before the
    snapshot day (receipts raise on hand on their date). Cancelled lines never count.
    NOTE: several open lines collapse to one quantity with the latest expected date,
    so none of them counts as arriving before all of them may have.
-#}

with

snapshots as (

    select distinct
        snapshot_at,
        {{ local_date('snapshot_at', "'UTC'") }} as snapshot_date,
        location_id,
        sku
    from {{ ref('stg_wms_snapshots__inventory') }}
    where not reports_inbound_po

),

po_lines as (

    select * from {{ ref('stg_purchase_orders__lines') }}
    where lower(status) <> 'cancelled'

),

receipts as (

    select * from {{ ref('stg_receipts__receipts') }}

),

open_lines as (

    select
        snapshots.snapshot_at,
        snapshots.location_id,
        snapshots.sku,
        po_lines.po_line_id,
        po_lines.expected_date,
        po_lines.quantity - coalesce(sum(receipts.quantity), 0) as open_units
    from snapshots
    inner join po_lines
        on po_lines.location_id = snapshots.location_id
        and po_lines.sku = snapshots.sku
        and po_lines.order_date <= snapshots.snapshot_date
    left join receipts
        on receipts.po_line_id = po_lines.po_line_id
        and receipts.received_date <= snapshots.snapshot_date
    group by
        snapshots.snapshot_at, snapshots.location_id, snapshots.sku,
        po_lines.po_line_id, po_lines.expected_date, po_lines.quantity

)

select
    snapshot_at,
    location_id,
    sku,
    sum(open_units) as inbound_po,
    -- One missing expected date makes the whole quantity undated, so it never counts as arriving.
    case when count(expected_date) = count(*) then max(expected_date) end as inbound_po_expected_date
from open_lines
where open_units > 0
group by snapshot_at, location_id, sku

-- A table, not a view: its data tests each computed the view again, which cost more than building it once.
{{ config(materialized='table') }}

{#-
    Units reserved by open order lines at each warehouse count that does not report
    `reserved`. A line reserves stock from its order time until it ships. Order
    exports name no shipping warehouse, so a SKU's open units go to the warehouse
    holding the most of it at that count. Lines the marketplace fulfils (FBA, WFS)
    are reserved in the marketplace's own stock report, and cancelled lines reserve
    nothing, because the exports give no cancellation time.
-#}

with

counts as (

    select
        snapshot_at,
        location_id,
        sku,
        on_hand
    from {{ ref('stg_wms_snapshots__inventory') }}
    where not reports_reserved
        and sku is not null

),

order_lines as (

    select * from {{ ref('int_order_lines_mapped') }}

),

open_lines as (

    select
        canonical_sku as sku,
        ordered_at,
        shipped_at,
        status,
        quantity
    from order_lines
    where canonical_sku is not null
        and not coalesce(is_channel_fulfilled, false)
        and coalesce(status, 'pending') != 'cancelled'

),

reserving_location as (

    select
        snapshot_at,
        sku,
        location_id,
        row_number() over (
            partition by snapshot_at, sku
            order by on_hand desc, location_id
        ) as holding_rank
    from counts

),

counted_skus as (

    select distinct
        snapshot_at,
        sku
    from counts

),

reserved_units as (

    select
        counted_skus.snapshot_at,
        counted_skus.sku,
        sum(open_lines.quantity) as units
    from counted_skus
    inner join open_lines
        on open_lines.sku = counted_skus.sku
        and open_lines.ordered_at <= counted_skus.snapshot_at
        and (
            open_lines.shipped_at > counted_skus.snapshot_at
            -- A line with no ship time is open only while its status is an open one.
            or (
                open_lines.shipped_at is null
                and coalesce(open_lines.status, 'pending') in ('pending', 'confirmed', 'allocated', 'partially_shipped')
            )
        )
    group by counted_skus.snapshot_at, counted_skus.sku

)

select
    reserving_location.snapshot_at,
    reserving_location.location_id,
    reserving_location.sku,
    reserved_units.units
from reserving_location
inner join reserved_units
    on reserving_location.snapshot_at = reserved_units.snapshot_at
    and reserving_location.sku = reserved_units.sku
where reserving_location.holding_rank = 1

{#-
    One row per order exception. Each type states when it opened and, where the
    data shows it, when it was resolved; see DECISIONS.md for the rules. Ages
    and overdue checks run to the as_of_at variable, else to the latest order
    time in the data, so that a replayed or stalled feed does not age by itself.
-#}

-- `not materialized`, because the L profile showed DuckDB writing out every column of a CTE
-- read twice (10 million lines, 50 million positions) for readers that need a few.
with

lines as not materialized (

    select * from {{ ref('int_order_lines_costed') }}

),

channels as (

    select * from {{ ref('channels') }}

),

warehouse_positions as not materialized (

    select * from {{ ref('int_warehouse_positions_carried') }}

),

settlement_lines as (

    select * from {{ ref('int_settlement_lines_bucketed') }}

),

recon as (

    select * from {{ ref('fct_settlement_recon') }}

),

-- Exactly one row, whether or not the variable is set and whether or not there are lines.
latest_order as (

    select max(ordered_at) as latest_ordered_at from lines

),

as_of as (

    select
        {{ as_of_at('coalesce(latest_ordered_at, ' ~ dbt.current_timestamp() ~ ')') }} as as_of_at
    from latest_order

),

dated as not materialized (

    select
        lines.*,
        channels.handling_days,
        {{ local_date('lines.shipped_at', 'channels.timezone') }} as shipped_date,
        as_of.as_of_at,
        {{ local_date('as_of.as_of_at', 'channels.timezone') }} as as_of_date,
        -- B2B states a ship-by date; other channels must ship within their handling days.
        coalesce(
            lines.ship_by_date,
            {{ dbt.dateadd('day', 'channels.handling_days', local_date('lines.ordered_at', 'channels.timezone')) }}
        ) as ship_deadline
    from lines
    inner join channels
        on lines.channel = channels.channel
    cross join as_of

),

unmapped_sku as (

    select
        channel,
        order_id,
        order_line_id,
        'unmapped_sku' as exception_type,
        case
            when channel_sku is null and canonical_sku is not null
                then 'line has no channel SKU; matched by product name to ' || canonical_sku
            when channel_sku is null
                then 'line has no channel SKU and its product name matches no SKU'
            else 'channel SKU ' || channel_sku || ' maps to no canonical SKU'
        end as detail,
        ordered_at as opened_at,
        cast(null as timestamp with time zone) as resolved_at
    from dated
    where canonical_sku is null
        or channel_sku is null

),

unmapped_status as (

    select distinct
        channel,
        order_id,
        cast(null as {{ dbt.type_string() }}) as order_line_id,
        'unmapped_status' as exception_type,
        'native status ' || coalesce(native_status, '(empty)') || ' is not in order_status_map' as detail,
        ordered_at as opened_at,
        cast(null as timestamp with time zone) as resolved_at
    from dated
    where status is null

),

snapshot_days as (

    select distinct snapshot_date from warehouse_positions

),

cancelled_lines as (

    select distinct
        order_line_id,
        canonical_sku,
        order_date
    from dated
    where status = 'cancelled'
        and canonical_sku is not null

),

-- The last snapshot day on or before each order day. Matched per distinct day
-- rather than per line, the inequality join pairs days with days instead of every
-- cancelled line with every earlier snapshot day.
order_day_snapshots as (

    select
        order_days.order_date,
        max(snapshot_days.snapshot_date) as snapshot_date
    from (select distinct order_date from cancelled_lines) as order_days
    inner join snapshot_days
        on snapshot_days.snapshot_date <= order_days.order_date
    group by order_days.order_date

),

cancel_days as (

    select distinct
        cancelled_lines.order_line_id,
        cancelled_lines.canonical_sku,
        order_day_snapshots.snapshot_date
    from cancelled_lines
    inner join order_day_snapshots
        on cancelled_lines.order_date = order_day_snapshots.order_date

),

-- Sellable units of each SKU across warehouses on each snapshot day, each
-- warehouse with its latest snapshot at or before the day. Summed only for the
-- days and SKUs a cancelled line needs: the positions contain every SKU on every day.
daily_sellable as (

    select
        positions.snapshot_date,
        positions.sku,
        sum(positions.sellable_now) as sellable_now
    from warehouse_positions as positions
    inner join (select distinct snapshot_date, canonical_sku from cancel_days) as needed
        on positions.snapshot_date = needed.snapshot_date
        and positions.sku = needed.canonical_sku
    group by positions.snapshot_date, positions.sku

),

-- A SKU missing from every warehouse that day had no stock, not unknown stock.
cancel_stock as (

    select
        cancel_days.order_line_id,
        coalesce(daily_sellable.sellable_now, 0) as sellable_now
    from cancel_days
    left join daily_sellable
        on cancel_days.snapshot_date = daily_sellable.snapshot_date
        and cancel_days.canonical_sku = daily_sellable.sku

),

stock_cancel as (

    select
        dated.channel,
        dated.order_id,
        dated.order_line_id,
        'stock_cancel' as exception_type,
        case
            when lower(dated.cancel_reason) like '%stock%'
                then 'cancelled with reason: ' || dated.cancel_reason
            else 'cancelled with ' || {{ dbt.safe_cast('cancel_stock.sellable_now', dbt.type_string()) }}
                || ' sellable for ' || {{ dbt.safe_cast('dated.quantity', dbt.type_string()) }} || ' ordered'
        end as detail,
        dated.ordered_at as opened_at,
        -- A cancellation is final: the exception is a record, not a task.
        dated.ordered_at as resolved_at
    from dated
    left join cancel_stock
        on dated.order_line_id = cancel_stock.order_line_id
    where dated.status = 'cancelled'
        and (
            lower(dated.cancel_reason) like '%stock%'
            or cancel_stock.sellable_now < dated.quantity
        )

),

late_shipment as (

    select
        channel,
        order_id,
        order_line_id,
        'late_shipment' as exception_type,
        case
            when shipped_date is not null
                then 'shipped ' || {{ dbt.safe_cast('shipped_date', dbt.type_string()) }}
                    || ', due by ' || {{ dbt.safe_cast('ship_deadline', dbt.type_string()) }}
            else 'not shipped, due by ' || {{ dbt.safe_cast('ship_deadline', dbt.type_string()) }}
        end as detail,
        -- NOTE: opens at midnight UTC after the deadline day, not at the channel's midnight.
        cast({{ dbt.dateadd('day', 1, 'ship_deadline') }} as timestamp with time zone) as opened_at,
        shipped_at as resolved_at
    from dated
    where ship_deadline is not null
        and (
            shipped_date > ship_deadline
            -- An order held for payment cannot ship: it is a payment_hold, not late.
            or (
                shipped_at is null
                and not is_payment_pending
                and status in ('pending', 'confirmed', 'allocated', 'partially_shipped')
                and as_of_date > ship_deadline
            )
        )

),

backorder as (

    select
        channel,
        order_id,
        order_line_id,
        'backorder' as exception_type,
        'line is backordered' as detail,
        ordered_at as opened_at,
        cast(null as timestamp with time zone) as resolved_at
    from dated
    where native_status = 'backordered'

),

-- The orders a summary exception can come from: each needs a line that is open or
-- partly shipped, pending payment, or duplicated. Most orders of a year are closed.
summary_orders as (

    select distinct channel, order_id
    from dated
    where status in ('partially_shipped', 'pending', 'confirmed', 'allocated')
        or is_payment_pending
        or copies_in_file > 1
        or content_versions > 1

),

order_lines_summary as (

    select
        channel,
        order_id,
        min(ordered_at) as ordered_at,
        max(handling_days) as handling_days,
        max(loaded_at) as loaded_at,
        max(copies_in_file) as copies_in_file,
        max(content_versions) as content_versions,
        count(case when status = 'partially_shipped' then 1 end) as partial_lines,
        count(case when status in ('shipped', 'delivered', 'returned') then 1 end) as shipped_lines,
        count(case when status in ('pending', 'confirmed', 'allocated') then 1 end) as open_lines,
        min(shipped_at) as first_shipped_at,
        max(case when is_payment_pending then 1 else 0 end) = 1 as is_payment_pending,
        max(as_of_at) as as_of_at
    from dated
    where (channel, order_id) in (select channel, order_id from summary_orders)
    group by channel, order_id

),

split_shipment as (

    select
        channel,
        order_id,
        cast(null as {{ dbt.type_string() }}) as order_line_id,
        'split_shipment' as exception_type,
        {{ dbt.safe_cast('shipped_lines', dbt.type_string()) }} || ' lines shipped, '
            || {{ dbt.safe_cast('partial_lines + open_lines', dbt.type_string()) }} || ' still open' as detail,
        coalesce(first_shipped_at, ordered_at) as opened_at,
        cast(null as timestamp with time zone) as resolved_at
    from order_lines_summary
    where partial_lines > 0
        or (shipped_lines > 0 and open_lines > 0)

),

payment_hold as (

    select
        channel,
        order_id,
        cast(null as {{ dbt.type_string() }}) as order_line_id,
        'payment_hold' as exception_type,
        'payment still pending after ' || {{ dbt.safe_cast('handling_days', dbt.type_string()) }} || ' days' as detail,
        {{ dbt.dateadd('day', 'handling_days', 'ordered_at') }} as opened_at,
        cast(null as timestamp with time zone) as resolved_at
    from order_lines_summary
    where is_payment_pending
        and open_lines > 0
        and {{ dbt.dateadd('day', 'handling_days', 'ordered_at') }} < as_of_at

),

duplicate_order as (

    select
        channel,
        order_id,
        cast(null as {{ dbt.type_string() }}) as order_line_id,
        'duplicate_order' as exception_type,
        case
            when content_versions > 1
                then 'order delivered in ' || {{ dbt.safe_cast('content_versions', dbt.type_string()) }}
                    || ' versions with different content'
            else 'order line appears ' || {{ dbt.safe_cast('copies_in_file', dbt.type_string()) }}
                || ' times in one file'
        end as detail,
        loaded_at as opened_at,
        cast(null as timestamp with time zone) as resolved_at
    from order_lines_summary
    where copies_in_file > 1
        or content_versions > 1

),

settlement_mismatch as (

    select distinct
        settlement_lines.channel,
        settlement_lines.order_id,
        cast(null as {{ dbt.type_string() }}) as order_line_id,
        'settlement_mismatch' as exception_type,
        case
            when recon.summary_total is null
                then 'settlement ' || recon.settlement_id || ' has no summary row, so its total is unknown'
            else 'settlement ' || recon.settlement_id || ' lines differ from its total by '
                || {{ dbt.safe_cast('recon.difference', dbt.type_string()) }} || ' ' || recon.currency
        end as detail,
        coalesce(recon.deposit_at, recon.settlement_end_at) as opened_at,
        cast(null as timestamp with time zone) as resolved_at
    from settlement_lines
    inner join recon
        on settlement_lines.channel = recon.channel
        and settlement_lines.settlement_id = recon.settlement_id
        and coalesce(settlement_lines.currency, '') = coalesce(recon.currency, '')
    where not recon.is_reconciled
        and settlement_lines.order_id is not null

),

-- TODO: address_invalid needs an address validation source; none is landed yet.
unioned as (

    select * from unmapped_sku
    union all
    select * from unmapped_status
    union all
    select * from stock_cancel
    union all
    select * from late_shipment
    union all
    select * from backorder
    union all
    select * from split_shipment
    union all
    select * from payment_hold
    union all
    select * from duplicate_order
    union all
    select * from settlement_mismatch

),

final as (

    select
        {{ surrogate_key(['exception_type', 'channel', 'order_id', 'order_line_id', 'detail']) }} as exception_id,
        unioned.channel,
        unioned.order_id,
        unioned.order_line_id,
        unioned.exception_type,
        unioned.detail,
        unioned.opened_at,
        unioned.resolved_at,
        resolved_at is null as is_open,
        greatest(0, {{ dbt.datediff('opened_at', 'coalesce(resolved_at, as_of.as_of_at)', 'day') }}) as age_days
    from unioned
    cross join as_of

)

select * from final

"""SQL of the Planner page; every value a user picks is bound as a parameter."""

PROPOSALS = """
SELECT
    plan_date, sku, location_id, abc_class, supplier_id, currency, case_pack, moq,
    order_quantity, unit_cost, order_value, inventory_position, reorder_point, safety_stock,
    target_level, demand_per_day, lead_time_days, lead_time_basis, plan_status, reason
FROM fct_replenishment_plan
WHERE plan_status = 'order' OR $show_all
ORDER BY plan_status = 'order' DESC, order_value DESC NULLS LAST, sku, location_id
"""

BACKTEST = """
SELECT abc_class, target_service_level, skus, units_demanded, units_filled, fill_rate, cycle_service_level
FROM fct_replenishment_backtest
ORDER BY abc_class
"""

"""Channel allocation: the planners' policy file and the one engine that applies it.

The dbt model `fct_channel_allocation`, the policy replay, the demo generator and
the property tests all call `allocate` here, so they cannot drift apart.
"""

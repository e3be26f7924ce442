"""Stand-ins for the pipeline side's doctypes (Customer, Lead, ...) until the branches merge.

Only the fields the selling side reads exist here: Customer.customer_name and .disabled,
Lead.lead_name and .customer, Sales Person.user. The roles the selling DocPerms name
are fixtures of this app for the same reason.
"""

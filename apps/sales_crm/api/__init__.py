"""Whitelisted methods of the Sales CRM, served at /api/method/sales_crm.api.<module>.<function>."""

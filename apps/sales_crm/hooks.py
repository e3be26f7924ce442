"""Hooks of the Sales CRM app (fixtures are listed in install order)."""

app_name = "sales_crm"
app_title = "Sales CRM"
app_version = "0.1.0"
app_description = "Leads, opportunities through pipeline stages, quotations and sales orders, with teams and quotas."
app_publisher = "The lowcode developers"
app_license = "MIT"
modules = ["Sales CRM"]
fixtures: list[str] = []

# ---- Selling: catalogue, quotations, sales orders (crm-selling branch) ----
whitelisted_methods = [
    "sales_crm.api.quotation.mark_sent",
    "sales_crm.api.quotation.declare_lost",
    "sales_crm.api.quotation.make_sales_order",
    "sales_crm.api.sales_order.mark_completed",
]
scheduler_events = {"daily": ["sales_crm.selling.quotation_status.expire_quotations"]}

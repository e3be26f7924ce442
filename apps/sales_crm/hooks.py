"""Hooks of the Sales CRM app (fixtures are listed in install order)."""

app_name = "sales_crm"
app_title = "Sales CRM"
app_version = "0.1.0"
app_description = "Leads, opportunities through pipeline stages, quotations and sales orders, with teams and quotas."
app_publisher = "The lowcode developers"
app_license = "MIT"
modules = ["Sales CRM"]


fixtures = [
    "fixtures/roles.json",
    "fixtures/territories.json",
    "fixtures/lead_sources.json",
    "fixtures/industries.json",
    "fixtures/lost_reasons.json",
    "fixtures/activity_types.json",
    "fixtures/sales_pipeline.json",
    "fixtures/letter_head.json",
]

#: `make demo` and the benchmarks: a Spanish-language data set of `size` opportunities
demo_data = "sales_crm.demo.generate"

workspaces = ["workspace/sales_crm.json"]

#: fired with doc.run_method when an opportunity moves into a won stage
custom_doc_events = ["on_won"]

doc_events = {
    "Quotation": {"on_update": "sales_crm.lifecycle.on_quotation"},
    "Sales Order": {"on_submit": "sales_crm.lifecycle.on_sales_order"},
}

#: a team leader's own documents include their members' (see sales_crm.permissions)
owner_scope = {
    "Lead": "sales_crm.permissions.team_member_users",
    "Opportunity": "sales_crm.permissions.team_member_users",
    "Activity": "sales_crm.permissions.team_member_users",
    "Quotation": "sales_crm.permissions.team_member_users",
}

whitelisted_methods = [
    "sales_crm.api.lead.convert_lead",
    "sales_crm.api.activity.urgency",
    "sales_crm.api.quotation.mark_sent",
    "sales_crm.api.quotation.send_with_link",
    "sales_crm.api.quotation.declare_lost",
    "sales_crm.api.quotation.make_sales_order",
    "sales_crm.api.sales_order.mark_completed",
    "sales_crm.api.dashboard.conversion_rate",
    "sales_crm.api.dashboard.open_deals_by_user_and_stage",
    "sales_crm.api.dashboard.lost_reasons",
    "sales_crm.api.acceptance.view",
    "sales_crm.api.acceptance.pdf",
    "sales_crm.api.acceptance.accept",
    "sales_crm.api.acceptance.decline",
    "sales_crm.api.acceptance.revoke_link",
]

scheduler_events = {"daily": ["sales_crm.selling.quotation_status.expire_quotations"]}

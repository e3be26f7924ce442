"""Hooks of the on_won listener test app."""

app_name = "crm_listener"
app_title = "CRM Listener"
app_version = "1.0.0"
required_apps = ["sales_crm"]
doc_events = {
    "Opportunity": {"on_won": "tests.sales_crm.listener.events.record_won"},
    "Sales Order": {"on_submit": "tests.sales_crm.listener.events.fail_when_marked"},
}

"""Hooks of the stand-in app used by the selling tests."""

app_name = "crm_stub"
app_title = "CRM Stub"
app_version = "0.0.1"
modules = ["CRM Stub"]
fixtures = ["fixtures/roles.json"]
doc_events = {"Sales Order": {"on_submit": "tests.sales_crm.selling.stub_app.events.fail_when_marked"}}

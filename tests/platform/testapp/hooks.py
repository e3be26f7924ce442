"""Hooks of the platform test app."""

app_name = "testapp"
app_title = "Test App"
app_version = "1.0.0"
modules = ["Test App"]
fixtures = ["fixtures/roles.json", "fixtures/territories.json"]
workspaces = ["workspace/test_app.json"]
doc_events = {"Test Order": {"on_update": "tests.platform.testapp.events.count_update"}}
scheduler_events = {
    "all": ["tests.platform.testapp.jobs.tick_all"],
    "daily": ["tests.platform.testapp.jobs.tick_daily"],
    "*/15 * * * *": ["tests.platform.testapp.jobs.noop"],
}
notification_recipient_resolvers = {"boss": "tests.platform.testapp.jobs.boss_of"}

"""The core app's hooks."""

from lowcode import __version__

app_name = "core"
app_title = "Core"
app_version = __version__
app_description = "DocTypes, users, roles, permissions, customisation and history."
app_publisher = "The lowcode developers"
app_license = "MIT"
modules = ["Core"]
fixtures = ["fixtures/roles.json"]

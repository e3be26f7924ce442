"""Every key an app's `hooks.py` may set: its shape and a one-line description.

`lowcode.apps` refuses unknown keys and resolves every dotted path when the app loads,
so a typo fails at start-up, not when the hook first fires.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HookSpec:
    #: "str", "list[str]", "list[dotted]", "dict[str, dotted]", "dict[str, list[dotted]]",
    #: "doc_events" (doctype -> event -> dotted paths), "duplicate_rules", "calendar_events"
    shape: str
    help: str
    required: bool = False


HOOKS: dict[str, HookSpec] = {
    "app_name": HookSpec("str", "The app's name; equals its `lowcode.apps` entry point name.", required=True),
    "app_title": HookSpec("str", "Human title shown in lists of apps.", required=True),
    "app_version": HookSpec("str", "Version; a change re-syncs metadata and fixtures on migrate.", required=True),
    "app_description": HookSpec("str", "One sentence on what the app does."),
    "app_publisher": HookSpec("str", "Who publishes the app."),
    "app_license": HookSpec("str", "The app's licence."),
    "modules": HookSpec("list[str]", "Module names a DocType's `module` key may take (default: the app title)."),
    "required_apps": HookSpec("list[str]", "Apps that must be installed first; uninstalling them is refused while this app is installed."),
    "fixtures": HookSpec("list[str]", "Record files (JSON lists) under the app, in install order."),
    "demo_data": HookSpec("dotted", "Function(size: int, seed: int) that creates demo records for `make demo`."),
    "doc_events": HookSpec("doc_events", "Doctype (or \"*\") -> event -> functions(doc, method) run with the controller's own hooks."),
    "custom_doc_events": HookSpec("list[str]", "Extra document events the app fires with doc.run_method (e.g. on_won); any app may subscribe to them in doc_events."),
    "scheduler_events": HookSpec("dict[str, list[dotted]]", "Cron string, or all/hourly/daily/weekly/monthly -> functions run by the scheduler."),
    "permission_query_conditions": HookSpec("dict[str, dotted]", "Doctype -> function(user, table) returning an extra SQLAlchemy condition every read must meet (or None)."),
    "owner_scope": HookSpec("dict[str, dotted]", "Doctype (or \"*\") -> function(doctype, user) returning more users whose documents count as the user's own (a team leader's members)."),
    "has_permission": HookSpec("dict[str, dotted]", "Doctype -> function(doc, user, right) returning False to deny, None to defer."),
    "whitelisted_methods": HookSpec("list[dotted]", "Functions (marked with @lowcode.whitelist) the app serves at /api/method/<dotted path>."),
    "override_whitelisted_methods": HookSpec("dict[str, dotted]", "Public method name -> function answering it (Frappe client names)."),
    "after_install": HookSpec("list[dotted]", "Functions run once after the app is installed on a site."),
    "before_uninstall": HookSpec("list[dotted]", "Functions run before the app is uninstalled from a site."),
    "after_migrate": HookSpec("list[dotted]", "Functions run at the end of every migrate."),
    "workspaces": HookSpec("list[str]", "Workspace files (JSON) under the app, shown on the desk."),
    "notification_recipient_resolvers": HookSpec("dict[str, dotted]", "Name -> function(doc) returning users or email addresses a Notification may send to (e.g. team_leader)."),
    "web_routes": HookSpec("dotted", "Function returning extra Starlette routes for public pages."),
    "duplicate_rules": HookSpec("duplicate_rules", "Doctype -> list of rules, each a dict of fieldname -> normaliser (email, phone, name, company, code); see lowcode.duplicates."),
    "calendar_events": HookSpec("calendar_events", "Doctype -> its calendar fields (start, end, all_day, title, description, location, participants); see lowcode.calendar."),
}  # fmt: skip

DOC_EVENTS = (
    "before_insert", "after_insert", "validate", "before_save", "on_update", "before_submit",
    "on_submit", "before_cancel", "on_cancel", "on_trash", "after_delete", "before_update_after_submit",
    "on_update_after_submit", "on_change",
)  # fmt: skip

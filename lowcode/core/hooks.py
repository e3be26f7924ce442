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
workspaces = ["workspace/core.json"]
whitelisted_methods = [
    "lowcode.client.get_list",
    "lowcode.client.get_count",
    "lowcode.client.get_value",
    "lowcode.client.get",
    "lowcode.client.set_value",
    "lowcode.client.insert",
    "lowcode.client.save",
    "lowcode.client.delete",
    "lowcode.client.submit",
    "lowcode.client.cancel",
    "lowcode.client.get_logged_user",
    "lowcode.client.get_meta_for_user",
    "lowcode.client.search_link",
    "lowcode.exports.list_export.export",
    "lowcode.imports.api.download_template",
    "lowcode.imports.api.get_preview",
    "lowcode.imports.api.start_import",
    "lowcode.imports.api.get_progress",
    "lowcode.imports.api.download_errors",
    "lowcode.duplicates.finder.get_duplicates",
    "lowcode.duplicates.merge.merge_records",
    "lowcode.calendar.feed.new_feed_url",
    "lowcode.calendar.feed.revoke_feed",
    "lowcode.calendar.invitations.send_invitation",
    "lowcode.docinfo.get_timeline",
    "lowcode.docinfo.get_attachments",
    "lowcode.share.add",
    "lowcode.share.remove",
    "lowcode.auth.reset.request_password_reset",
    "lowcode.auth.reset.reset_password",
    "lowcode.web.desk.refresh.refresh",
    "lowcode.web.desk.actions.bulk_update",
    "lowcode.web.desk.actions.bulk_delete",
    "lowcode.web.desk.actions.amend",
    "lowcode.web.desk.actions.add_comment",
    "lowcode.web.desk.kanban.update_order",
    "lowcode.web.desk.kanban.add_column",
    "lowcode.web.desk.ordered.save_order",
    "lowcode.web.desk.customize.save_customization",
    "lowcode.workflow.api.apply_workflow",
    "lowcode.workflow.api.get_transitions",
    "lowcode.workflow.api.frappe_apply_workflow",
    "lowcode.workflow.api.frappe_get_transitions",
    "lowcode.printing.api.download_pdf",
    "lowcode.printing.api.download_multi_pdf",
    "lowcode.printing.api.preview",
    "lowcode.printing.api.get_html_and_style",
    "lowcode.reports.api.run",
    "lowcode.reports.api.get_report_meta",
    "lowcode.reports.api.export_query",
    "lowcode.dashboards.api.get_number_card_value",
    "lowcode.dashboards.api.get_chart_data",
    "lowcode.jobs.api.retry_job",
    "lowcode.notifications.api.get_notifications",
    "lowcode.notifications.api.mark_as_read",
    "lowcode.notifications.api.mark_all_as_read",
    "lowcode.assignment.apply_on_demand",
]
scheduler_events = {
    "all": ["lowcode.email.queue.flush"],
    "daily": ["lowcode.jobs.cleanup.clear_old_jobs", "lowcode.notifications.scheduled.run_date_notifications"],
}
override_whitelisted_methods = {
    "frappe.client.get_list": "lowcode.client.get_list",
    "frappe.client.get_count": "lowcode.client.get_count",
    "frappe.client.get_value": "lowcode.client.get_value",
    "frappe.client.get": "lowcode.client.get",
    "frappe.client.set_value": "lowcode.client.set_value",
    "frappe.client.insert": "lowcode.client.insert",
    "frappe.client.save": "lowcode.client.save",
    "frappe.client.delete": "lowcode.client.delete",
    "frappe.client.submit": "lowcode.client.submit",
    "frappe.client.cancel": "lowcode.client.cancel",
    "frappe.auth.get_logged_user": "lowcode.client.get_logged_user",
    "lowcode.client.get_meta": "lowcode.client.get_meta_for_user",
    "lowcode.client.export": "lowcode.exports.list_export.export",
    "lowcode.client.get_timeline": "lowcode.docinfo.get_timeline",
    "lowcode.client.get_attachments": "lowcode.docinfo.get_attachments",
    "frappe.model.workflow.apply_workflow": "lowcode.workflow.api.frappe_apply_workflow",
    "frappe.model.workflow.get_transitions": "lowcode.workflow.api.frappe_get_transitions",
    "frappe.utils.print_format.download_pdf": "lowcode.printing.api.download_pdf",
    "frappe.utils.print_format.download_multi_pdf": "lowcode.printing.api.download_multi_pdf",
    "frappe.www.printview.get_html_and_style": "lowcode.printing.api.get_html_and_style",
    "frappe.desk.query_report.run": "lowcode.reports.api.run",
    "frappe.desk.query_report.export_query": "lowcode.reports.api.export_query",
    "frappe.desk.doctype.dashboard_chart.dashboard_chart.get": "lowcode.dashboards.api.get_chart_data",
}
_WORKFLOW_CHECK = "lowcode.workflow.guard.check_save"
_NOTIFY = "lowcode.notifications.rules.on_document_event"
doc_events = {
    "*": {
        "before_insert": ["lowcode.workflow.guard.set_initial_state", "lowcode.assignment.pick"],
        "after_insert": ["lowcode.assignment.apply", _NOTIFY, "lowcode.calendar.invitations.on_change"],
        "validate": _WORKFLOW_CHECK,
        "before_cancel": _WORKFLOW_CHECK,
        "before_update_after_submit": _WORKFLOW_CHECK,
        "on_update": [
            _NOTIFY,
            "lowcode.duplicates.keys.sync_keys",
            "lowcode.calendar.invitations.on_change",
            "lowcode.assignment.close_when_done",
        ],
        "on_update_after_submit": "lowcode.assignment.close_when_done",
        "on_submit": _NOTIFY,
        "on_cancel": [_NOTIFY, "lowcode.assignment.cancel_assignments"],
        "after_delete": "lowcode.duplicates.keys.drop_keys",
    },
    "Comment": {"after_insert": "lowcode.notifications.mentions.on_comment"},
}
after_migrate = ["lowcode.duplicates.keys.rebuild_missing"]

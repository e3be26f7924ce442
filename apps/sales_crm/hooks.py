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
    "fixtures/assignment_rules.json",
    "fixtures/lead_scoring_rules.json",
    "fixtures/notifications.json",
]

#: `make demo` and the benchmarks: a Spanish-language data set of `size` opportunities
demo_data = "sales_crm.demo.generate"

workspaces = ["workspace/sales_crm.json"]

#: fired with doc.run_method when an opportunity moves into a won stage
custom_doc_events = ["on_won"]

doc_events = {
    "Lead": {"validate": "sales_crm.scoring.on_lead_validate", "on_update": "sales_crm.scoring.on_lead_update"},
    "Activity": {"on_update": "sales_crm.scoring.on_activity_change", "after_delete": "sales_crm.scoring.on_activity_change"},
    "Quotation": {"on_update": "sales_crm.lifecycle.on_quotation"},
    "Sales Order": {"on_submit": "sales_crm.lifecycle.on_sales_order", "on_cancel": "sales_crm.lifecycle.on_sales_order_cancel"},
}

#: a team leader's own documents include their members' (see sales_crm.permissions)
owner_scope = {
    "Lead": "sales_crm.permissions.team_member_users",
    "Opportunity": "sales_crm.permissions.team_member_users",
    "Activity": "sales_crm.permissions.team_member_users",
    "Quotation": "sales_crm.permissions.team_member_users",
}

#: what makes two records the same party (see lowcode.duplicates and docs/duplicates.md)
duplicate_rules = {
    "Lead": [
        {"email_id": "email"},
        {"phone": "phone"},
        {"mobile_no": "phone"},
        {"first_name": "name", "last_name": "name", "company_name": "company"},
    ],
    "Contact": [{"email_id": "email"}, {"phone": "phone"}, {"first_name": "name", "last_name": "name"}],
    "Customer": [{"customer_name": "company"}, {"tax_id": "code"}],
}

#: activities in calendars: .ics invitations to participants and each user's private feed (lowcode.calendar)
calendar_events = {
    "Activity": {
        "start": "due_date", "start_time": "due_time", "title": "subject", "description": "outcome", "status": "status",
        "cancelled_status": "Cancelled", "duration_minutes": 30, "participants": "participants", "user_field": "assigned_to",
        "invite": True,
    },
}  # fmt: skip

#: recipients Notification records may name (see sales_crm.recipients)
notification_recipient_resolvers = {
    "team_leader": "sales_crm.recipients.team_leader",
    "sales_person_user": "sales_crm.recipients.sales_person_user",
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

scheduler_events = {
    "*/5 * * * *": ["sales_crm.reminders.remind_due_activities"],
    "daily": [
        "sales_crm.selling.quotation_status.expire_quotations",
        "sales_crm.scoring.rescore_all",
        "sales_crm.escalation.flag_stuck_opportunities",
        "sales_crm.follow_ups.create_follow_ups",
        "sales_crm.doctype.activity.recurrence.schedule_due_occurrences",
    ],
}

"""Calendars: iCalendar (.ics) invitations and private per-user feeds of a doctype's events.

A doctype declares its calendar fields in an app's hooks (`calendar_events`); see
`lowcode.calendar.sources` and docs/calendar.md.
"""

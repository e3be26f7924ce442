"""Dashboards: Number Card values and Dashboard Chart data, each computed for the viewer.

Every figure is read through the permission-aware query builder (or a report, which
applies the same rules), so a user with own-documents rights sees their own figures.
Charts answer in frappe-charts' format: {"labels": [...], "datasets": [{"name", "values"}]}.
"""

"""Exporting records: lists as CSV or Excel, under the user's export right and read condition."""

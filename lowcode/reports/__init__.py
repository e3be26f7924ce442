"""Reports: Query Reports (one parameterised SELECT) and Script Reports (`execute(filters)`).

How permissions reach a query report's rows: the SQL is parsed into tokens
(`sql_guard`) and every reference to a doctype's table is replaced by a subquery of
the rows and fields the user may read (`permitted`), the same read condition the list
views use, own-documents rules included. Internal tables, system catalogues and
functions that read files or run text as SQL are refused; only one SELECT (or WITH)
runs, in a read-only transaction with a time limit (`runner`). See docs/reports.md.
"""

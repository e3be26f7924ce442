"""Data Import: CSV and XLSX files into any doctype (mapping, preview, batches, resume).

    lowcode --site S import leads.csv --doctype Lead [--update-by email_id] [--resume NAME]

See docs/data_import.md; the engine is `lowcode.imports.engine`.
"""

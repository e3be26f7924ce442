"""Print formats: Jinja templates run in a sandbox, rendered to HTML and to PDF (WeasyPrint).

`render.render_document` picks the format (named, the doctype's default, or the generic
one), builds the sandboxed context (a read-only view of the document as the user may
read it, plus whitelisted helpers) and wraps the result with the letter head;
`pdf` turns HTML into PDF and merges several with pypdf; `api` serves it over HTTP.
"""

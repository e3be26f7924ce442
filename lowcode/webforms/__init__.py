"""Web Forms: public pages (/<route>) whose submissions create records as Guest (web-to-lead).

See `page` (the HTTP side: origin check, rate limit, honeypot) and `submission` (what a
submission writes: only the form's fields, an existing record updated instead of a duplicate).
"""

"""/app/print/<slug>/<name>: print preview with a format and language selector, and the PDF download.

The printed HTML comes from `lowcode.printing.render.render_document` (read and print rights
checked there, the template in Jinja's sandbox) and is shown in a sandboxed iframe (no
scripts, no same origin), since a format's HTML is an admin's and not escaped.
"""

from __future__ import annotations

from urllib.parse import urlencode

from lowcode.context import Local
from lowcode.db.query import get_all
from lowcode.exceptions import ValidationError
from lowcode.printing.render import render_document
from lowcode.web.desk.render import Desk, doctype_for, render
from lowcode.web.request import Call, Reply

LANGUAGES = {"en": "English", "es": "Español"}


def formats(doctype: str) -> list[str]:
    """The enabled print formats of `doctype`, its default first."""
    rows = get_all("Print Format", filters={"doc_type": doctype, "disabled": 0}, fields=["name", "is_default"],
                   order_by="is_default desc, name asc")  # fmt: skip
    return [str(r["name"]) for r in rows]


def view(call: Call, ctx: Local, desk: Desk) -> Reply:
    meta = doctype_for(call.path_params["slug"])
    name = str(call.path_params["name"])
    choices = formats(meta.name)
    chosen = str(call.args.get("format") or "")
    chosen = chosen if chosen in choices else (choices[0] if choices else "")
    lang = str(call.args.get("lang") or desk.lang)
    lang = lang if lang in LANGUAGES else "en"
    no_letterhead = str(call.args.get("no_letterhead") or "") == "1"
    error = None
    try:
        rendered = render_document(meta.name, name, chosen or None, lang, None, no_letterhead)
        html = rendered.html
    except ValidationError as exc:
        error, html = exc.message, ""
    query = {"doctype": meta.name, "name": name, "format": chosen, "lang": lang, "no_letterhead": int(no_letterhead)}
    return render(
        "desk/print.html", desk, meta=meta, doc_name=name, formats=choices, chosen=chosen, lang=lang, languages=LANGUAGES,
        no_letterhead=no_letterhead, html=html, error=error, pdf_url="/api/method/frappe.utils.print_format.download_pdf?" + urlencode(query),
    )  # fmt: skip

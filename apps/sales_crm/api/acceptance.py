"""The customer's side of online acceptance (no login): view, PDF, accept, decline; and revoking a link.

Every guest method opens the quotation only through its signed link
(`sales_crm.selling.acceptance.open_link`) and shows nothing but that quotation.
"""

from __future__ import annotations

from typing import Any

import jinja2
from markupsafe import Markup
from starlette.responses import HTMLResponse

from lowcode.context import acting_as, local
from lowcode.model.document import Document, get_doc
from lowcode.printing.api import pdf_bytes
from lowcode.printing.render import render_document
from lowcode.web.request import Reply
from lowcode.web.whitelist import whitelist
from sales_crm.selling import acceptance
from sales_crm.selling.acceptance import AcceptanceLinkError

_PAGES = jinja2.Environment(loader=jinja2.PackageLoader("sales_crm", "templates"), autoescape=True)
EMPTY_PAGE = "<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body></body></html>"


def _lang(lang: Any) -> str:
    return "es" if str(lang or "").lower().startswith("es") else "en"


def _page(doc: Document | None, token: str, lang: str, status: int = 200, error: str | None = None, message: str | None = None) -> Reply:
    def t(en: str, es: str) -> str:
        return es if lang == "es" else en

    panel = _PAGES.get_template("quotation_answer.html").render(
        t=t, token=token, lang=lang, error=error, message=message, state=acceptance.link_state(doc) if doc is not None else {}
    )
    if doc is None:
        html = EMPTY_PAGE.format(title=Markup.escape(t("Quotation", "Presupuesto")))
    else:
        with acting_as(str(doc.owner)):
            html = render_document("Quotation", doc.name, lang=lang).html
    body_end = html.rfind("</body>")
    page = html[:body_end] + panel + html[body_end:]
    headers = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}
    return Reply(response=HTMLResponse(page, status_code=status, headers=headers))


def _dead(token: str, lang: str, exc: AcceptanceLinkError) -> Reply:
    return _page(None, token, lang, status=404, error=exc.message)


@whitelist(allow_guest=True, methods=("GET",), produces=("text/html",))
def view(token: str, lang: str | None = None) -> Reply:
    """The quotation behind a link, with the accept and decline forms."""
    lang = _lang(lang)
    try:
        doc = acceptance.open_link(token)
    except AcceptanceLinkError as exc:
        return _dead(token, lang, exc)
    return _page(doc, token, lang)


@whitelist(allow_guest=True, methods=("GET",), produces=("application/pdf",))
def pdf(token: str, lang: str | None = None) -> Reply:
    """The quotation behind a link as a PDF."""
    from lowcode.printing.api import _file_reply

    doc = acceptance.open_link(token)
    with acting_as(str(doc.owner)):
        content = pdf_bytes("Quotation", doc.name, lang=_lang(lang))
    return _file_reply(content, f"{doc.name}.pdf")


def _answer(token: str, lang: Any, act: Any) -> Reply:
    lang = _lang(lang)
    try:
        doc = act()
    except AcceptanceLinkError as exc:
        if exc.fieldname:  # the customer's input: show the form again with the message
            return _page(acceptance.open_link(token), token, lang, status=417, message=str(exc))
        return _dead(token, lang, exc)
    return _page(doc, token, lang)


@whitelist(allow_guest=True, methods=("POST",), produces=("text/html",))
def accept(token: str, customer_name: str | None = None, lang: str | None = None, answer: str | None = None) -> Reply:
    """The customer accepts with their typed name (kept with the time and IP)."""
    return _answer(token, lang, lambda: acceptance.accept(token, customer_name or "", local.request_ip))


@whitelist(allow_guest=True, methods=("POST",), produces=("text/html",))
def decline(token: str, reason: str | None = None, lang: str | None = None, answer: str | None = None) -> Reply:
    """The customer declines, saying why; the quotation is declared Lost."""
    return _answer(token, lang, lambda: acceptance.decline(token, reason or "", local.request_ip))


@whitelist(methods=("POST",))
def revoke_link(name: str) -> dict[str, Any]:
    """Stop the quotation's acceptance link from working (needs write on the quotation)."""
    from lowcode.perms.documents import check_doc_permission

    doc = get_doc("Quotation", name)
    check_doc_permission(doc, "write")
    acceptance.revoke(doc)
    return {"name": doc.name, "acceptance_key": None}

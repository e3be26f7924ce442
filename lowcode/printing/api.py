"""Whitelisted print methods, with Frappe's names as aliases (`frappe.utils.print_format.*`)."""

from __future__ import annotations

import re
from typing import Any

from starlette.responses import Response

from lowcode.db.filters import parse_json_arg
from lowcode.exceptions import ValidationError
from lowcode.printing.render import render_document
from lowcode.web.request import Reply
from lowcode.web.whitelist import whitelist

MAX_MERGED = 200


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes")


def _file_reply(content: bytes, filename: str) -> Reply:
    safe = re.sub(r"[^A-Za-z0-9._ -]+", "_", filename)[:120] or "print.pdf"
    headers = {"Content-Disposition": f'inline; filename="{safe}"', "Cache-Control": "no-store"}
    return Reply(response=Response(content, media_type="application/pdf", headers=headers))


def pdf_bytes(doctype: str, name: str, format: str | None = None, lang: str | None = None,  # noqa: A002 - Frappe's name
              letterhead: str | None = None, no_letterhead: Any = 0) -> bytes:  # fmt: skip
    """One document's PDF, for a user with its read and print rights."""
    from lowcode.printing.pdf import html_to_pdf  # WeasyPrint loads on first use, not with the app's hooks

    rendered = render_document(doctype, name, format or None, lang or None, letterhead or None, _flag(no_letterhead))
    return html_to_pdf(rendered.html)


@whitelist()
def download_pdf(doctype: str, name: str, format: str | None = None, lang: str | None = None,  # noqa: A002
                 letterhead: str | None = None, no_letterhead: Any = 0, language: str | None = None) -> Reply:  # fmt: skip
    """The document printed with `format` as a PDF file."""
    return _file_reply(pdf_bytes(doctype, name, format, lang or language, letterhead, no_letterhead), f"{name}.pdf")


@whitelist()
def download_multi_pdf(doctype: str, names: Any = None, format: str | None = None, lang: str | None = None,  # noqa: A002
                       letterhead: str | None = None, no_letterhead: Any = 0, name: Any = None) -> Reply:  # fmt: skip
    """Several documents in one PDF (each one checked), titled after the doctype."""
    from lowcode.context import local
    from lowcode.db.query import get_value
    from lowcode.printing.pdf import merge_pdfs

    chosen = parse_json_arg(names if names is not None else name, "names", doctype)
    if isinstance(chosen, str):
        chosen = [chosen]
    if not isinstance(chosen, list) or not chosen or not all(isinstance(n, str) and n for n in chosen):
        raise ValidationError("Pass names as a JSON list of document names.", doctype=doctype)
    if len(chosen) > MAX_MERGED:
        raise ValidationError(f"At most {MAX_MERGED} documents can be printed at once.", doctype=doctype)
    parts = [pdf_bytes(doctype, n, format, lang, letterhead, no_letterhead) for n in chosen]
    author = str(get_value("User", local.user, "full_name") or local.user)
    merged = merge_pdfs(parts, f"{doctype}: {len(chosen)} documents", author)
    return _file_reply(merged, f"{doctype}.pdf")


@whitelist()
def preview(doctype: str, name: str, format: str | None = None, lang: str | None = None,  # noqa: A002
            letterhead: str | None = None, no_letterhead: Any = 0) -> dict[str, Any]:  # fmt: skip
    """The print as an HTML page (for the print view; show it in a sandboxed iframe)."""
    rendered = render_document(doctype, name, format or None, lang or None, letterhead or None, _flag(no_letterhead))
    return {"html": rendered.html, "print_format": rendered.format_name, "title": rendered.title}


@whitelist()
def get_html_and_style(doc: str, name: str | None = None, print_format: str | None = None, no_letterhead: Any = 0,
                       letterhead: str | None = None, lang: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Frappe's `frappe.www.printview.get_html_and_style` (doc is the doctype when name is given)."""
    if not name:
        raise ValidationError("Pass the doctype as doc and the document's name as name.")
    answer = preview(doc, name, print_format, lang, letterhead, no_letterhead)
    return {"html": answer["html"], "style": ""}

"""GET and POST /<route>: a published Web Form's public page and its submission.

No login and no CSRF token (visitors have no session); instead the POST must come from a
page of this site or of a site in the form's Allowed Origins (a form embedded on the
company's website; Origin, else Referer, names it), a hidden honeypot
field must stay empty (bots fill it: they get the success page, nothing is written), and
each client address may submit `rate_limit` times per hour (lowcode.utils.ratelimit).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from lowcode.context import Local
from lowcode.db.query import get_all
from lowcode.exceptions import DoesNotExistError, LowcodeError, ValidationError
from lowcode.meta.cache import get_meta
from lowcode.model.document import Document, get_doc
from lowcode.utils import ratelimit
from lowcode.web.desk.i18n import normalize_lang
from lowcode.web.desk.render import Desk, render
from lowcode.web.request import Call, Reply
from lowcode.webforms.submission import submit

HONEYPOT = "hp_website"
HOUR = 3600
INPUT_TYPES = {"Email": "email", "Phone": "tel", "Int": "number", "Float": "number", "Currency": "number", "Date": "date",
               "Datetime": "datetime-local", "Time": "time"}  # fmt: skip
TEXTAREAS = {"Small Text", "Text", "Long Text", "Text Editor"}


def published_form(route: str) -> Document:
    names = get_all("Web Form", filters={"route": route.strip("/").lower(), "published": 1}, pluck="name", limit=1)
    if not names:
        raise DoesNotExistError(f"No page at /{route[:80]}.")
    return get_doc("Web Form", names[0])


def _desk(call: Call, ctx: Local) -> Desk:
    asked = call.args.get("lang") or call.headers.get("accept-language", "").split(",")[0].split("-")[0]
    lang = normalize_lang(asked or ctx.site.get("language"))
    return Desk(user="Guest", lang=lang, csrf="", path=call.path, apps=tuple(ctx.site.installed_apps))


def _fields(form: Document) -> list[dict[str, Any]]:
    meta = get_meta(form.doc_type)
    out = []
    for row in form.web_form_fields:
        if row.hidden:
            continue
        df = meta.get_field(row.fieldname)
        kind = "select" if df.fieldtype == "Select" else ("textarea" if df.fieldtype in TEXTAREAS else "input")  # type: ignore[union-attr]
        out.append({"fieldname": row.fieldname, "label": row.label or df.display_label, "reqd": bool(row.reqd),  # type: ignore[union-attr]
                    "description": row.description, "kind": kind, "type": INPUT_TYPES.get(df.fieldtype, "text"),  # type: ignore[union-attr]
                    "options": df.select_options if kind == "select" else []})  # type: ignore[union-attr]  # fmt: skip
    return out


def _page(call: Call, ctx: Local, form: Document, status: int = 200, **context: Any) -> Reply:
    prefilled = {row.fieldname: row.default for row in form.web_form_fields if row.default and not row.hidden}
    defaults = {"error": None, "field_errors": {}, "values": prefilled, "done": False}
    return render("webform/web_form.html", _desk(call, ctx), status=status, form=form, fields=_fields(form),
                  honeypot=HONEYPOT, **{**defaults, **context})  # fmt: skip


def allowed_origin(call: Call, form: Document) -> bool:
    """The POST comes from a page of this host, or of a site in the form's Allowed Origins (Origin, else Referer)."""
    host = call.headers.get("host", "").lower()
    source = call.headers.get("origin") or call.headers.get("referer") or ""
    if not host or not source or source == "null":
        return False
    parts = urlsplit(source)
    return parts.netloc.lower() == host or f"{parts.scheme}://{parts.netloc.lower()}" in (form.allowed_origins or "").split()


def handle(call: Call, ctx: Local) -> Reply:
    form = published_form(str(call.path_params["route"]))
    if call.method != "POST":
        return _page(call, ctx, form)
    desk = _desk(call, ctx)
    if not allowed_origin(call, form):
        return _page(call, ctx, form, status=403, error=desk._("This form can only be sent from its own page."))
    key = f"webform:{form.name}:{call.client_ip or 'unknown'}"
    if ratelimit.blocked_for(key) or ratelimit.hit(key, ratelimit.Limit(hits=int(form.rate_limit or 10), window=HOUR, block=HOUR)):
        return _page(call, ctx, form, status=429, error=desk._("Too many submissions from your address. Please try again later."))
    posted = {k: v for k, v in call.args.items() if isinstance(v, str)}
    if posted.get(HONEYPOT):
        return _page(call, ctx, form, done=True)
    try:
        with ctx.db.atomic():
            submit(form, posted)
    except ValidationError as exc:
        field_errors = exc.data.get("errors") if isinstance(exc.data.get("errors"), dict) else {}
        return _page(call, ctx, form, status=422, error=desk._(exc.message), field_errors=field_errors, values=posted)
    except LowcodeError as exc:
        return _page(call, ctx, form, status=422, error=desk._(exc.message), values=posted)
    return _page(call, ctx, form, done=True)

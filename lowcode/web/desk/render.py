"""Rendering desk pages: the Jinja environment, the per-request `Desk` context, redirects."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from starlette.responses import HTMLResponse, RedirectResponse

from lowcode.context import Local, local
from lowcode.db.query import get_value
from lowcode.exceptions import AuthenticationError, DoesNotExistError
from lowcode.meta.cache import all_metas, derived
from lowcode.meta.meta import DocField, Meta
from lowcode.utils.json import dumps
from lowcode.web.desk import display as display_mod
from lowcode.web.desk.i18n import LANGUAGES, fmt_date, normalize_lang, translator
from lowcode.web.request import Call, Reply

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES)),
    autoescape=jinja2.select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def slug(doctype: str) -> str:
    """'Sales Order' -> 'sales-order'."""
    return re.sub(r"[^a-z0-9]+", "-", doctype.lower()).strip("-")


def _slugs() -> dict[str, str]:
    return {slug(name): name for name in all_metas(local.site)}


def doctype_for(slug_text: str) -> Meta:
    """The doctype a URL slug names; 404 when none does."""
    from lowcode.meta.cache import get_meta

    name = derived(local.site, "desk_slugs", _slugs).get(slug_text)
    if name is None:
        raise DoesNotExistError(f"No document type at /app/{slug_text}.")
    return get_meta(name)


def user_language(user: str) -> str:
    """User.language, else the site's `language`."""
    lang = get_value("User", user, "language") if user != "Guest" else None
    return normalize_lang(lang or local.site.get("language"))


@dataclass
class Desk:
    """What every template knows about the request: user, language, translations, formatting."""

    user: str
    lang: str
    csrf: str
    path: str
    full_name: str = ""
    currency: str = "EUR"
    apps: tuple[str, ...] = ()
    extra_boot: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ = translator(self.apps, self.lang)

    @property
    def languages(self) -> dict[str, str]:
        return LANGUAGES

    @property
    def initials(self) -> str:
        return initials(self.full_name or self.user)

    def label(self, df: DocField) -> str:
        return self._(df.display_label)

    def fmt(self, df: DocField | None, value: Any, doc: Any = None) -> str:
        return display_mod.display(df, value, doc, self)

    def currency_of(self, df: DocField, doc: Any) -> str:
        return display_mod.currency_of(df, doc, self)

    def when(self, value: Any) -> str:
        """A date or time for people: short, in the user's language."""
        return fmt_date(value, self.lang, short=True)

    @property
    def notifications(self) -> dict[str, Any]:
        """The bell: the user's latest notifications and unread count (read once per page)."""
        if "notifications" not in self.extra_boot:
            from lowcode.notifications.api import get_notifications

            self.extra_boot["notifications"] = get_notifications(limit=10)
        return self.extra_boot["notifications"]

    def boot_json(self) -> str:
        """Data for desk.js (read from a JSON script block; the CSP forbids inline scripts)."""
        keys = ("Saved", "Save", "Cancel", "Close", "Loading…", "No results", "Create a new {doctype}", "Not saved",
                "Someone else changed this document", "Your value", "Their value", "Field", "Reload", "Moved",
                "Move refused", "Load more", "Required", "Deleted", "Updated", "Comment added", "Uploaded",
                "No new notifications", "Your calendar address no longer works.", "No assignment rule applies to this document.")  # fmt: skip
        data = {"csrf": self.csrf, "lang": self.lang, "user": self.user, "messages": {k: self._(k) for k in keys}, **self.extra_boot}
        return json_script(data)


def json_script(value: Any) -> str:
    """JSON safe inside <script type="application/json">: no `<` can close the element."""
    return dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def initials(name: str) -> str:
    parts = [p for p in re.split(r"[\s@._-]+", name) if p][:2]
    return "".join(p[0].upper() for p in parts) or "?"


def make_desk(call: Call | None = None, ctx: Local | None = None) -> Desk:
    """The Desk of the current user (for a page, or for a method that formats values)."""
    user = local.user
    full_name = (get_value("User", user, "full_name") if user != "Guest" else "") or user
    csrf = call.session.csrf_token if call is not None and call.session else ""
    return Desk(
        user=user, lang=user_language(user), csrf=csrf, path=call.path if call is not None else "",
        full_name=full_name, currency=str(local.site.get("currency") or "EUR"), apps=tuple(local.site.installed_apps),
    )  # fmt: skip


def require_login(call: Call, ctx: Local) -> None:
    if ctx.user == "Guest" or call.session is None:
        raise AuthenticationError("Log in to use the desk.")


def html(text: str, status: int = 200) -> Reply:
    return Reply(response=HTMLResponse(text, status_code=status, headers={"cache-control": "no-store"}))


def render(name: str, desk: Desk, status: int = 200, **context: Any) -> Reply:
    template = ENV.get_template(name)
    return html(template.render(desk=desk, _=desk._, slug=slug, url=url, **context), status)


def redirect(location: str) -> Reply:
    return Reply(response=RedirectResponse(location, status_code=303))


def login_redirect(call: Call) -> Reply:
    target = call.path + (("?" + urlencode(call.args)) if call.args and call.method == "GET" else "")
    return redirect("/login?" + urlencode({"redirect-to": target}))


def url(*parts: str, **args: Any) -> str:
    """/app/<parts...> with each part quoted and the query arguments encoded."""
    path = "/app/" + "/".join(quote(str(p), safe="") for p in parts)
    query = {k: v for k, v in args.items() if v not in (None, "")}
    return path + ("?" + urlencode(query) if query else "")

"""The page wrapper (login required, HTML errors) and the account pages: login, logout, password reset."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lowcode.auth import login as auth_login
from lowcode.auth import sessions
from lowcode.auth.reset import reset_password
from lowcode.context import Local
from lowcode.exceptions import AuthenticationError, LowcodeError, TooManyRequestsError, ValidationError
from lowcode.web.desk.i18n import normalize_lang
from lowcode.web.desk.render import Desk, login_redirect, make_desk, redirect, render
from lowcode.web.errors import status_for
from lowcode.web.request import SESSION_COOKIE, Call, Reply, endpoint, set_session_cookies

View = Callable[[Call, Local, Desk], Reply]


def page(view: View) -> Callable[..., Any]:
    """A desk page: Guests go to /login; domain errors become an HTML error page."""

    def handler(call: Call, ctx: Local) -> Reply:
        if ctx.user == "Guest" or call.session is None:
            if call.headers.get("hx-request"):
                return Reply(response=None, status=401, body={"message": "Log in again."})
            return login_redirect(call)
        desk = make_desk(call, ctx)
        try:
            return view(call, ctx, desk)
        except LowcodeError as exc:
            ctx.db.rollback()
            return render("desk/error.html", desk, status=status_for(exc), error=exc)

    return endpoint(handler)


def _guest_desk(call: Call, ctx: Local) -> Desk:
    lang = normalize_lang(call.args.get("lang") or ctx.site.get("language"))
    return Desk(user="Guest", lang=lang, csrf="", path=call.path, apps=tuple(ctx.site.installed_apps))


def _safe_target(target: Any) -> str:
    text = str(target or "/app")
    return text if text.startswith("/") and not text.startswith("//") and "\\" not in text else "/app"


def login_page(call: Call, ctx: Local) -> Reply:
    if ctx.user != "Guest" and call.session is not None:
        return redirect(_safe_target(call.args.get("redirect-to")))
    return render("desk/login.html", _guest_desk(call, ctx), target=_safe_target(call.args.get("redirect-to")), error=None, usr="")


def login_submit(call: Call, ctx: Local) -> Reply:
    desk = _guest_desk(call, ctx)
    usr, pwd = str(call.args.get("usr") or ""), str(call.args.get("pwd") or "")
    target = _safe_target(call.args.get("redirect-to"))
    try:
        if not usr or not pwd:
            raise AuthenticationError("Give your email and password.")
        old = call.cookies.get(SESSION_COOKIE)
        if old:
            sessions.destroy(old)
        session = auth_login.login(usr, pwd, call.client_ip)
    except (AuthenticationError, TooManyRequestsError) as exc:
        ctx.db.commit()
        return render("desk/login.html", desk, status=status_for(exc), target=target, error=desk._(exc.message), usr=usr)
    reply = redirect(target)
    set_session_cookies(reply, call, ctx.site, session)
    return reply


def logout(call: Call, ctx: Local) -> Reply:
    sid = call.cookies.get(SESSION_COOKIE)
    if sid:
        sessions.destroy(sid)
    reply = redirect("/login")
    reply.delete_cookies.extend([SESSION_COOKIE, "user_id"])
    return reply


def update_password(call: Call, ctx: Local) -> Reply:
    """The form behind the emailed reset link (lowcode.auth.reset); a POST sets the new password."""
    desk = _guest_desk(call, ctx)
    key = str(call.args.get("key") or "")
    if call.method != "POST":
        return render("desk/update_password.html", desk, key=key, error=None, done=None)
    new, confirm = str(call.args.get("new_password") or ""), str(call.args.get("confirm_password") or "")
    try:
        if new != confirm:
            raise ValidationError("The two passwords differ.", fieldname="confirm_password")
        done = reset_password(key, new)
    except (AuthenticationError, ValidationError) as exc:
        ctx.db.rollback()
        return render("desk/update_password.html", desk, status=status_for(exc), key=key, error=desk._(exc.message), done=None)
    return render("desk/update_password.html", desk, key="", error=None, done=desk._(done))


def set_language(call: Call, ctx: Local, desk: Desk) -> Reply:
    """The user menu's language switch: the user's own User.language, one field, nothing else."""
    from lowcode.model.document import get_doc

    get_doc("User", ctx.user).db_set("language", normalize_lang(str(call.args.get("language") or "en")), update_modified=False)
    return redirect(_safe_target(call.args.get("redirect-to") or "/app"))

"""The REST routes: /api/resource, /api/method, login and logout."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from lowcode import client
from lowcode.auth import login as auth_login
from lowcode.auth import sessions
from lowcode.context import Local
from lowcode.db.filters import parse_json_arg
from lowcode.db.query import get_list
from lowcode.exceptions import AuthenticationError, ValidationError
from lowcode.web import methods
from lowcode.web.request import SESSION_COOKIE, Call, Reply, endpoint, set_session_cookies


def _doctype(call: Call) -> str:
    return str(call.path_params["doctype"])


def _login_required(ctx: Local) -> None:
    if ctx.user == "Guest":
        raise AuthenticationError("Log in first (POST /api/method/login with usr and pwd), or send an API token.")


def _document_body(call: Call) -> Any:
    body = call.body
    if isinstance(body, dict) and set(body) == {"data"}:
        body = parse_json_arg(body["data"], "data", _doctype(call))
    if not isinstance(body, dict):
        raise ValidationError("Send the document as a JSON object.")
    return body


def list_resource(call: Call, ctx: Local) -> Reply:
    args = call.args
    rows = get_list(
        _doctype(call), fields=args.get("fields") or ["name"], filters=args.get("filters"), or_filters=args.get("or_filters"),
        order_by=args.get("order_by"), group_by=args.get("group_by"), limit_start=args.get("limit_start", 0),
        limit_page_length=args.get("limit_page_length", 20), limit=args.get("limit"),
        as_list=str(args.get("as_dict", "1")).lower() in ("0", "false"), parent_doctype=args.get("parent"),
    )  # fmt: skip
    return Reply({"data": rows})


def create_resource(call: Call, ctx: Local) -> Reply:
    _login_required(ctx)
    return Reply({"data": client.doc_response(client.insert_doc(_doctype(call), _document_body(call)))})


def read_resource(call: Call, ctx: Local) -> Reply:
    return Reply({"data": client.doc_response(client.get_permitted_doc(_doctype(call), call.path_params["name"]))})


def update_resource(call: Call, ctx: Local) -> Reply:
    _login_required(ctx)
    doc = client.update_doc(_doctype(call), call.path_params["name"], _document_body(call))
    return Reply({"data": client.doc_response(doc)})


def delete_resource(call: Call, ctx: Local) -> Reply:
    _login_required(ctx)
    client.delete(_doctype(call), call.path_params["name"])
    return Reply({"message": "ok"})


def login(call: Call, ctx: Local) -> Reply:
    login_name = call.args.get("usr")
    password = call.args.get("pwd")
    if not isinstance(login_name, str) or not isinstance(password, str) or not login_name or not password:
        raise AuthenticationError("Give usr (email) and pwd (password).")
    old = call.cookies.get(SESSION_COOKIE)
    if old:
        sessions.destroy(old)
    session = auth_login.login(login_name, password, call.client_ip)
    ctx.user = session.user
    reply = Reply({"message": "Logged In", "home_page": "/app", "user": session.user, "csrf_token": session.csrf_token})
    set_session_cookies(reply, call, ctx.site, session)
    return reply


def logout(call: Call, ctx: Local) -> Reply:
    sid = call.cookies.get(SESSION_COOKIE)
    if sid:
        sessions.destroy(sid)
    ctx.user = "Guest"
    return Reply({"message": "Logged Out"}, delete_cookies=[SESSION_COOKIE, "user_id"])


def method(call: Call, ctx: Local) -> Reply:
    path = str(call.path_params["method"])
    if path == "login":
        return login(call, ctx)
    if path == "logout":
        return logout(call, ctx)
    result = methods.call(path, call.args, call.method, ctx)
    if isinstance(result, Response):
        return Reply(response=result)
    if isinstance(result, Reply):
        return result
    return Reply({"message": result})


def routes() -> list[Route]:
    return [
        Route("/api/resource/{doctype}", endpoint(list_resource), methods=["GET"]),
        Route("/api/resource/{doctype}", endpoint(create_resource), methods=["POST"]),
        Route("/api/resource/{doctype}/{name:path}", endpoint(read_resource), methods=["GET"]),
        Route("/api/resource/{doctype}/{name:path}", endpoint(update_resource), methods=["PUT"]),
        Route("/api/resource/{doctype}/{name:path}", endpoint(delete_resource), methods=["DELETE"]),
        Route("/api/method/{method:path}", endpoint(method), methods=["GET", "POST", "PUT", "DELETE"]),
    ]

"""`/api/openapi.json`: an OpenAPI 3 document of the routes, with a schema per doctype.

It lists the doctypes the caller may read and the published methods, so clients (and
the schema-driven fuzz test) see exactly the surface they can use.
"""

from __future__ import annotations

import inspect
from typing import Any

from starlette.routing import Route

from lowcode import __version__
from lowcode.apps import import_dotted
from lowcode.context import Local
from lowcode.meta.cache import all_metas
from lowcode.meta.meta import DocField, Meta
from lowcode.perms import has_permission
from lowcode.perms.fields import readable_fields
from lowcode.web.methods import published_methods
from lowcode.web.request import Call, Reply, endpoint
from lowcode.web.whitelist import whitelist_info

ERROR = {"$ref": "#/components/schemas/Error"}
LIST_PARAMS = [
    ("fields", 'JSON list of fieldnames, e.g. ["name","status"]'),
    ("filters", 'JSON filters: [["status","=","Open"]] or {"status":"Open"}'),
    ("or_filters", "JSON filters joined with OR"),
    ("order_by", "e.g. modified desc"),
    ("limit_start", "offset of the first row"),
    ("limit_page_length", "rows per page (capped)"),
]


def field_schema(df: DocField, metas: dict[str, Meta]) -> dict[str, Any]:
    ftype = df.ftype
    if ftype.is_table:
        child = metas.get(df.options or "")
        return {"type": "array", "items": doc_schema(child, metas, child=True) if child else {"type": "object"}}
    if df.fieldtype in ("Int", "Rating"):
        return {"type": "integer"}
    if df.fieldtype == "Check":
        return {"type": "integer", "enum": [0, 1]}
    if ftype.numeric:
        return {"type": "number"}
    if df.fieldtype == "Date":
        return {"type": "string", "format": "date", "nullable": True}
    if df.fieldtype == "Select":
        return {"type": "string", "enum": [o for o in df.select_options if o], "nullable": True}
    schema: dict[str, Any] = {"type": "string", "nullable": True}
    max_length = getattr(ftype, "max_length", None)
    if max_length:
        schema["maxLength"] = max_length(df)
    return schema


def doc_schema(meta: Meta, metas: dict[str, Meta], child: bool = False, readable: set[str] | None = None) -> dict[str, Any]:
    properties: dict[str, Any] = {"name": {"type": "string"}}
    if not child:
        properties.update(modified={"type": "string"}, docstatus={"type": "integer", "enum": [0, 1, 2]})
    for df in meta.fields:
        if (df.has_column or df.ftype.is_table) and (readable is None or df.fieldname in readable):
            properties[df.fieldname] = field_schema(df, metas)
    return {"type": "object", "properties": properties}


def _ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "OK", "content": {"application/json": {"schema": schema}}}


def _errors() -> dict[str, Any]:
    codes = {
        "400": "Malformed request (bad JSON)", "401": "Not logged in", "403": "Not permitted", "404": "Not found",
        "405": "HTTP method not allowed", "409": "Conflict", "413": "Request too large", "415": "Unsupported body type",
        "417": "Validation failed", "429": "Too many requests",
    }  # fmt: skip
    return {code: {"description": text, "content": {"application/json": {"schema": ERROR}}} for code, text in codes.items()}


def build(ctx: Local) -> dict[str, Any]:
    metas = all_metas(ctx.site)
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "properties": {"exc_type": {"type": "string"}, "message": {"type": "string"}},
            "required": ["exc_type", "message"],
        },
    }
    for name, meta in sorted(metas.items()):
        if meta.istable or meta.issingle or not has_permission(name, "read"):
            continue
        key = name.replace(" ", "_")
        schemas[key] = doc_schema(meta, metas, readable=readable_fields(name))
        ref = {"$ref": f"#/components/schemas/{key}"}
        params = [{"name": p, "in": "query", "required": False, "schema": {"type": "string"}, "description": d} for p, d in LIST_PARAMS]
        name_param = [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}]
        paths[f"/api/resource/{name}"] = {
            "get": {"summary": f"List {name}", "parameters": params, "responses": {"200": _ok({"type": "object", "properties": {"data": {"type": "array", "items": {"type": "object"}}}}), **_errors()}},
            "post": {"summary": f"Create a {name}", "requestBody": {"content": {"application/json": {"schema": ref}}},
                     "responses": {"200": _ok({"type": "object", "properties": {"data": ref}}), **_errors()}},
        }  # fmt: skip
        paths[f"/api/resource/{name}/{{name}}"] = {
            "get": {"summary": f"Get a {name}", "parameters": name_param, "responses": {"200": _ok({"type": "object", "properties": {"data": ref}}), **_errors()}},
            "put": {"summary": f"Update a {name}", "parameters": name_param, "requestBody": {"content": {"application/json": {"schema": ref}}},
                    "responses": {"200": _ok({"type": "object", "properties": {"data": ref}}), **_errors()}},
            "delete": {"summary": f"Delete a {name}", "parameters": name_param, "responses": {"200": _ok({"type": "object"}), **_errors()}},
        }  # fmt: skip
    for public, target in sorted(published_methods().items()):
        paths[f"/api/method/{public}"] = _method_path(public, target)
    paths["/api/method/login"] = {"post": {"summary": "Log in; sets the sid cookie and answers the CSRF token", "requestBody": {"content": {"application/json": {"schema": {
        "type": "object", "properties": {"usr": {"type": "string"}, "pwd": {"type": "string"}}, "required": ["usr", "pwd"]}}}},
        "responses": {"200": _ok({"type": "object"}), **_errors()}}}  # fmt: skip
    paths["/api/method/logout"] = {"get": {"summary": "Log out", "responses": {"200": _ok({"type": "object"})}}}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"{ctx.site.name} API",
            "version": __version__,
            "description": "Frappe-compatible REST API. Errors are JSON with exc_type and message.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "token": {"type": "apiKey", "in": "header", "name": "Authorization", "description": "token <api_key>:<api_secret>"},
                "session": {"type": "apiKey", "in": "cookie", "name": "sid"},
            },
        },
        "security": [{"token": []}, {"session": []}],
    }


def _method_path(public: str, target: str) -> dict[str, Any]:
    fn = import_dotted(target)
    info = whitelist_info(fn) or {"methods": ("GET", "POST")}
    params = []
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name, param in inspect.signature(fn).parameters.items():
        if param.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            continue
        needed = param.default is inspect.Parameter.empty
        params.append({"name": name, "in": "query", "required": needed, "schema": {"type": "string"}})
        properties[name] = {"type": "string"}
        if needed:
            required.append(name)
    doc = (inspect.getdoc(fn) or public).splitlines()[0]
    out: dict[str, Any] = {}
    ok = _ok({"type": "object", "properties": {"message": {}}})
    if info.get("produces"):
        ok = {"description": "A file", "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in info["produces"]}}
    response = {"200": ok, **_errors()}
    if "GET" in info["methods"]:
        out["get"] = {"summary": doc, "parameters": params, "responses": response}
    if "POST" in info["methods"]:
        body: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            body["required"] = required
        out["post"] = {"summary": doc, "requestBody": {"content": {"application/json": {"schema": body}}}, "responses": response}
    return out


def openapi_document(call: Call, ctx: Local) -> Reply:
    return Reply(build(ctx))


def routes() -> list[Route]:
    return [Route("/api/openapi.json", endpoint(openapi_document), methods=["GET"])]

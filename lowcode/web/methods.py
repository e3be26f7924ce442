"""`/api/method/<dotted.path>`: resolving and calling whitelisted functions.

A function is callable when it is decorated with `@whitelist()` AND listed in the
`whitelisted_methods` of an installed app (core lists the platform's own); Frappe's
client names (`frappe.client.get_list` ...) are aliases declared with
`override_whitelisted_methods`.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from lowcode.apps import collect, collect_dict, import_dotted, ordered
from lowcode.context import Local, local
from lowcode.exceptions import DoesNotExistError, PermissionError, ValidationError
from lowcode.meta.cache import derived
from lowcode.web.errors import HTTPError
from lowcode.web.whitelist import whitelist_info

DOTTED_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")
RESERVED_ARGS = {"cmd", "_", "data"}


def _tables() -> tuple[set[str], dict[str, str]]:
    apps = ordered(local.site.installed_apps)
    allowed = set(collect(apps, "whitelisted_methods"))
    aliases = {name: paths[-1] for name, paths in collect_dict(apps, "override_whitelisted_methods").items()}
    return allowed, aliases


def published_methods() -> dict[str, str]:
    """Every public method name -> the function path answering it."""
    allowed, aliases = derived(local.site, "whitelist", _tables)
    return {**{p: p for p in sorted(allowed)}, **aliases}


def resolve(path: str) -> Any:
    if len(path) > 200 or not DOTTED_RE.match(path):
        raise DoesNotExistError(f"No method '{path[:80]}'. Methods look like app.module.function.")
    allowed, aliases = derived(local.site, "whitelist", _tables)
    target = aliases.get(path, path)
    if target not in allowed:
        raise PermissionError(f"Method '{path}' is not whitelisted.")
    try:
        fn = import_dotted(target)
    except (ImportError, AttributeError) as exc:
        raise DoesNotExistError(f"No method '{path}'.") from exc
    if whitelist_info(fn) is None:
        raise PermissionError(f"Method '{path}' is not whitelisted.")
    return fn


def call(path: str, args: dict[str, Any], http_method: str, ctx: Local) -> Any:
    fn = resolve(path)
    info = whitelist_info(fn) or {}
    if ctx.user == "Guest" and not info.get("allow_guest"):
        from lowcode.exceptions import AuthenticationError

        raise AuthenticationError("Log in to use this method.")
    if http_method not in info.get("methods", ("GET", "POST")):
        raise HTTPError(405, f"Method '{path}' does not accept {http_method}; use {' or '.join(info['methods'])}.", "MethodNotAllowed")
    return fn(**_bind(fn, path, args))


def _bind(fn: Any, path: str, args: dict[str, Any]) -> dict[str, Any]:
    signature = inspect.signature(fn)
    accepts_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in signature.parameters.values())
    kwargs: dict[str, Any] = {}
    for name, param in signature.parameters.items():
        if param.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            continue
        if name in args:
            kwargs[name] = args[name]
        elif param.default is inspect.Parameter.empty:
            raise ValidationError(f"Method '{path}' needs the argument '{name}'.", fieldname=name)
    if accepts_any:
        kwargs.update({k: v for k, v in args.items() if k not in kwargs and k not in RESERVED_ARGS})
    return kwargs

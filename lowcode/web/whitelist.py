"""`@lowcode.whitelist()`: marks a function as callable at /api/method/<dotted path>."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def whitelist(*, allow_guest: bool = False, methods: tuple[str, ...] = ("GET", "POST"), produces: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Expose a function over HTTP. GET is only allowed for functions that change nothing.

    `produces` names the media types of a function that answers a file (a Response)
    instead of `{"message": ...}`, for the OpenAPI document."""

    def mark(fn: F) -> F:
        fn.__lowcode_whitelisted__ = {"allow_guest": allow_guest, "methods": tuple(m.upper() for m in methods), "produces": produces}  # type: ignore[attr-defined]
        return fn

    return mark


def whitelist_info(fn: Any) -> dict[str, Any] | None:
    return getattr(fn, "__lowcode_whitelisted__", None)

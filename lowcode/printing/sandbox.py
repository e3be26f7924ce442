"""The sandbox print templates run in: no Python internals, no files, no other documents.

Templates see only what `render` puts in their context: `PrintDoc` views of documents
(fields as attributes, nothing else), plain values and the whitelisted helpers. Jinja's
immutable sandbox refuses underscore attributes and internals; undefined names fail
loudly; there is no template loader, so `include`, `import` and `extends` reach nothing.
Every failure becomes a `TemplateError` with the format's name and the line.
Compiled templates are cached per process by their source (and the filters they were
compiled against), so an edited format or letter head compiles afresh on its next use.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from types import CodeType
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

from lowcode.exceptions import TemplateError

CODE_CACHE_SIZE = 256
_codes: OrderedDict[tuple[Any, ...], CodeType] = OrderedDict()
_codes_lock = threading.Lock()


class PrintDoc:
    """A read-only view of a document for templates: its fields, as attributes or keys."""

    __slots__ = ("_label", "_values")

    def __init__(self, values: dict[str, Any], label: str) -> None:
        self._values = values
        self._label = label

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"{self._label} has no field '{name}'") from None

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def get(self, name: str, default: Any = None) -> Any:
        value = self._values.get(name)
        return default if value is None else value

    def __repr__(self) -> str:
        return f"<{self._label}>"


class _Undefined(jinja2.StrictUndefined):
    """Any use of an unknown name fails, with the message saying which."""


def _blank_none(value: Any) -> Any:
    """An empty field prints as nothing, not as 'None'."""
    return "" if value is None else value


class _Sandbox(ImmutableSandboxedEnvironment):
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, PrintDoc):
            return not attr.startswith("_")
        return super().is_safe_attribute(obj, attr, value)


def make_environment(helpers: dict[str, Any], filters: dict[str, Any]) -> jinja2.Environment:
    env = _Sandbox(autoescape=True, undefined=_Undefined, loader=None, trim_blocks=True, lstrip_blocks=True, finalize=_blank_none)
    env.globals.clear()
    env.globals.update({"range": safe_range, "namespace": jinja2.utils.Namespace, **helpers})
    env.filters.update(filters)
    return env


def compile_template(env: jinja2.Environment, source: str) -> jinja2.Template:
    """`env.from_string(source)`, reusing the compiled code of an earlier identical source."""
    key = (type(env), frozenset(env.filters), frozenset(env.tests), source)
    with _codes_lock:
        code = _codes.get(key)
        if code is not None:
            _codes.move_to_end(key)
    if code is None:
        code = env.compile(source)
        with _codes_lock:
            _codes[key] = code
            if len(_codes) > CODE_CACHE_SIZE:
                _codes.popitem(last=False)
    return env.template_class.from_code(env, code, env.make_globals(None))


def render_template(env: jinja2.Environment, source: str, context: dict[str, Any], what: str) -> str:
    """Render `source`; every failure is a TemplateError naming `what` and, when known, the line."""
    try:
        return compile_template(env, source).render(context)
    except TemplateError as exc:
        raise TemplateError(f"{what}: {exc.message}", **exc.data) from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"{what}: the template tried to reach something it may not ({exc}).", reason="security") from None
    except jinja2.exceptions.TemplateSyntaxError as exc:
        raise TemplateError(
            f"{what}: template syntax error on line {exc.lineno}: {exc.message}.", reason="syntax", line=exc.lineno
        ) from None
    except jinja2.exceptions.UndefinedError as exc:
        raise TemplateError(f"{what}: {exc.message}. Templates see only the document, its rows and the print helpers.",
                            reason="undefined") from None  # fmt: skip
    except jinja2.exceptions.TemplateNotFound as exc:
        raise TemplateError(f"{what}: templates cannot include, import or extend other files ({exc}).", reason="include") from None
    except TypeError as exc:
        if "loader" in str(exc):
            raise TemplateError(f"{what}: templates cannot include, import or extend other files.", reason="include") from None
        raise TemplateError(f"{what}: the template failed: {exc}.", reason="runtime") from None
    except jinja2.exceptions.TemplateError as exc:
        raise TemplateError(f"{what}: {exc}.", reason="template") from None
    except (ValueError, ArithmeticError, AttributeError, KeyError, IndexError) as exc:
        raise TemplateError(f"{what}: the template failed: {type(exc).__name__}: {exc}.", reason="runtime") from None


def check_syntax(source: str, what: str) -> None:
    """Raise TemplateError if `source` does not parse (used when a format is saved)."""
    try:
        _Sandbox(autoescape=True).parse(source)
    except jinja2.exceptions.TemplateSyntaxError as exc:
        raise TemplateError(
            f"{what}: template syntax error on line {exc.lineno}: {exc.message}.", reason="syntax", line=exc.lineno
        ) from None

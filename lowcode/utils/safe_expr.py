"""A small, safe expression language over a document's fields.

Used for `depends_on`, `mandatory_depends_on`, workflow conditions and notification
rules. The text is parsed with Python's `ast` in expression mode, checked, and turned
once into nested closures that know only: literals, field names, `doc.<field>`,
comparisons, `in`, and/or/not, arithmetic (no powers), conditional expressions and a few
whitelisted functions. There is no `eval`, no attribute access except `doc.<field>`, no subscripts
of internals, no lambdas, no comprehensions. Frappe's JavaScript spellings (`eval:`
prefix, `&&`, `||`, `!`, `===`, `true`/`false`/`null`) are accepted.
"""

from __future__ import annotations

import ast
import datetime as dt
import operator
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

MAX_LENGTH = 1000
MAX_STRING = 10_000


class ExpressionError(ValueError):
    """Raised when an expression is not in the safe language or cannot be evaluated."""


def _to_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _date_diff(a: Any, b: Any) -> int:
    first, second = _to_date(a), _to_date(b)
    if first is None or second is None:
        return 0
    return (first - second).days


def _add_days(value: Any, days: Any) -> dt.date | None:
    date = _to_date(value)
    return date + dt.timedelta(days=int(days)) if date else None


def _today() -> dt.date:
    from lowcode.utils.dates import today

    return today()


def _now() -> dt.datetime:
    from lowcode.utils.dates import now

    return now()


def _flt(value: Any) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def _cint(value: Any) -> int:
    try:
        return int(float(value or 0))
    except (TypeError, ValueError):
        return 0


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "len": lambda v: len(v) if v is not None else 0,
    "abs": abs,
    "round": round,
    "min": min,
    "max": max,
    "int": _cint,
    "cint": _cint,
    "flt": _flt,
    "float": _flt,
    "str": lambda v: "" if v is None else str(v),
    "lower": lambda v: str(v or "").lower(),
    "upper": lambda v: str(v or "").upper(),
    "startswith": lambda v, p: str(v or "").startswith(str(p)),
    "endswith": lambda v, p: str(v or "").endswith(str(p)),
    "contains": lambda v, p: str(p) in str(v or ""),
    "today": _today,
    "now": _now,
    "getdate": _to_date,
    "date_diff": _date_diff,
    "add_days": _add_days,
    "is_set": lambda v: v not in (None, "", 0, []),
}
CONSTANTS = {"true": True, "false": False, "null": None, "undefined": None, "True": True, "False": False, "None": None}

BINOPS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
}
CMPOPS: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b if b is not None else False,
    ast.NotIn: lambda a, b: a not in b if b is not None else True,
}
ALLOWED_NODES = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd,
    ast.BinOp, ast.Compare, ast.Constant, ast.Name, ast.Load, ast.Attribute, ast.Call,
    ast.List, ast.Tuple, ast.Set, ast.IfExp, *BINOPS, *CMPOPS,
)  # fmt: skip


_TOKEN_RE = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(===|!==|&&|\|\||!(?!=))""")
_JS_OPERATORS = {"===": "==", "!==": "!=", "&&": " and ", "||": " or ", "!": " not "}


def _translate(text: str) -> str:
    """Turn Frappe's JavaScript spellings into the Python expression syntax."""
    src = text.strip()
    if src.startswith("eval:"):
        src = src[5:].strip()
    return _TOKEN_RE.sub(lambda m: m.group(1) or _JS_OPERATORS[m.group(2)], src).strip()


@lru_cache(maxsize=2048)
def compile_expression(text: str) -> ast.Expression:
    """Parse and check an expression; raise ExpressionError naming what is not allowed."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression is longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(_translate(text), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"cannot read expression {text!r}: {exc.msg}") from exc
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED_NODES):
            raise ExpressionError(f"'{type(node).__name__}' is not allowed in expressions ({text!r})")
        if isinstance(node, ast.Attribute) and not (isinstance(node.value, ast.Name) and node.value.id == "doc"):
            raise ExpressionError(f"only doc.<field> may use a dot ({text!r})")
        if isinstance(node, (ast.Attribute, ast.Name)):
            ident = node.attr if isinstance(node, ast.Attribute) else node.id
            if ident.startswith("_"):
                raise ExpressionError(f"names starting with _ are not allowed ({text!r})")
        if isinstance(node, ast.Call) and (not (isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS) or node.keywords):
            raise ExpressionError(f"only these functions may be called: {', '.join(sorted(FUNCTIONS))} ({text!r})")
    return tree


def evaluate(text: str, doc: Mapping[str, Any] | None = None, **names: Any) -> Any:
    """Evaluate `text` with the document's fields as names (and as `doc.<field>`)."""
    run = _compiled(text)
    scope = _Scope(doc or {}, names)
    try:
        return run(scope)
    except ExpressionError:
        raise
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise ExpressionError(f"cannot evaluate {text!r}: {exc}") from exc


def evaluate_bool(text: str | None, doc: Mapping[str, Any] | None = None, **names: Any) -> bool:
    """True when `text` is empty or evaluates truthy; used by depends_on and conditions."""
    if not text or not text.strip():
        return True
    return bool(evaluate(text, doc, **names))


class _Scope:
    __slots__ = ("doc", "names")

    def __init__(self, doc: Mapping[str, Any], names: Mapping[str, Any]) -> None:
        self.doc = doc
        self.names = names

    def field(self, name: str) -> Any:
        getter = getattr(self.doc, "get", None)
        return getter(name) if getter else None

    def lookup(self, name: str) -> Any:
        if name in self.names:
            return self.names[name]
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name == "doc":
            return self.doc
        return self.field(name)


Evaluator = Callable[["_Scope"], Any]


@lru_cache(maxsize=2048)
def _compiled(text: str) -> Evaluator:
    """The checked expression as a function of the scope, built once per text."""
    return _build(compile_expression(text).body)


def _build(node: ast.AST) -> Evaluator:
    if isinstance(node, ast.Constant):
        constant = node.value
        return lambda scope: constant
    if isinstance(node, ast.Name):
        name = node.id
        return lambda scope: scope.lookup(name)
    if isinstance(node, ast.Attribute):
        attr = node.attr
        return lambda scope: scope.field(attr)
    if isinstance(node, ast.BoolOp):
        return _bool_op(isinstance(node.op, ast.And), [_build(value) for value in node.values])
    if isinstance(node, ast.UnaryOp):
        operand = _build(node.operand)
        if isinstance(node.op, ast.Not):
            return lambda scope: not operand(scope)
        if isinstance(node.op, ast.USub):
            return lambda scope: -_number(operand(scope))
        return lambda scope: _number(operand(scope))
    if isinstance(node, ast.BinOp):
        op, left, right = node.op, _build(node.left), _build(node.right)
        return lambda scope: _binop(op, left(scope), right(scope))
    if isinstance(node, ast.Compare):
        return _comparison(_build(node.left), [(op, _build(c)) for op, c in zip(node.ops, node.comparators, strict=True)])
    if isinstance(node, ast.IfExp):
        test, body, orelse = _build(node.test), _build(node.body), _build(node.orelse)
        return lambda scope: body(scope) if test(scope) else orelse(scope)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        items = [_build(e) for e in node.elts]
        return lambda scope: [item(scope) for item in items]
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        func, args = FUNCTIONS[node.func.id], [_build(a) for a in node.args]
        return lambda scope: func(*[arg(scope) for arg in args])
    raise ExpressionError(f"'{type(node).__name__}' is not allowed")


def _bool_op(is_and: bool, parts: list[Evaluator]) -> Evaluator:
    """`and` returns the first falsy value (else the last), `or` the first truthy one (else the last)."""

    def run(scope: _Scope) -> Any:
        result: Any = None
        for part in parts:
            result = part(scope)
            if bool(result) != is_and:
                return result
        return result

    return run


def _comparison(first: Evaluator, rest: list[tuple[ast.cmpop, Evaluator]]) -> Evaluator:
    """A chain like `0 < x <= 10`: every link must hold."""

    def run(scope: _Scope) -> bool:
        left = first(scope)
        for op, comparator in rest:
            right = comparator(scope)
            if not _compare(op, left, right):
                return False
            left = right
        return True

    return run


def _number(value: Any) -> Any:
    if value is None or value == "":
        return 0
    if isinstance(value, (int, float, Decimal)):
        return value
    raise ExpressionError(f"{value!r} is not a number")


def _binop(op: ast.operator, left: Any, right: Any) -> Any:
    func = BINOPS[type(op)]
    if isinstance(left, str) or isinstance(right, str):
        if isinstance(op, ast.Add):
            result = str(left if left is not None else "") + str(right if right is not None else "")
            if len(result) > MAX_STRING:
                raise ExpressionError("text result is too long")
            return result
        raise ExpressionError("only + works on text")
    left, right = _number(left), _number(right)
    if isinstance(left, Decimal) != isinstance(right, Decimal):
        left, right = Decimal(str(left)), Decimal(str(right))
    return func(left, right)


def _compare(op: ast.cmpop, left: Any, right: Any) -> bool:
    if isinstance(left, Decimal) and isinstance(right, float):
        right = Decimal(str(right))
    elif isinstance(right, Decimal) and isinstance(left, float):
        left = Decimal(str(left))
    if isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)) and (left is None or right is None):
        left, right = (_number(left) if not isinstance(left, str) else left), (_number(right) if not isinstance(right, str) else right)
    try:
        return bool(CMPOPS[type(op)](left, right))
    except TypeError:
        return False

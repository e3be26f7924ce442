"""The safe expression language of conditions and depends_on: what it computes, and what it refuses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lowcode.utils.safe_expr import ExpressionError, evaluate, evaluate_bool

DOC = {"qty": 5, "rate": Decimal("2.50"), "status": "Open", "email": "", "tags": ["a", "b"], "due": dt.date(2026, 1, 10)}

CASES = [
    ("1 + 2 * 3", 7),
    ("qty * rate", Decimal("12.50")),
    ("rate > 2.4", True),
    ("(qty - 1) // 2 + qty % 2", 3),
    ("-qty", -5),
    ("+missing", 0),
    ("0 < qty <= 5", True),
    ("0 < qty < 5", False),
    ("status == 'Open' and qty", 5),
    ("status == 'Lost' and qty", False),
    ("email or 'none'", "none"),
    ("email and 'x'", ""),
    ("not email", True),
    ("doc.status in ['Open', 'Won']", True),
    ("'c' not in tags", True),
    ("status + '!'", "Open!"),
    ("'yes' if qty > 3 else 'no'", "yes"),
    ("missing > 1", False),
    ("missing in tags", False),
    ("len(tags) + len(missing)", 2),
    ("upper(status)", "OPEN"),
    ("date_diff(due, '2026-01-01')", 9),
    ("add_days(due, 1)", dt.date(2026, 1, 11)),
    ("is_set(email) or is_set(qty)", True),
    ("eval:doc.qty === 5 && !email", True),
    ("true || null", True),
    ("!email", True),
    ("status !== 'Open'", False),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_expressions_compute_like_python_over_the_fields(text: str, expected: object) -> None:
    assert evaluate(text, DOC) == expected


def test_names_given_beside_the_document_win_over_its_fields() -> None:
    assert evaluate("qty + extra", DOC, extra=2) == 7
    assert evaluate("qty", DOC, qty=1) == 1


def test_empty_conditions_hold_and_results_are_truthiness() -> None:
    assert evaluate_bool("", DOC) and evaluate_bool("   ", DOC) and evaluate_bool(None, DOC)
    assert evaluate_bool("tags", DOC) and not evaluate_bool("email", DOC)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os')", "only these functions"),
        ("doc.__class__", "starting with _"),
        ("status.upper()", "only these functions"),
        ("status.join", "only doc.<field>"),
        ("tags[0]", "'Subscript' is not allowed"),
        ("[x for x in tags]", "is not allowed"),
        ("lambda: 1", "'Lambda' is not allowed"),
        ("2 ** 100", "is not allowed"),
        ("open('/etc/passwd')", "only these functions"),
        ("qty +", "cannot read expression"),
        ("x" * 1001, "longer than"),
    ],
)
def test_anything_outside_the_language_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message):
        evaluate(text, DOC)


def test_type_errors_become_expression_errors() -> None:
    with pytest.raises(ExpressionError, match="only \\+ works on text"):
        evaluate("status - 1", DOC)
    with pytest.raises(ExpressionError, match="cannot evaluate"):
        evaluate("qty / 0", DOC)
    with pytest.raises(ExpressionError, match="too long"):
        evaluate("s + s", {"s": "x" * 6000})

"""Fieldtype coercion round trips (Hypothesis): what a client sends is coerced once, stored, and
read back identical on every backend; coercing again changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lowcode
from lowcode.exceptions import ValidationError

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=140).map(str.strip)


def decimals(places: int) -> st.SearchStrategy[Decimal]:
    """Every value the field accepts: at most 15 significant digits (and 12 before the point)."""
    top = Decimal(10) ** min(12, 15 - places) - Decimal(1).scaleb(-places)
    return st.decimals(min_value=-top, max_value=top, places=places, allow_nan=False)


VALUES = st.fixed_dictionaries(
    {
        "data": TEXT,
        "small_text": st.text(max_size=2000).filter(lambda t: "\x00" not in t),
        "long_text": st.text(max_size=3000).filter(lambda t: "\x00" not in t),
        "int_value": st.integers(-(2**31) + 1, 2**31 - 1),
        "float_value": decimals(6),
        "currency": decimals(2),
        "percent": decimals(2),
        "check": st.sampled_from([0, 1, "1", "0", True, False, "yes", "no"]),
        "date": st.dates(dt.date(1900, 1, 1), dt.date(2999, 12, 31)),
        "datetime": st.datetimes(dt.datetime(1970, 1, 2), dt.datetime(2999, 12, 31)),
        "time": st.times(),
        "rating": st.integers(0, 5),
        "choice": st.sampled_from(["", "Red", "Green", "Azul cielo"]),
        "json_value": st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=10), max_size=3),
    }
)


def normal(values: dict[str, Any]) -> dict[str, Any]:
    """What the platform should hand back for what a client sent."""
    out = dict(values)
    out["check"] = 1 if values["check"] in (1, "1", True, "yes") else 0
    for key in ("data", "choice"):  # short text is stripped
        out[key] = values[key].strip() or None
    for key in ("small_text", "long_text"):  # long text is kept as written
        out[key] = values[key] if values[key].strip() else None
    return out


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=VALUES)
def test_values_round_trip_through_the_database(sctx, values: dict[str, Any]) -> None:
    doc = lowcode.new_doc("Test Field Types", **{**values, "json_value": json.dumps(values["json_value"])}).insert()
    stored = lowcode.get_doc("Test Field Types", doc.name)
    expected = normal(values)
    for key, value in expected.items():
        got = stored.get(key)
        if key == "json_value":
            assert json.loads(got) == value
        elif isinstance(value, Decimal):
            assert got == value and isinstance(got, Decimal), key
        else:
            assert got == value, (key, got, value)
    before = stored.as_dict()
    stored.save()  # coercing stored values again changes nothing
    after = lowcode.get_doc("Test Field Types", doc.name).as_dict()
    assert {k: v for k, v in after.items() if k not in ("modified",)} == {k: v for k, v in before.items() if k not in ("modified",)}


def test_too_many_digits_for_every_backend_are_refused(sctx) -> None:
    with pytest.raises(ValidationError, match=r"Float 12345678901.5 is too large \(less than 1,000,000,000 with 6 decimals\)"):
        lowcode.new_doc("Test Field Types", float_value="12345678901.5").insert()
    with pytest.raises(ValidationError, match=r"Currency 1000000000000 is too large \(less than 1,000,000,000,000 with 2 decimals\)"):
        lowcode.new_doc("Test Field Types", currency="1000000000000").insert()
    edge = lowcode.new_doc("Test Field Types", float_value="999999999.999999", currency="999999999999.99").insert()
    stored = lowcode.get_doc("Test Field Types", edge.name)
    assert (stored.float_value, stored.currency) == (Decimal("999999999.999999"), Decimal("999999999999.99"))

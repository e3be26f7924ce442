"""Decimal helpers: precision from field metadata, the platform's rounding rule, exact splits."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal

from lowcode.meta.cache import get_meta
from lowcode.meta.fieldtypes import DecimalLike, round_decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def precision(doctype: str, fieldname: str) -> int:
    """Decimals of a Currency/Float/Percent field, as its metadata (customisations included) says."""
    df = get_meta(doctype).get_field(fieldname)
    if df is None or not isinstance(df.ftype, DecimalLike):
        raise KeyError(f"{doctype}.{fieldname} is not a decimal field")
    return df.ftype.precision(df)


def rnd(value: Decimal, places: int) -> Decimal:
    """Round half away from zero at `places` (the platform's one rule)."""
    return round_decimal(value, places)


def dec(value: object) -> Decimal:
    """A stored or client value as a Decimal (None and "" are zero)."""
    if value is None or value == "":
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


def plain(value: object) -> str:
    """A quantity for messages: no exponent, no trailing zeros ("10", "2.5")."""
    return format(dec(value).normalize(), "f")


def allocate(total: Decimal, weights: Sequence[Decimal], places: int) -> list[Decimal]:
    """Split `total` (>= 0) in proportion to `weights`; the parts, each at `places`, add up to `total`.

    Largest remainder method: every part is first rounded down, then the units left over
    go one each to the parts with the largest remainders (earlier parts first on ties).
    """
    if not weights:
        return []
    weight_sum = sum(weights, ZERO)
    if weight_sum <= 0:
        if total:
            raise ValueError("cannot split a non-zero amount by weights that add up to zero")
        return [ZERO for _ in weights]
    unit = Decimal(1).scaleb(-places)
    exact = [total * w / weight_sum for w in weights]
    parts = [e.quantize(unit, rounding=ROUND_FLOOR) for e in exact]
    left = int((total - sum(parts, ZERO)) / unit)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:left]:
        parts[i] += unit
    return parts

"""Exact numbers shared by the oracle's modules (factor_method.py, pipeline.py) — standard library only.

Every quantity is a fractions.Fraction; decimals are read exactly as written and printed rounded half away
from zero. Nothing here knows about the TypeScript engine.
"""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction


class ScenarioError(Exception):
    """A request the API must refuse with 422; carries the JSON pointers of the offending fields."""

    def __init__(self, pointers: list[str]):
        super().__init__(", ".join(pointers))
        self.pointers = pointers


def dec(value) -> Fraction:
    """A decimal written as a JSON string or number, exactly as written (files are read with Decimal floats)."""
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, (int, Decimal)):
        return Fraction(value)
    if isinstance(value, float):  # only when called on data not read by load(); repr is the shortest text
        return Fraction(Decimal(repr(value)))
    return Fraction(Decimal(str(value).strip()))


def is_number(value) -> bool:
    """A JSON number or a decimal string (what the API accepts as a numeric indicator)."""
    if isinstance(value, bool) or value is None:
        return False
    try:
        x = Decimal(str(value).strip())
    except Exception:
        return False
    return x.is_finite()


def decimals_of(value) -> int:
    """Number of decimals of a decimal after dropping trailing zeros ("0.10" → 1, "100" → 0)."""
    d = Decimal(str(value)).normalize()
    exponent = d.as_tuple().exponent
    return max(0, -exponent)


def fixed(x: Fraction, places: int) -> str:
    """x rounded half away from zero to `places` decimals, written with exactly that many decimals."""
    scaled = abs(x) * 10**places
    q = math.floor(scaled)
    if scaled - q >= Fraction(1, 2):
        q += 1
    digits = str(q).rjust(places + 1, "0")
    text = digits if places == 0 else digits[:-places] + "." + digits[-places:]
    return ("-" if x < 0 and q != 0 else "") + text


def round_nearest(x: Fraction) -> int:
    """The nearest integer, halves away from zero."""
    q = math.floor(abs(x) + Fraction(1, 2))
    return q if x >= 0 else -q


def category_text(value) -> str:
    """What JavaScript's String() writes for an indicator value (a category, or a number read from JSON)."""
    if value is None:
        return "undefined"
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def utf16_units(text: str) -> bytes:
    """An id's sort key: its UTF-16 code units, the order JavaScript's < gives (not Python's code points)."""
    return text.encode("utf-16-be")


def largest_remainder(units: int, weights: list[Fraction], ids: list[str]) -> list[int]:
    """Split `units` whole units in proportion to `weights` (not all zero): floors first, then one leftover unit
    each by remainder (descending), then larger weight first, then smaller id in UTF-16 code-unit order."""
    total_weight = sum(weights)
    quota = [units * w / total_weight for w in weights]
    parts = [math.floor(q) for q in quota]
    leftover = units - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(quota[i] - parts[i]), -weights[i], utf16_units(ids[i])))
    for i in order[:leftover]:
        parts[i] += 1
    return parts

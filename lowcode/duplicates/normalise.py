"""Normalisers: the comparable form of an email, a phone number, a person's or a company's name.

`NORMALISERS[name](value)` returns the key text, or "" when the value gives nothing to
compare (an empty field, a phone number too short to be one).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import phonenumbers

from lowcode.context import has_site, local

#: legal forms dropped from the end of a company name ("Textiles del Norte, S.A. de C.V." = "Textiles del Norte")
LEGAL_SUFFIXES = (
    "s a de c v", "s de r l de c v", "s de r l", "s a p i de c v", "s a u", "s l u", "s l l", "s l n e", "s coop", "s c",
    "s a", "s l", "sa", "sl", "slu", "sau", "sas", "s a s", "ltd", "limited", "llc", "inc", "incorporated", "corp",
    "corporation", "co", "gmbh", "ag", "bv", "nv", "plc", "srl", "spa", "sarl", "lda",
)  # fmt: skip
_SUFFIX_RE = re.compile(r"(?:\s+(?:" + "|".join(re.escape(s) for s in sorted(LEGAL_SUFFIXES, key=len, reverse=True)) + r"))+$")
MIN_PHONE_DIGITS = 6


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def email(value: str) -> str:
    return value.strip().lower()


@lru_cache(maxsize=8192)
def name(value: str) -> str:
    """Casefolded, accents and punctuation dropped, spaces collapsed: 'José  Núñez-Gil' -> 'jose nunez gil'."""
    text = strip_accents(value).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).replace("_", " ").split())


def company(value: str) -> str:
    """A name without its legal form: 'Ferretería Álvarez, S.L.' -> 'ferreteria alvarez'."""
    return _SUFFIX_RE.sub("", name(value)).strip()


def phone(value: str) -> str:
    """E.164 ('+34600123456') when the number parses, with the site's region for national numbers; else its digits."""
    region = str(local.site.get("phone_region") or "ES") if has_site() else "ES"
    text = value.strip()
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_possible_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    digits = re.sub(r"\D", "", text)
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def code(value: str) -> str:
    """Letters and digits only, upper case (tax ids: 'b-12.345.678' -> 'B12345678')."""
    return re.sub(r"[^0-9A-Za-z]", "", strip_accents(value)).upper()


NORMALISERS: dict[str, Callable[[str], str]] = {"email": email, "phone": phone, "name": name, "company": company, "code": code}

"""Random but repeatable Spanish people, companies, addresses and identifiers."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from sales_crm.demo import spanish


def ascii_slug(text: str) -> str:
    """'Lucía Núñez' -> 'lucia.nunez' (for e-mail addresses and web sites)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ".".join(part for part in "".join(c if c.isalnum() else " " for c in plain.lower()).split())


def same_name_key(text: str) -> str:
    """What MariaDB's default collation compares in a name (accents, case and trailing spaces ignored):
    'Núria Mora' and 'nuria mora' are one primary key there."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return plain.casefold().rstrip()


@dataclass(frozen=True)
class Place:
    region: str
    country: str
    city: str
    state: str
    postal_prefix: str
    phone_prefix: str


def places(region: str) -> list[Place]:
    country, cities = spanish.REGIONS[region]
    return [Place(region, country, *city) for city in cities]


class People:
    """Draws people, companies and contact data from one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        #: the names given so far, by `same_name_key`
        self._companies: set[str] = set()

    def person(self) -> tuple[str, str]:
        rng = self.rng
        return rng.choice(spanish.FIRST_NAMES), f"{rng.choice(spanish.LAST_NAMES)} {rng.choice(spanish.LAST_NAMES)}"

    def company(self, place: Place) -> str:
        """A company name not given before in this run ('Transportes del Norte S.L.')."""
        rng = self.rng
        for attempt in range(50):
            body = rng.choice(spanish.COMPANY_BODIES).format(last=rng.choice(spanish.LAST_NAMES), last2=rng.choice(spanish.LAST_NAMES))
            legal = "S.A. de C.V." if place.country == "México" else rng.choice(spanish.LEGAL_FORMS)
            name = " ".join(p for p in (rng.choice(spanish.COMPANY_HEADS), body, legal) if p)
            if attempt > 5:
                name = f"{name} ({place.city})" if attempt < 10 else f"{name} {attempt}"
            if same_name_key(name) not in self._companies:
                self._companies.add(same_name_key(name))
                return name
        raise RuntimeError("could not find an unused company name")

    def unique(self, name: str) -> str:
        """`name`, or `name 2`, `name 3`… when this run gave it before."""
        candidate, number = name, 1
        while same_name_key(candidate) in self._companies:
            number += 1
            candidate = f"{name} {number}"
        self._companies.add(same_name_key(candidate))
        return candidate

    def phone(self, place: Place, mobile: bool = False) -> str:
        rng = self.rng
        if place.country == "México":
            return f"+52 {place.phone_prefix} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
        if mobile:
            return f"+34 6{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
        digits = f"{place.phone_prefix}{rng.randint(10**8, 10**9 - 1)}"[:9]
        return f"+34 {digits[:3]} {digits[3:6]} {digits[6:]}"

    def street(self, place: Place) -> tuple[str, str]:
        rng = self.rng
        line = f"{rng.choice(spanish.STREETS)}, {rng.randint(1, 180)}"
        postal = place.postal_prefix + "".join(str(rng.randint(0, 9)) for _ in range(5 - len(place.postal_prefix)))
        return line, postal

    def tax_id(self, place: Place) -> str:
        rng = self.rng
        if place.country == "México":
            letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
            return f"{letters}{rng.randint(500101, 991231)}{rng.choice('ABCDEFGH')}{rng.randint(10, 99)}"
        return f"{rng.choice('ABF')}{rng.randint(10**7, 10**8 - 1)}"

    def website(self, company: str) -> str:
        words = ascii_slug(company).split(".")[:2]
        return f"https://www.{'-'.join(words)}.example"

    def email(self, first: str, last: str, company: str | None) -> str:
        user = ascii_slug(f"{first} {last.split(maxsplit=1)[0]}")
        if company:
            return f"{user}@{'-'.join(ascii_slug(company).split('.')[:2])}.example"
        return f"{user}{self.rng.randint(1, 999)}@{self.rng.choice(spanish.EMAIL_DOMAINS)}"

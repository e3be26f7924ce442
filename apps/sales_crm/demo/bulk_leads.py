"""Large deterministic lead files for the import test and benchmark (the small samples are in samples.py).

`write_leads_csv(path, count)` writes `count` leads; every 100th row is bad in one of four
ways (no name or company, an unknown status, an unknown source, a malformed email) and
the function returns the sheet row numbers of those bad rows.
"""

from __future__ import annotations

import csv
from pathlib import Path

HEADERS = ["First Name", "Last Name", "Company Name", "Email", "Phone", "City", "Source", "Status"]
FIRST = ["Ana", "Bruno", "Carla", "Diego", "Elena", "Fátima", "Gonzalo", "Helena", "Íñigo", "Julia"]
LAST = ["García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Ruiz", "Díaz", "Moreno", "Álvarez"]
CITIES = ["Madrid", "Sevilla", "Monterrey", "Valencia", "Bilbao", "Guadalajara", "Zaragoza", "Puebla"]
SOURCES = ["Website", "Referral", "Cold Call", "Trade Show", "Partner"]
#: each kind of bad row and the column its error names
BAD_KINDS = {0: "First Name", 1: "Status", 2: "Source", 3: "Email"}


def lead_row(i: int) -> list[str]:
    first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
    row = [first, last, f"{last} y Asociados {i}", f"lead{i}@example.com", f"+34 6{i:08d}", CITIES[i % len(CITIES)],
           SOURCES[i % len(SOURCES)], "New"]  # fmt: skip
    if i % 100 == 99:
        kind = (i // 100) % len(BAD_KINDS)
        if kind == 0:
            row[0] = row[1] = row[2] = ""
        elif kind == 1:
            row[7] = "Bogus"
        elif kind == 2:
            row[6] = "Nowhere"
        else:
            row[3] = f"lead{i}-at-example"
    return row


def bad_kind(i: int) -> str | None:
    """The column named by row i's error, None for a good row."""
    return BAD_KINDS[(i // 100) % len(BAD_KINDS)] if i % 100 == 99 else None


def write_leads_csv(path: Path, count: int) -> dict[int, str]:
    """Write the file; returns sheet row number -> column of every bad row (header is row 1)."""
    bad: dict[int, str] = {}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for i in range(count):
            writer.writerow(lead_row(i))
            kind = bad_kind(i)
            if kind:
                bad[i + 2] = kind
    return bad

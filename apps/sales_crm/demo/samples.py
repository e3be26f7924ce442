"""The sample import files in the top-level `fixtures/` folder, generated from a fixed seed.

    python -m sales_crm.demo.samples [folder]     # rewrites fixtures/*.csv and fixtures/*.xlsx

Headers are field labels (English, as the import templates write them); child-table
columns are `<child field label> (<table field label>)` with the parent columns left
blank on continuation rows (Frappe's template layout). Every value refers only to
records the app's fixtures install, so the files import on any site with sales_crm.
"""

from __future__ import annotations

import csv
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook

from sales_crm.demo import spanish
from sales_crm.demo.people import People, places

FOLDER = Path(__file__).resolve().parents[3] / "fixtures"
SEED = 2026
SOURCES = ["Website", "Web Form", "Referral", "Cold Call", "Email Campaign", "Trade Show", "Advertisement", "Social Media", "Partner"]
INDUSTRIES = ["Construction", "Consulting", "Food and Beverage", "Healthcare", "Hospitality", "Logistics", "Manufacturing", "Retail",
              "Technology"]  # fmt: skip
LEAD_COLUMNS = ["First Name", "Last Name", "Company Name", "Email", "Phone", "Mobile", "Website", "City", "State / Province",
                "Postal Code", "Country", "Source", "Industry", "Status", "Notes"]  # fmt: skip
CUSTOMER_COLUMNS = ["Customer Name", "Customer Type", "Tax ID", "Territory", "Industry", "Website"]
CONTACT_COLUMNS = ["First Name", "Last Name", "Job Title", "Email (Emails)", "Primary (Emails)", "Number (Phones)",
                   "Primary (Phones)", "Link Document Type (Links)", "Link Name (Links)"]  # fmt: skip
#: the rows of leads_with_errors.csv that must be refused (1-based data rows) and why
BAD_LEAD_ROWS = {
    3: "no first name and no company name (a lead needs one of them)",
    6: "the email address is not valid",
    9: "the source 'Carta certificada' does not exist",
    12: "the email address is not valid",
    15: "no first name and no company name (a lead needs one of them)",
    18: "the source 'Teletienda' does not exist",
}
LEADS, LEADS_WITH_ERRORS, CUSTOMERS = 60, 20, 25
JOB_TITLES = ["Director General", "Gerente", "Responsable de Compras", "Jefa de Ventas", "Director Financiero", "Administración"]


def _lead(rng: random.Random, people: People) -> dict[str, str]:
    place = rng.choice([p for region in spanish.REGIONS for p in places(region)])
    first, last = people.person()
    company = people.company(place) if rng.random() < 0.8 else ""
    _line, postal = people.street(place)
    return {
        "First Name": first, "Last Name": last, "Company Name": company, "Email": people.email(first, last, company or None),
        "Phone": people.phone(place), "Mobile": people.phone(place, mobile=True),
        "Website": people.website(company) if company and rng.random() < 0.5 else "", "City": place.city,
        "State / Province": place.state, "Postal Code": postal, "Country": place.country, "Source": rng.choice(SOURCES),
        "Industry": rng.choice(INDUSTRIES) if company else "", "Status": rng.choice(["New", "New", "Contacted", "Qualified"]),
        "Notes": rng.choice(spanish.LEAD_NOTES),
    }  # fmt: skip


def leads(count: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    people = People(rng)
    return [_lead(rng, people) for _ in range(count)]


def leads_with_errors() -> list[dict[str, str]]:
    rows = leads(LEADS_WITH_ERRORS, SEED + 1)
    bad_emails = iter(["laura.gomez(at)correo.example", "ventas@@textiles-iberia.example"])
    bad_sources = iter(["Carta certificada", "Teletienda"])
    for number, reason in BAD_LEAD_ROWS.items():
        row = rows[number - 1]
        if reason.startswith("no first name"):
            row.update({"First Name": "", "Last Name": "", "Company Name": ""})
        elif "email" in reason:
            row["Email"] = next(bad_emails)
        else:
            row["Source"] = next(bad_sources)
    return rows


def customers() -> Iterator[dict[str, str]]:
    rng = random.Random(SEED + 2)
    people = People(rng)
    for _ in range(CUSTOMERS):
        place = rng.choice([p for region in spanish.REGIONS for p in places(region)])
        name = people.company(place)
        yield {"Customer Name": name, "Customer Type": "Company", "Tax ID": people.tax_id(place), "Territory": "All Territories",
               "Industry": rng.choice(INDUSTRIES), "Website": people.website(name)}  # fmt: skip


def contacts(of_customers: list[dict[str, str]]) -> Iterator[dict[str, str]]:
    """Two contacts per customer; the second row of each contact adds a mobile phone (a continuation row)."""
    rng = random.Random(SEED + 3)
    people = People(rng)
    for customer in of_customers:
        place = rng.choice(places(rng.choice(list(spanish.REGIONS))))
        for _ in range(2):
            first, last = people.person()
            yield {"First Name": first, "Last Name": last, "Job Title": rng.choice(JOB_TITLES),
                   "Email (Emails)": people.email(first, last, customer["Customer Name"]), "Primary (Emails)": "1",
                   "Number (Phones)": people.phone(place), "Primary (Phones)": "1", "Link Document Type (Links)": "Customer",
                   "Link Name (Links)": customer["Customer Name"]}  # fmt: skip
            yield dict.fromkeys(CONTACT_COLUMNS, "") | {"Number (Phones)": people.phone(place, mobile=True), "Primary (Phones)": "0"}


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_xlsx(path: Path, columns: list[str], rows: list[dict[str, str]], title: str) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(columns)
    for row in rows:
        sheet.append([row[c] or None for c in columns])
    book.properties.creator = "sales_crm.demo.samples"
    book.save(path)


def write_samples(folder: Path = FOLDER) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    valid = leads(LEADS, SEED)
    made = list(customers())
    files = {
        "leads.csv": (LEAD_COLUMNS, valid), "leads_with_errors.csv": (LEAD_COLUMNS, leads_with_errors()),
        "customers.csv": (CUSTOMER_COLUMNS, made), "contacts.csv": (CONTACT_COLUMNS, list(contacts(made))),
    }  # fmt: skip
    for name, (columns, rows) in files.items():
        write_csv(folder / name, columns, rows)
    write_xlsx(folder / "leads.xlsx", LEAD_COLUMNS, valid, "Leads")
    return sorted(folder / name for name in [*files, "leads.xlsx"])


if __name__ == "__main__":
    for written in write_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER):
        print(written)

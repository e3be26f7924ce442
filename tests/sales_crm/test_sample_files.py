"""The sample import files in fixtures/: up to date with their generator, and they import as documented."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sales_crm.demo import samples

import lowcode
from lowcode.exceptions import LowcodeError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def read(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_files_are_what_the_generator_writes(tmp_path):
    written = samples.write_samples(tmp_path)
    assert [p.name for p in written] == ["contacts.csv", "customers.csv", "leads.csv", "leads.xlsx", "leads_with_errors.csv"]
    for path in written:
        if path.suffix == ".csv":
            assert path.read_bytes() == (FIXTURES / path.name).read_bytes(), (
                f"fixtures/{path.name} is stale: run python -m sales_crm.demo.samples"
            )
    sheet = load_workbook(FIXTURES / "leads.xlsx", read_only=True).active
    cells = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    rows = read("leads.csv")
    assert cells == [list(rows[0]), *([r[k] for k in rows[0]] for r in rows)]


def _values(doctype: str, row: dict[str, str]) -> dict[str, Any]:
    """A flat row (labels as headers) -> field values."""
    by_label = {df.label: df.fieldname for df in lowcode.get_meta(doctype).fields if df.label}
    return {by_label[label]: value for label, value in row.items() if value != ""}


def _import_leads(rows: list[dict[str, str]]) -> dict[int, str]:
    """Insert each row in its own savepoint, as an import does; returns row number -> error."""
    errors = {}
    for number, row in enumerate(rows, start=1):
        try:
            with lowcode.local.db.atomic():
                lowcode.new_doc("Lead", **_values("Lead", row)).insert()
        except LowcodeError as exc:
            errors[number] = exc.message
    return errors


def test_valid_leads_import(crm):
    rows = read("leads.csv")
    assert _import_leads(rows) == {}
    assert lowcode.get_count("Lead", ignore_permissions=True) == len(rows) + 5  # the world's five


def test_leads_with_errors_fail_exactly_where_documented(crm):
    rows = read("leads_with_errors.csv")
    errors = _import_leads(rows)
    assert sorted(errors) == sorted(samples.BAD_LEAD_ROWS)
    for number, reason in samples.BAD_LEAD_ROWS.items():
        message = errors[number]
        expected = {
            "no first name": "give a first name or a company name",
            "the email": "not a valid email address",
            "the source": "Lead Source",
        }
        assert next(text for key, text in expected.items() if reason.startswith(key)) in message, (number, message)
    assert lowcode.get_count("Lead", ignore_permissions=True) == len(rows) - len(errors) + 5


def test_customers_and_contacts_import(crm):
    for row in read("customers.csv"):
        lowcode.new_doc("Customer", **_values("Customer", row)).insert()
    contact = None
    tables = {"Emails": ("email_ids", {"Email": "email_id", "Primary": "is_primary"}),
              "Phones": ("phone_nos", {"Number": "phone", "Primary": "is_primary"}),
              "Links": ("links", {"Link Document Type": "link_doctype", "Link Name": "link_name"})}  # fmt: skip
    docs = []
    for row in read("contacts.csv"):
        if row["First Name"]:
            contact = lowcode.new_doc("Contact", **_values("Contact", {k: v for k, v in row.items() if "(" not in k}))
            docs.append(contact)
        children: dict[str, dict[str, str]] = {}
        for header, value in row.items():
            if "(" in header and value:
                label, table = header[:-1].split(" (")
                children.setdefault(table, {})[tables[table][1][label]] = value
        for table, values in children.items():
            contact.append(tables[table][0], values)
    for doc in docs:
        doc.insert()
    assert len(docs) == 2 * samples.CUSTOMERS
    first = lowcode.get_doc("Contact", docs[0].name)
    assert first.email_id and first.phone and len(first.phone_nos) == 2 and first.links[0].link_doctype == "Customer"

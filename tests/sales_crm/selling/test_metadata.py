"""The selling doctypes' metadata is in the short canonical form, loads, and is wired as the design says."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from lowcode.apps import get_app, import_dotted
from lowcode.meta.loader import load_standard
from lowcode.model.controllers import class_name
from lowcode.web.whitelist import whitelist_info

SELLING = (
    "Item", "Price List", "Item Price", "Sales Tax Template", "Sales Tax Template Detail", "Payment Terms Template",
    "Payment Terms Template Detail", "Selling Settings", "Quotation", "Quotation Item", "Quotation Lost Reason",
    "Sales Order", "Sales Order Item", "Sales Taxes and Charges", "Payment Schedule",
)  # fmt: skip
ROLES = {"System Manager", "Sales Manager", "Sales User", "Sales Team Leader", "Accounts User"}


def folder(doctype: str) -> Path:
    name = doctype.lower().replace(" ", "_")
    return get_app("sales_crm").path / "doctype" / name


@pytest.mark.parametrize("doctype", SELLING)
def test_json_is_short_sorted_and_complete(doctype):
    path = folder(doctype) / f"{folder(doctype).name}.json"
    text = path.read_text(encoding="utf-8")
    raw = json.loads(text)
    assert text == json.dumps(raw, indent=1, sort_keys=True) + "\n"
    assert (raw["name"], raw["module"]) == (doctype, "Sales CRM")
    assert (folder(doctype) / "__init__.py").exists()
    assert all(v not in (0, "", None, []) for v in raw.values())
    for field in raw["fields"]:
        assert all(v not in (0, "", None) for v in field.values()), field["fieldname"]


def test_all_load_together_with_the_doctypes_they_link_to():
    metas = load_standard(["sales_crm"])
    assert set(SELLING) <= set(metas)
    for doctype in SELLING:
        meta = metas[doctype]
        assert {p.role for p in meta.permissions} <= ROLES, doctype
        if not meta.istable and not meta.issingle:
            assert "System Manager" in {p.role for p in meta.permissions}


@pytest.mark.parametrize("doctype", [d for d in SELLING if (folder(d) / f"{folder(d).name}.py").exists()])
def test_controllers_are_named_after_their_doctype(doctype):
    module = importlib.import_module(f"sales_crm.doctype.{folder(doctype).name}.{folder(doctype).name}")
    assert hasattr(module, class_name(doctype))


def test_whitelisted_hooks_are_whitelisted_functions():
    for path in get_app("sales_crm").hook("whitelisted_methods"):
        if not path.startswith(("sales_crm.api.quotation.", "sales_crm.api.sales_order.")):
            continue
        info = whitelist_info(import_dotted(path)) or {}
        assert (info.get("allow_guest"), info.get("methods")) == (False, ("POST",)), path


def test_quotation_visibility_fields():
    meta = load_standard(["sales_crm"])["Quotation"]
    assignee = meta.get_field(meta.assignee_field or "")
    assert assignee is not None
    assert (assignee.fetch_from, assignee.hidden, assignee.read_only, assignee.options) == ("sales_person.user", 1, 1, "User")
    own_only = {p.role for p in meta.permissions if p.if_owner}
    assert own_only == {"Sales User", "Sales Team Leader"}

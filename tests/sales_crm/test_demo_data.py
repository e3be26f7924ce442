"""The demo data generator: made through the CLI, complete, consistent with the controllers, repeatable."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from collections import Counter
from decimal import Decimal

import pytest
from click.testing import CliRunner
from sales_crm.demo import generate
from sales_crm.demo.people import People

import lowcode
from lowcode.cli import app_commands, cli  # noqa: F401 - app_commands registers `execute`
from lowcode.context import site_context
from lowcode.exceptions import ValidationError
from lowcode.sites import Site
from tests.conftest import SiteFactory
from tests.sales_crm.world import as_user

SIZE = 100
APPS = ("sales_crm",)


@pytest.fixture(scope="module")
def demo_site(sites_root, request) -> Site:
    """One SQLite site with the demo data of SIZE opportunities, made through `lowcode execute`."""
    from lowcode.install.sites import drop_site, new_site
    from tests.conftest import db_url_for
    from tests.site_templates import unique_site_name

    name = unique_site_name("demo")
    site, _ = new_site(name, db_url=db_url_for("sqlite", name, sites_root), admin_password="admin-password", apps=APPS, root=sites_root)
    request.addfinalizer(lambda: drop_site(site))
    kwargs = json.dumps({"size": SIZE, "seed": 7, "progress": False})
    result = CliRunner().invoke(cli, ["--site", name, "execute", "sales_crm.demo.generate", "--kwargs", kwargs])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["opportunities"] == SIZE
    return site


def _all(doctype: str, fields: list[str], **filters) -> list[dict]:
    return lowcode.get_all(doctype, fields=fields, filters=filters, limit=0, order_by="name asc")


def test_every_status_stage_and_role_is_there(demo_site):
    with site_context(demo_site):
        assert Counter(r["status"] for r in _all("Lead", ["status"])).keys() == {
            "New",
            "Contacted",
            "Qualified",
            "Unqualified",
            "Converted",
        }
        stages = {r["sales_stage"] for r in _all("Opportunity", ["sales_stage"])}
        assert stages == set(lowcode.get_all("Sales Stage", pluck="name", limit=0))
        urgencies = {
            a.as_dict()["urgency"] for a in (lowcode.get_doc("Activity", n) for n in lowcode.get_all("Activity", pluck="name", limit=0))
        }
        assert {"overdue", "today", "future", None} <= urgencies
        roles = Counter(r["role"] for r in lowcode.get_all("Has Role", fields=["role"], parent_doctype="User", limit=0))
        assert roles["Sales Team Leader"] == 3 and roles["Sales Manager"] == 2 and roles["Accounts User"] == 2
        assert roles["Sales User"] == 12
        assert {r["status"] for r in _all("Quotation", ["status"])} >= {"Draft", "Sent", "Accepted"}
        assert {r["status"] for r in _all("Quotation", ["status"])} & {"Ordered", "Partially Ordered"}
        assert lowcode.get_count("Sales Order", filters={"docstatus": 1}, ignore_permissions=True) > 0
        assert lowcode.get_count("Sales Target", ignore_permissions=True) == 12 * 13 + 3 * 3
        assert lowcode.get_count("Item Price", filters={"price_list": "Lista de Precios México"}, ignore_permissions=True) >= 16


def test_stage_history_matches_the_stage(demo_site):
    with site_context(demo_site):
        for name in lowcode.get_all("Opportunity", pluck="name", limit=0):
            doc = lowcode.get_doc("Opportunity", name)
            history = doc.stage_history
            assert history[-1].stage == doc.sales_stage and history[-1].left_at is None
            for row, following in itertools.pairwise(history):
                assert row.left_at == following.entered_at and row.days == round(
                    Decimal((row.left_at - row.entered_at).total_seconds()) / 86400, 2
                )
            assert history[0].entered_at == doc.creation and doc.modified == history[-1].entered_at
            assert (doc.closed_on == history[-1].entered_at.date()) == (doc.status != "Open")
            assert doc.status == "Open" or doc.closed_on is not None
            if doc.status == "Lost":
                assert doc.lost_reasons


def test_bulk_made_records_are_what_the_controllers_would_make(demo_site):
    """Saving records again through the document path changes none of their derived values."""
    derived = {"Opportunity": ["title", "probability", "weighted_amount", "status", "closed_on", "sales_person_user", "sales_team"],
               "Lead": ["lead_name", "lead_owner_user", "sales_team", "lifecycle_stage", "status"],
               "Contact": ["full_name", "email_id", "phone"], "Address": ["address_title"]}  # fmt: skip
    with site_context(demo_site):
        for doctype, fields in derived.items():
            for name in lowcode.get_all(doctype, pluck="name", limit=15, order_by="name asc"):
                doc = lowcode.get_doc(doctype, name)
                before = {f: doc.get(f) for f in fields}
                rows = len(doc.get("stage_history") or [])
                doc.save()
                assert {f: doc.get(f) for f in fields} == before, f"{doctype} {name}"
                assert len(doc.get("stage_history") or []) == rows


def test_a_sales_user_sees_their_own_and_a_leader_their_team(demo_site):
    with site_context(demo_site):
        sellers = lowcode.get_all("Sales Person", fields=["user", "sales_team"], limit=0)
        leaders = {r["name"]: r["leader"] for r in lowcode.get_all("Sales Team", fields=["name", "leader"], limit=0)}
        owned = Counter(r["sales_person_user"] for r in _all("Opportunity", ["sales_person_user"]))
        for seller in sellers:
            team_users = {s["user"] for s in sellers if s["sales_team"] == seller["sales_team"]}
            expected = sum(owned[u] for u in team_users) if leaders[seller["sales_team"]] == seller["user"] else owned[seller["user"]]
            with as_user(seller["user"]):
                assert lowcode.get_count("Opportunity") == expected


def test_same_seed_same_data(demo_site, make_site: SiteFactory):
    other = make_site("sqlite", apps=APPS)
    with site_context(other) as ctx:
        generate(size=SIZE, seed=7, progress=False)
        ctx.db.commit()
    fields = ["name", "title", "expected_revenue", "sales_stage", "sales_person", "expected_close_date", "creation"]
    leads = ["name", "lead_name", "company_name", "email_id", "status", "city"]
    sets = []
    for site in (demo_site, other):
        with site_context(site):
            sets.append((_all("Opportunity", fields), _all("Lead", leads), _all("Quotation", ["name", "grand_total", "status"])))
    assert sets[0] == sets[1]


def test_refusals(demo_site):
    with site_context(demo_site):
        with pytest.raises(ValidationError, match="between 100 and 1,000,000"):
            generate(size=50)
        with pytest.raises(ValidationError, match="already holds the demo data"):
            generate(size=100)


def test_dates_are_around_today(demo_site):
    with site_context(demo_site):
        today = lowcode.today()
        created = [r["creation"].date() for r in _all("Opportunity", ["creation"])]
        assert min(created) >= today - dt.timedelta(days=541) and max(created) <= today


def test_names_that_differ_only_in_accents_or_case_are_taken_once():
    """MariaDB's collation makes 'Núria Mora' and 'NURIA MORA' one primary key: the generator gives them apart."""
    people = People(random.Random(1))
    assert [people.unique(n) for n in ("Núria Mora", "Nuria Mora", "NURIA MORA")] == ["Núria Mora", "Nuria Mora 2", "NURIA MORA 3"]

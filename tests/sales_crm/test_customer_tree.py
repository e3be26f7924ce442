"""Customer groups and holdings: a tree with no cycles; territories alike."""

from __future__ import annotations

import pytest

import lowcode
from lowcode.exceptions import ValidationError
from tests.sales_crm.world import ALL_BACKENDS, as_user


def customer(name: str, parent: str | None = None) -> lowcode.Document:
    return lowcode.new_doc("Customer", customer_name=name, parent_customer=parent).insert()


@pytest.fixture
def holding(crm):
    """Grupo Alfa > Alfa Retail > Alfa Tiendas Norte."""
    with as_user("sofia"):
        customer("Grupo Alfa")
        customer("Alfa Retail", "Grupo Alfa")
        customer("Alfa Tiendas Norte", "Alfa Retail")
    return crm


@ALL_BACKENDS
def test_a_cycle_is_refused_with_the_path(holding):
    with as_user("sofia"):
        top = lowcode.get_doc("Customer", "Grupo Alfa")
        top.parent_customer = "Alfa Tiendas Norte"
        with pytest.raises(ValidationError) as caught:
            top.save()
    assert caught.value.message == (
        "Customer 'Grupo Alfa' cannot have 'Alfa Tiendas Norte' as its parent customer, because 'Alfa Tiendas Norte' is "
        "already below 'Grupo Alfa' (Grupo Alfa → Alfa Retail → Alfa Tiendas Norte). That would make a loop; "
        "choose a parent customer outside this branch."
    )
    assert caught.value.fieldname == "parent_customer"
    assert lowcode.get_value("Customer", "Grupo Alfa", "parent_customer") is None


def test_a_customer_cannot_be_its_own_parent(holding):
    with as_user("sofia"), pytest.raises(ValidationError, match="cannot be its own parent customer"):
        lowcode.set_value("Customer", "Alfa Retail", "parent_customer", "Alfa Retail")


def test_moving_a_branch_elsewhere_is_fine(holding):
    with as_user("sofia"):
        customer("Beta Holding")
        lowcode.set_value("Customer", "Alfa Retail", "parent_customer", "Beta Holding")
        below = lowcode.get_list("Customer", filters=[["name", "descendants of", "Beta Holding"]], pluck="name")
    assert sorted(below) == ["Alfa Retail", "Alfa Tiendas Norte"]


def test_territories_refuse_cycles_too(crm):
    with as_user("sofia"):
        lowcode.new_doc("Territory", territory_name="Spain", parent_territory="All Territories").insert()
        lowcode.new_doc("Territory", territory_name="Madrid", parent_territory="Spain").insert()
        with pytest.raises(ValidationError, match=r"\(Spain → Madrid\)"):
            lowcode.set_value("Territory", "Spain", "parent_territory", "Madrid")


def test_customer_details(crm):
    with as_user("sofia"):
        lowcode.new_doc("Tag", tag_name="VIP", color="#d62728").insert()
        doc = lowcode.new_doc(
            "Customer", customer_name="Laura Gómez", customer_type="Individual", territory="All Territories",
            industry="Retail", tax_id="ES12345678Z", website="https://laura.example", account_manager="sofia@crm.test",
            tags=[{"tag": "VIP"}, {"tag": "VIP"}],
        ).insert()  # fmt: skip
    assert [row.tag for row in doc.tags] == ["VIP"]
    with as_user("sofia"), pytest.raises(ValidationError, match="not a valid web address"):
        lowcode.set_value("Customer", "Laura Gómez", "website", "laura.example")


def test_who_may_change_customers(crm):
    with as_user("ana"), pytest.raises(lowcode.exceptions.PermissionError):
        customer("Gamma")
    with as_user("diego"):
        assert lowcode.get_list("Customer") == []
        with pytest.raises(lowcode.exceptions.PermissionError):
            customer("Gamma")

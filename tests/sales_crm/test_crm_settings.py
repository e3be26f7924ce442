"""CRM Settings: defaults that hold before anyone saves them, and per-team switches."""

from __future__ import annotations

import pytest

import lowcode
from lowcode.exceptions import ValidationError
from tests.sales_crm.world import as_user


def test_defaults_hold_before_the_settings_are_saved(crm):
    settings = lowcode.get_doc("CRM Settings")
    assert (settings.use_leads, settings.stage_probabilities, settings.default_currency, settings.quotation_validity_days) == (
        1,
        1,
        "EUR",
        30,
    )


def test_saved_settings_are_used(crm):
    with as_user("sofia"):
        settings = lowcode.get_doc("CRM Settings")
        settings.update({"default_currency": "mxn", "use_leads": 0, "team_settings": [{"sales_team": "Monterrey", "use_quotations": 0}]})
        settings.save()
    saved = lowcode.get_doc("CRM Settings")
    assert (saved.default_currency, saved.use_leads, saved.stage_probabilities) == ("MXN", 0, 1)
    assert [(r.sales_team, r.use_leads, r.use_quotations) for r in saved.team_settings] == [("Monterrey", 1, 0)]
    with as_user("carla"):
        deal = lowcode.new_doc("Opportunity", opportunity_from="Lead", party_name=crm.leads["carla"]).insert()
    assert deal.currency == "MXN"


def test_a_team_has_one_row(crm):
    with as_user("sofia"):
        settings = lowcode.get_doc("CRM Settings")
        settings.set("team_settings", [{"sales_team": "Madrid"}, {"sales_team": "Madrid", "use_leads": 0}])
        with pytest.raises(ValidationError, match="Madrid has more than one row"):
            settings.save()


def test_sales_users_cannot_change_settings(crm):
    with as_user("ana"):
        settings = lowcode.get_doc("CRM Settings")
        settings.use_leads = 0
        with pytest.raises(lowcode.exceptions.PermissionError):
            settings.save()

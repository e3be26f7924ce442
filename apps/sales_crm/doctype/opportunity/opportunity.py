"""Opportunity: a deal moving through a pipeline's stages (see stages.py)."""

from __future__ import annotations

import re
from decimal import Decimal

import lowcode
from lowcode.context import local
from lowcode.exceptions import ValidationError
from lowcode.meta.fieldtypes import round_decimal
from lowcode.model.document import Document
from sales_crm.doctype.opportunity.playbooks import start_playbook
from sales_crm.doctype.opportunity.stages import WON, apply_stage
from sales_crm.lifecycle import advance
from sales_crm.parties import party_title
from sales_crm.rows import drop_duplicates
from sales_crm.sales_people import sales_person_of, set_sales_person

CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


class Opportunity(Document):
    def before_insert(self) -> None:
        self._set_territory()  # before assignment rules pick a sales person by territory

    def validate(self) -> None:
        self._set_title()
        self._set_territory()
        if self.is_new() and not self.sales_person:
            self.sales_person = sales_person_of(local.user)
        set_sales_person(self, "sales_person", "sales_person_user", "sales_team")
        self._check_currency()
        apply_stage(self)
        df = self.meta.get_field("weighted_amount")
        precision = df.ftype.precision(df)  # type: ignore[union-attr]
        self.weighted_amount = round_decimal(Decimal(self.expected_revenue or 0) * Decimal(self.probability or 0) / 100, precision)
        for row in self.items:
            if not (row.item_code or row.item_name):
                raise ValidationError(
                    f"Opportunity '{self.name or 'new'}': row {row.idx} of Items needs an item code or an item name.",
                    doctype="Opportunity", name=self.name, fieldname="items",
                )  # fmt: skip
        drop_duplicates(self, "tags", "tag")
        drop_duplicates(self, "lost_reasons", "lost_reason")

    def on_update(self) -> None:
        before = self.get_doc_before_save()
        if before is None or before.sales_stage != self.sales_stage:
            start_playbook(self, self.sales_stage)
        stage = "Customer" if self.status == WON else "Prospect"
        advance(self.opportunity_from, self.party_name, stage, "Opportunity", self.name)
        if self.lead and (self.opportunity_from, self.party_name) != ("Lead", self.lead):
            advance("Lead", self.lead, stage, "Opportunity", self.name)
        if self.status == WON and (before is None or before.status != WON):
            self.run_method("on_won")

    def _set_title(self) -> None:
        before = self.get_doc_before_save()
        party_changed = before is not None and (before.opportunity_from, before.party_name) != (self.opportunity_from, self.party_name)
        if self.party_name and (not self.title or (party_changed and self.title == before.title)):  # type: ignore[union-attr]
            self.title = party_title(self.opportunity_from, self.party_name)

    def _set_territory(self) -> None:
        if not self.territory and self.opportunity_from in ("Lead", "Customer") and self.party_name:
            self.territory = lowcode.get_value(self.opportunity_from, self.party_name, "territory")

    def _check_currency(self) -> None:
        self.currency = (self.currency or lowcode.get_doc("CRM Settings").default_currency or "").upper()
        if not CURRENCY_RE.match(self.currency):
            raise ValidationError(
                f"Opportunity '{self.name or 'new'}': Currency '{self.currency}' is not a three-letter currency code such as EUR or MXN.",
                doctype="Opportunity", name=self.name, fieldname="currency",
            )  # fmt: skip

"""Address: billing, shipping or other addresses of customers and leads."""

from __future__ import annotations

from lowcode.model.document import Document
from sales_crm.parties import check_links, clear_flag_on_others, party_title, unique_name


class Address(Document):
    def autoname(self) -> None:
        self.name = unique_name("Address", f"{self._title()}-{self.address_type or 'Billing'}")

    def _title(self) -> str:
        if self.address_title:
            return self.address_title
        first = next((row for row in self.links if row.link_doctype and row.link_name), None)
        return party_title(first.link_doctype, first.link_name) if first else (self.city or "Address")

    def validate(self) -> None:
        self.address_title = self._title()
        check_links(self)

    def on_update(self) -> None:
        clear_flag_on_others(self, "is_primary_address")
        clear_flag_on_others(self, "is_shipping_address")

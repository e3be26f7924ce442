"""CRM Settings: switches for the whole CRM and per sales team."""

from __future__ import annotations

from lowcode.exceptions import ValidationError
from lowcode.model.document import Document


class CRMSettings(Document):
    def validate(self) -> None:
        self.default_currency = (self.default_currency or "").upper() or None
        teams = [row.sales_team for row in self.team_settings]
        repeated = sorted({t for t in teams if teams.count(t) > 1})
        if repeated:
            raise ValidationError(
                f"CRM Settings: {', '.join(repeated)} has more than one row in Sales Team Settings.",
                doctype="CRM Settings", name="CRM Settings", fieldname="team_settings",
            )  # fmt: skip

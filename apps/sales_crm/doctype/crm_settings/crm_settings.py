"""CRM Settings: switches for the whole CRM and per sales team.

Values read on every lead save (the qualifying score) are cached with the metadata, so
saving the settings bumps its version.
"""

from __future__ import annotations

from lowcode.context import local
from lowcode.exceptions import ValidationError
from lowcode.meta.cache import bump_version
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

    def on_update(self) -> None:
        bump_version(local.site)

"""Sales Target: a revenue quota for a sales person or a team, for one month or quarter."""

from __future__ import annotations

import datetime as dt

import lowcode
from lowcode.exceptions import ValidationError
from lowcode.model.document import Document

MONTHS = {"Month": 1, "Quarter": 3}
QUARTER_STARTS = (1, 4, 7, 10)


def period_end(start: dt.date, months: int) -> dt.date:
    """The last day of the period of `months` months beginning on `start` (a first of the month)."""
    year, month = divmod(start.month - 1 + months, 12)
    return dt.date(start.year + year, month + 1, 1) - dt.timedelta(days=1)


class SalesTarget(Document):
    def validate(self) -> None:
        if bool(self.sales_person) == bool(self.sales_team):
            raise self._error("choose either a sales person or a sales team (one of them).", "sales_person")
        start = self.period_start
        if start.day != 1 or (self.period == "Quarter" and start.month not in QUARTER_STARTS):
            first = (
                "the first day of a quarter (1 January, April, July or October)" if self.period == "Quarter" else "the first day of a month"
            )
            raise self._error(f"Period Start must be {first}, not {start.isoformat()}.", "period_start")
        self.period_end = period_end(start, MONTHS[self.period])
        if not self.target_amount:
            raise self._error("Amount must be more than 0.", "target_amount")
        who = {"sales_person": self.sales_person} if self.sales_person else {"sales_team": self.sales_team}
        same = lowcode.get_all(
            "Sales Target", filters={**who, "period": self.period, "period_start": start, "name": ["!=", self.name or ""]}, pluck="name"
        )
        if same:
            raise self._error(
                f"Sales Target '{same[0]}' already sets this {self.period.lower()}'s amount; change that one instead.", "period_start"
            )

    def _error(self, message: str, fieldname: str) -> ValidationError:
        return ValidationError(
            f"Sales Target '{self.name or 'new'}': {message}", doctype="Sales Target", name=self.name, fieldname=fieldname
        )

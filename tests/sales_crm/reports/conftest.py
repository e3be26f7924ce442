"""The fixed report data set on the named CRM world (SQLite unless parametrised), committed:
query reports read on their own read-only connection. Each test has a fresh site."""

from __future__ import annotations

import pytest

from lowcode.context import local
from tests.sales_crm.reports.dataset import Dataset, build_dataset


@pytest.fixture
def dataset(crm) -> Dataset:
    data = build_dataset(crm)
    local.db.commit()
    return data

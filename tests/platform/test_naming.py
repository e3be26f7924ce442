"""Naming rules: naming series (also from two OS processes at once), field:, format:, hash,
autoincrement, and amended names."""

from __future__ import annotations

import multiprocessing
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lowcode
from lowcode.context import site_context
from lowcode.exceptions import InvalidNameError, MandatoryError
from lowcode.model.naming import current_value, name_from_series
from tests.platform.naming_worker import insert_orders

PER_PROCESS = 500


def acme() -> None:
    if not lowcode.exists("Test Customer", "Acme"):
        lowcode.new_doc("Test Customer", customer_name="Acme").insert()


def test_naming_series_with_year_and_choice_of_series(sctx) -> None:
    acme()
    year = lowcode.now().year
    first = lowcode.new_doc("Test Order", customer="Acme").insert()
    second = lowcode.new_doc("Test Order", customer="Acme").insert()
    other = lowcode.new_doc("Test Order", customer="Acme", naming_series="TX-.#####").insert()
    assert (first.name, second.name) == (f"TO-{year}-00001", f"TO-{year}-00002")
    assert other.name == "TX-00001"
    assert current_value(f"TO-{year}-") == 2


def test_naming_by_field_format_hash_and_autoincrement(sctx) -> None:
    assert lowcode.new_doc("Test Customer", customer_name="  Acme  ").insert().name == "Acme"
    assert [lowcode.new_doc("Test Code", territory="Spain").insert().name for _ in range(2)] == ["TC-Spain-001", "TC-Spain-002"]
    assert lowcode.new_doc("Test Code", territory="Madrid").insert().name == "TC-Madrid-001"
    note = lowcode.new_doc("Test Note", title="Hello").insert()
    assert re.fullmatch(r"[0-9a-f]{16}", note.name)
    counters = [lowcode.new_doc("Test Counter", label=str(i)).insert().name for i in range(3)]
    assert [int(c) for c in counters] == [int(counters[0]) + i for i in range(3)]


def test_naming_errors_name_the_field(sctx) -> None:
    with pytest.raises(MandatoryError, match="Customer Name is required \\(it becomes the name\\)"):
        lowcode.new_doc("Test Customer").insert()
    with pytest.raises(MandatoryError, match="Territory is needed to make the name"):
        lowcode.new_doc("Test Code").insert()
    with pytest.raises(InvalidNameError, match="may not contain control characters"):
        lowcode.new_doc("Test Customer", customer_name="Bad\x07Name").insert()


def test_amend_names_follow_the_cancelled_document(sctx) -> None:
    acme()
    original = lowcode.new_doc("Test Order", customer="Acme", naming_series="TX-.#####", items=[{"item_name": "A", "qty": 1}])
    original.insert().submit()
    original.cancel()
    first = original.amend().insert()
    assert first.name == f"{original.name}-1"
    assert first.amended_from == original.name
    assert first.docstatus == 0 and [r.item_name for r in first.items] == ["A"]
    first.submit()
    first.cancel()
    second = first.amend().insert()
    assert second.name == f"{original.name}-2"
    assert second.amended_from == first.name
    assert current_value("TX-") == 1  # amending takes no new number


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(outcomes=st.lists(st.booleans(), min_size=1, max_size=8))
def test_series_numbers_are_consecutive_and_failures_give_theirs_back(sctx, outcomes: list[bool]) -> None:
    acme()
    start = current_value("TX-")
    numbers = []
    for succeeds in outcomes:
        doc = lowcode.new_doc("Test Order", customer="Acme", naming_series="TX-.#####", discount=0 if succeeds else 5)
        if succeeds:
            numbers.append(int(doc.insert().name[3:]))
        else:
            with pytest.raises(MandatoryError):
                doc.insert()
    assert numbers == list(range(start + 1, start + 1 + len(numbers)))
    assert current_value("TX-") == start + len(numbers)


@given(letters=st.text(alphabet="ABCXYZ", min_size=1, max_size=4), digits=st.integers(1, 6))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_series_pattern_pads_the_counter(sctx, letters: str, digits: int) -> None:
    prefix = f"{letters}-"
    first = name_from_series(f"{prefix}.{'#' * digits}")
    second = name_from_series(f"{prefix}.{'#' * digits}")
    assert len(first) == len(prefix) + digits or int(first[len(prefix) :]) >= 10**digits
    assert int(second[len(prefix) :]) == int(first[len(prefix) :]) + 1


def test_two_processes_never_share_a_number(site) -> None:
    with site_context(site) as ctx:
        acme()
        ctx.db.commit()
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=insert_orders, args=(site.name, str(site.root), PER_PROCESS, "TX-.#####")) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    assert [w.exitcode for w in workers] == [0, 0]
    with site_context(site):
        names = lowcode.get_all("Test Order", pluck="name", limit=None)
        assert len(names) == 2 * PER_PROCESS
        assert sorted(int(n[3:]) for n in names) == list(range(1, 2 * PER_PROCESS + 1))
        assert current_value("TX-") == 2 * PER_PROCESS

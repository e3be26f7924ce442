"""Customize Form's save and the ordered-records editor: normal records and saves, System Managers only."""

from __future__ import annotations

import json

import pytest

import lowcode
from lowcode.exceptions import PermissionError
from lowcode.web.desk.customize import save_customization
from lowcode.web.desk.ordered import save_order


def _fields(meta) -> list[dict]:
    return [{"fieldname": df.fieldname, "label": df.label, "options": df.options, "reqd": df.reqd, "in_list_view": df.in_list_view,
             "in_standard_filter": df.in_standard_filter, "hidden": df.hidden, "depends_on": df.depends_on, "default": df.default}
            for df in meta.fields]  # fmt: skip


def test_add_edit_hide_reorder(desk_site) -> None:
    with lowcode.site_context(desk_site) as ctx:
        fields = _fields(lowcode.get_meta("Test Customer"))
        fields[0]["label"] = "Company"
        fields = [fields[1], fields[0], *fields[2:]]
        next(f for f in fields if f["fieldname"] == "credit_limit")["hidden"] = 1
        fields.append({"label": "Segment", "fieldtype": "Select", "options": "A\nB", "in_standard_filter": 1})
        save_customization("Test Customer", json.dumps(fields))
        ctx.db.commit()
    with lowcode.site_context(desk_site) as ctx:
        meta = lowcode.get_meta("Test Customer")
        assert [df.fieldname for df in meta.fields][:2] == ["email", "customer_name"]
        assert meta.get_field("customer_name").label == "Company" and meta.get_field("credit_limit").hidden == 1
        segment = meta.get_field("custom_segment")
        assert segment.fieldtype == "Select" and segment.in_standard_filter == 1 and segment.is_custom_field
        lowcode.new_doc("Test Customer", customer_name="Hooli", custom_segment="B").insert()
        again = [f for f in _fields(meta) if f["fieldname"] != "custom_segment"]
        save_customization("Test Customer", json.dumps(again))
        assert lowcode.get_meta("Test Customer").get_field("custom_segment") is None
        assert not lowcode.exists("Custom Field", "Test Customer-custom_segment")


def test_only_system_managers_customise(desk_site) -> None:
    with lowcode.site_context(desk_site, user="clerk@example.com"), pytest.raises(PermissionError):
        save_customization("Test Customer", "[]")


def test_ordered_editor_saves_positions(desk_site) -> None:
    with lowcode.site_context(desk_site) as ctx:
        lowcode.new_doc("Custom Field", dt="Test Territory", label="Position", fieldtype="Int").insert()
        names = lowcode.get_all("Test Territory", pluck="name", order_by="name asc")
        wanted = list(reversed(names))
        result = save_order("Test Territory", "custom_position", json.dumps([{"name": n, "values": {}} for n in wanted]))
        assert result["changed"] == len(names)
        assert lowcode.get_all("Test Territory", pluck="name", order_by="custom_position asc") == wanted
        assert save_order("Test Territory", "custom_position", json.dumps([{"name": n} for n in wanted]))["changed"] == 0
        ctx.db.rollback()

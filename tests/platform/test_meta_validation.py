"""Strict DocType metadata: every mistake in a JSON file is one error naming the file and the field.

The files are real app files on disk, loaded the way a site loads them (no database needed).
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest

from lowcode.apps import all_apps, get_app
from lowcode.exceptions import HookError, MetadataError
from lowcode.meta.loader import load_standard
from tests.platform.appfactory import AppFactory, doctype, snake

DATA = {"fieldname": "title", "fieldtype": "Data", "label": "Title"}
CHILD = doctype("Val Row", [{"fieldname": "item", "fieldtype": "Data", "label": "Item"}], istable=1)


def load_error(apps: AppFactory, *doctypes: dict[str, Any]) -> tuple[MetadataError, str]:
    name = apps.create(list(doctypes))
    with pytest.raises(MetadataError) as info:
        load_standard([name])
    return info.value, name


def file_of(apps: AppFactory, app: str, doctype_name: str) -> str:
    return str(apps.root / app / "doctype" / snake(doctype_name) / f"{snake(doctype_name)}.json")


def test_a_valid_app_loads(apps: AppFactory) -> None:
    link = {"fieldname": "row_owner", "fieldtype": "Link", "label": "Owner", "options": "User"}
    table = {"fieldname": "rows", "fieldtype": "Table", "label": "Rows", "options": "Val Row"}
    name = apps.create([doctype("Val Parent", [DATA, link, table], autoname="field:title"), CHILD])
    metas = load_standard([name])
    assert metas["Val Parent"].get_field("rows").options == "Val Row"
    assert metas["Val Parent"].app == name
    assert "User" in metas  # core comes with every app


@pytest.mark.parametrize(
    ("doc", "field", "words"),
    [
        (doctype("Val Bad", [DATA], colour="red"), None, "unknown DocType key 'colour'"),
        (doctype("Val Bad", [{**DATA, "colour": "red"}]), "title", "unknown field key 'colour'"),
        (doctype("Val Bad", [{**DATA, "fieldtype": "Datta"}]), "title", "unknown fieldtype 'Datta'"),
        (doctype("Val Bad", [DATA, {**DATA, "label": "Again"}]), "title", "duplicate fieldname"),
        (doctype("Val Bad", [{"fieldname": "state", "fieldtype": "Select", "label": "State"}]), "state", "needs options"),
        (
            doctype("Val Bad", [{"fieldname": "state", "fieldtype": "Select", "label": "State", "options": "\n\n"}]),
            "state",
            "needs options",
        ),
        (doctype("Val Bad", [DATA], autoname="by magic"), None, "bad autoname 'by magic'"),
        (doctype("Val Bad", [DATA], autoname="field:missing"), None, "names a field that Val Bad does not have"),
        (doctype("Val Bad", [DATA], autoname="naming_series:"), None, "needs a Select field named naming_series"),
        (doctype("Val Bad", [DATA], autoname="format:X-{nothing}-{###}"), None, "uses {nothing}"),
        (doctype("Val Bad", [DATA], naming_rule="Whatever"), None, "unknown naming_rule 'Whatever'"),
        (doctype("Val Bad", [{**DATA, "reqd": "yes"}]), "title", "key 'reqd' must be a number"),
        (doctype("Val Bad", [{**DATA, "depends_on": "eval:__import__('os')"}]), "title", "depends_on"),
        (doctype("Val Bad", [{**DATA, "fieldname": "name"}]), "name", "reserved"),
    ],
)
def test_a_bad_doctype_file_names_the_file_and_the_field(apps: AppFactory, doc: dict[str, Any], field: str | None, words: str) -> None:
    error, app = load_error(apps, doc)
    assert error.message.startswith(file_of(apps, app, "Val Bad"))
    assert words in error.message
    if field:
        assert f"field '{field}'" in error.message
        assert error.fieldname == field


@pytest.mark.parametrize(
    ("field", "words"),
    [
        (
            {"fieldname": "ref", "fieldtype": "Link", "label": "Ref", "options": "No Such Doctype"},
            "Link to 'No Such Doctype', which is not a known doctype",
        ),
        ({"fieldname": "rows", "fieldtype": "Table", "label": "Rows", "options": "No Such Doctype"}, "Table to 'No Such Doctype'"),
        ({"fieldname": "rows", "fieldtype": "Table", "label": "Rows", "options": "User"}, "'User', which is not a child table"),
        ({"fieldname": "ref", "fieldtype": "Link", "label": "Ref", "options": "Val Row"}, "'Val Row', which is a child table"),
    ],
)
def test_references_to_other_doctypes_are_checked(apps: AppFactory, field: dict[str, Any], words: str) -> None:
    error, app = load_error(apps, doctype("Val Bad", [DATA, field]), CHILD)
    assert error.message.startswith(file_of(apps, app, "Val Bad"))
    assert f"field '{field['fieldname']}'" in error.message
    assert words in error.message


def test_fetch_from_must_name_a_field_of_the_linked_doctype(apps: AppFactory) -> None:
    link = {"fieldname": "user", "fieldtype": "Link", "label": "User", "options": "User"}
    fetched = {"fieldname": "user_colour", "fieldtype": "Data", "label": "Colour", "fetch_from": "user.colour"}
    error, _app = load_error(apps, doctype("Val Bad", [link, fetched]))
    assert "field 'user_colour'" in error.message
    assert "User has no field 'colour'" in error.message


def test_a_doctype_in_the_wrong_folder_or_module_is_refused(apps: AppFactory) -> None:
    app = apps.create([doctype("Val Good", [DATA])])
    path = apps.root / app / "doctype" / "val_good" / "val_good.json"
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "name": "Val Other"}))
    with pytest.raises(MetadataError, match="must live in a folder named 'val_other'"):
        load_standard([app])
    path.write_text(json.dumps({**data, "module": "Elsewhere"}))
    with pytest.raises(MetadataError, match="module 'Elsewhere' is not a module of app"):
        load_standard([app])


def test_invalid_json_names_the_file(apps: AppFactory) -> None:
    app = apps.create([doctype("Val Good", [DATA])])
    path = apps.root / app / "doctype" / "val_good" / "val_good.json"
    path.write_text('{"name": "Val Good", ')
    with pytest.raises(MetadataError, match="not valid JSON") as info:
        load_standard([app])
    assert str(path) in info.value.message


def test_unknown_hooks_key_names_the_app(apps: AppFactory) -> None:
    app = apps.create([doctype("Val Good", [DATA])])
    hooks = apps.root / app / "hooks.py"
    hooks.write_text(hooks.read_text() + "doc_evnets = {}\n")
    sys.modules.pop(f"{app}.hooks", None)
    all_apps.cache_clear()
    with pytest.raises(HookError, match=f"App '{app}': unknown key 'doc_evnets'"):
        get_app(app)

"""The Data Import flow over HTTP, as the desk page drives it: upload, record, preview, mapping, start, report."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

import lowcode
from lowcode.context import site_context
from lowcode.exceptions import ValidationError
from lowcode.imports.api import start_import
from lowcode.imports.files import create_import
from lowcode.sites import Site
from lowcode.utils.dates import now
from lowcode.web.app import create_app
from tests.conftest import SiteFactory


def login(site: Site) -> TestClient:
    http = TestClient(create_app(site.name), follow_redirects=False)
    answer = http.post("/api/method/login", json={"usr": "Administrator", "pwd": "admin-password"})
    http.headers["X-Frappe-CSRF-Token"] = answer.json()["csrf_token"]
    return http


def test_upload_preview_map_start_and_error_report(make_site: SiteFactory) -> None:
    site = make_site("sqlite")
    with site_context(site) as local:
        lowcode.new_doc("Test Customer", customer_name="Acme").insert()
        local.db.commit()
    content = "Cliente,Fecha,Artículo (Items),Cantidad (Items)\nAcme,2026-03-01,Chair,2\n,,Desk,1\nGhost,2026-03-02,Lamp,1\n"
    with login(site) as http:
        upload = http.post("/app/upload", files={"file": ("pedidos.csv", content.encode(), "text/csv")})
        file_url = upload.json()["message"]["file_url"]
        created = http.post("/api/resource/Data Import", json={"reference_doctype": "Test Order", "import_file": file_url})
        name = created.json()["data"]["name"]
        page = http.get(f"/app/data-import-tool/{name}")
        assert page.status_code == 200 and "data-mapping-column" in page.text
        assert "selected>Do not import" in page.text.replace('value="" ', "")  # Spanish headers are not guessed
        mapping = {"Cliente": "customer", "Fecha": "order_date", "Artículo (Items)": "items.item_name", "Cantidad (Items)": "items.qty"}
        saved = http.put(f"/api/resource/Data Import/{name}", json={"column_mapping": json.dumps(mapping)})
        assert saved.status_code == 200, saved.text
        preview = http.post("/api/method/lowcode.imports.api.get_preview", json={"data_import": name}).json()["message"]
        assert [(r["row"], r["ok"]) for r in preview["rows"]] == [(2, True), (4, False)]
        with site_context(site):
            assert lowcode.get_all("Test Order") == []
        progress = http.post("/api/method/lowcode.imports.api.start_import", json={"data_import": name}).json()["message"]
        assert progress["status"] == "Queued"  # without Redis the job runs once the request commits
        done = http.get("/api/method/lowcode.imports.api.get_progress", params={"data_import": name}).json()["message"]
        assert (done["status"], done["imported"], done["failed_rows"], done["rows_done"], done["total_rows"]) == (
            "Partial Success",
            1,
            1,
            3,
            3,
        )
        report = http.get("/api/method/lowcode.imports.api.download_errors", params={"data_import": name})
        rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
        assert rows[0] == ["Row", "Column", "Message"] and rows[1][:2] == ["4", "Cliente"] and len(rows) == 2
        assert "data-error-report" in http.get(f"/app/data-import-tool/{name}").text
        template = http.get("/api/method/lowcode.imports.api.download_template", params={"doctype": "Test Order", "file_format": "Excel"})
        header = next(load_workbook(io.BytesIO(template.content), read_only=True).active.iter_rows(values_only=True))
        assert "Customer *" in header and "Quantity (Items) *" in header


def test_a_user_without_the_import_right_is_refused(make_site: SiteFactory) -> None:
    site = make_site("sqlite")
    with site_context(site) as local:
        lowcode.new_doc(
            "User", email="clerk@example.com", first_name="Clerk", new_password="clerk-password-1", roles=[{"role": "Test Clerk"}]
        ).insert()
        local.db.commit()
    with TestClient(create_app(site.name), follow_redirects=False) as http:
        answer = http.post("/api/method/login", json={"usr": "clerk@example.com", "pwd": "clerk-password-1"})
        http.headers["X-Frappe-CSRF-Token"] = answer.json()["csrf_token"]
        template = http.get("/api/method/lowcode.imports.api.download_template", params={"doctype": "Test Order"})
        assert template.status_code == 403
        assert http.get("/app/data-import-tool").status_code == 403


def test_an_import_whose_process_died_can_be_resumed_once_it_stalls(make_site: SiteFactory) -> None:
    """The worker was killed: the record still says Running. While it may still be alive, starting again is refused;
    after two minutes without a committed batch the page says so and offers Resume, which finishes it."""
    site = make_site("sqlite")
    with site_context(site) as local:
        lowcode.new_doc("Test Customer", customer_name="Acme").insert()
        path = site.path / "orders.csv"
        path.write_text("Customer,Item Name (Items)\nAcme,Chair\nAcme,Desk\n", encoding="utf-8")
        name = create_import(path, "Test Order")
        lowcode.get_doc("Data Import", name).db_set({"status": "Running", "total_rows": 2, "last_progress": now()})
        local.db.commit()
    start = {"data_import": name}
    with login(site) as http:
        refused = http.post("/api/method/lowcode.imports.api.start_import", json=start)
        assert refused.status_code == 417 and "is running (row 0 of 2)" in refused.json()["message"]
        page = http.get(f"/app/data-import-tool/{name}").text
        assert 'http-equiv="refresh"' in page and "data-stalled" not in page and 'data-action="start-import"' not in page
        with site_context(site) as local:
            lowcode.get_doc("Data Import", name).db_set("last_progress", now() - dt.timedelta(minutes=3))
            local.db.commit()
        page = http.get(f"/app/data-import-tool/{name}").text
        assert "data-stalled" in page and 'data-action="start-import"' in page and 'http-equiv="refresh"' not in page
        assert http.post("/api/method/lowcode.imports.api.start_import", json=start).status_code == 200
        done = http.get("/api/method/lowcode.imports.api.get_progress", params=start).json()["message"]
        assert (done["status"], done["imported"], done["rows_done"]) == ("Success", 2, 2)
        again = http.post("/api/method/lowcode.imports.api.start_import", json=start)
        assert again.status_code == 417 and "is complete" in again.json()["message"]


def test_a_second_start_while_the_job_waits_in_the_queue_is_refused(make_site: SiteFactory) -> None:
    site = make_site("sqlite")
    with site_context(site):
        path = site.path / "orders.csv"
        path.write_text("Customer,Item Name (Items)\nAcme,Chair\n", encoding="utf-8")
        name = create_import(path, "Test Order")
        lowcode.get_doc("Data Import", name).db_set({"status": "Queued", "last_progress": now()})  # a click, its job not run yet
        with pytest.raises(ValidationError, match="is queued"):
            start_import(name)

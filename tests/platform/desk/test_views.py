"""The desk's pages and methods over HTTP (Starlette's test client, no browser)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import lowcode


def test_login_page_form_and_redirects(desk_site) -> None:
    from starlette.testclient import TestClient

    from lowcode.web.app import create_app

    http = TestClient(create_app(desk_site.name), follow_redirects=False)
    assert http.get("/app/test-order").headers["location"] == "/login?redirect-to=%2Fapp%2Ftest-order"
    wrong = http.post("/login", data={"usr": "clerk@example.com", "pwd": "nope", "redirect-to": "/app/test-order"})
    assert wrong.status_code == 401 and "Incorrect email or password" in wrong.text
    good = http.post("/login", data={"usr": "clerk@example.com", "pwd": "desk-password-1", "redirect-to": "//evil.example/"})
    assert good.status_code == 303 and good.headers["location"] == "/app"
    page = http.get("/app")
    assert page.status_code == 200 and "content-security-policy" in page.headers
    assert http.get("/logout").headers["location"] == "/login"
    assert http.get("/app").status_code == 303


def test_list_view_reads_only_what_the_user_may_see(desk_site, client) -> None:
    admin = client("Administrator").get("/app/test-order")
    names = set(re.findall(r'<tr data-name="([^"]+)"', admin.text))
    with lowcode.site_context(desk_site):
        assert names == set(lowcode.get_all("Test Order", pluck="name"))
        own = set(lowcode.get_all("Test Order", filters={"owner": "clerk@example.com"}, pluck="name"))
    clerk = client("clerk@example.com").get("/app/test-order")
    assert set(re.findall(r'<tr data-name="([^"]+)"', clerk.text)) == own
    assert 'data-total="1"' in clerk.text


def test_list_filters_search_sort_and_partial_answer(client) -> None:
    http = client("Administrator")
    page = http.get(
        "/app/test-order", params={"status": "Open", "order_by": "total desc"}, headers={"HX-Request": "true", "HX-Target": "list-results"}
    )
    assert "<html" not in page.text and 'data-total="3"' in page.text
    totals = re.findall(r'data-fieldname="total">([^<]+)<', page.text)
    assert totals == ["€99.00", "€30.00", "€20.00"]
    filtered = http.get("/app/test-order", params={"filters": json.dumps([["total", ">", 25]]), "q": "Glob"})
    assert 'data-total="1"' in filtered.text
    bad = http.get("/app/test-order", params={"filters": "not json"})
    assert bad.status_code == 417 and "not valid JSON" in bad.text


def test_form_inputs_carry_test_hooks_and_bound_labels(desk_site, client) -> None:
    with lowcode.site_context(desk_site):
        name = lowcode.get_all("Test Order", filters={"owner": "Administrator"}, pluck="name")[0]
    page = client("Administrator").get(f"/app/test-order/{name}").text
    for fieldname in ("customer", "status", "order_date", "discount", "notes"):
        assert f'for="f-{fieldname}"' in page and f'id="f-{fieldname}"' in page and f'data-fieldname="{fieldname}"' in page
    assert 'data-grid="items"' in page and 'data-fieldname="qty"' in page
    clerk_page = client("clerk@example.com").get(f"/app/test-order/{name}")
    assert clerk_page.status_code == 403


def test_export_respects_the_right_and_the_filters(client) -> None:
    answer = client("Administrator").get("/app/test-order/export", params={"status": "Open"})
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))  # with a BOM, for Excel
    assert rows[0][:3] == ["ID", "Customer", "Status"] and len(rows) == 4
    assert client("clerk@example.com").get("/app/test-order/export").status_code == 403


def test_bulk_update_saves_each_document_and_reports_refusals(desk_site, client) -> None:
    with lowcode.site_context(desk_site):
        mine = lowcode.get_all("Test Order", filters={"owner": "clerk@example.com"}, pluck="name")
        others = lowcode.get_all("Test Order", filters={"owner": "Administrator"}, pluck="name")[:1]
    answer = client("clerk@example.com").post("/api/method/lowcode.web.desk.actions.bulk_update",
                                              json={"doctype": "Test Order", "names": json.dumps(mine + others), "fieldname": "remarks", "value": "x"})  # fmt: skip
    result = answer.json()["message"]
    assert result["done"] == mine and [f["name"] for f in result["failed"]] == others
    with lowcode.site_context(desk_site):
        assert lowcode.get_value("Test Order", mine[0], "remarks") == "x"
        assert lowcode.get_value("Test Order", others[0], "remarks") is None


def test_spanish_user_gets_spanish_pages(client) -> None:
    page = client("ana@example.com").get("/app/test-order/new").text
    assert '<html lang="es">' in page
    assert ">Cliente</label>" in page
    assert ">Guardar</button>" in page
    assert "0,00\xa0€" in page


def test_upload_is_limited_and_files_are_served_to_readers_only(desk_site, client) -> None:
    with lowcode.site_context(desk_site):
        name = lowcode.get_all("Test Order", filters={"owner": "clerk@example.com"}, pluck="name")[0]
    clerk = client("clerk@example.com")
    sent = clerk.post("/app/upload", files={"file": ("notes.txt", b"hello", "text/plain")}, data={"doctype": "Test Order", "docname": name})
    assert sent.status_code == 200, sent.text
    url = sent.json()["message"]["file_url"]
    assert clerk.get(url).content == b"hello"
    assert client("clerk2@example.com").get(url).status_code == 403
    desk_site.set_config("max_file_size", 10)
    too_big = clerk.post(
        "/app/upload", files={"file": ("big.txt", b"x" * 11, "text/plain")}, data={"doctype": "Test Order", "docname": name}
    )
    assert too_big.status_code == 417
    no_csrf = clerk.post("/app/upload", files={"file": ("a.txt", b"a", "text/plain")}, headers={"X-Frappe-CSRF-Token": "wrong"})
    assert no_csrf.status_code == 403


def test_password_reset_form_sets_the_new_password(desk_site) -> None:
    from starlette.testclient import TestClient

    from lowcode.auth.reset import KEY_FIELD
    from lowcode.auth.secrets import token_digest
    from lowcode.db.tables import auth_table
    from lowcode.utils.dates import now
    from lowcode.web.app import create_app

    with lowcode.site_context(desk_site) as ctx:
        expires = (now() + dt.timedelta(hours=1)).isoformat()
        ctx.db.execute(auth_table().insert().values(doctype="User", name="clerk@example.com", fieldname=KEY_FIELD,
                                                    password=f"{token_digest('the-key')}|{expires}", encrypted=0))  # fmt: skip
        ctx.db.commit()
    http = TestClient(create_app(desk_site.name), follow_redirects=False)
    assert 'name="key" value="the-key"' in http.get("/update-password", params={"key": "the-key"}).text
    differ = http.post("/update-password", data={"key": "the-key", "new_password": "new-password-1", "confirm_password": "other-one-2"})
    assert differ.status_code == 417 and "differ" in differ.text
    done = http.post("/update-password", data={"key": "the-key", "new_password": "new-password-1", "confirm_password": "new-password-1"})
    assert done.status_code == 200 and "password has been changed" in done.text
    assert http.post("/login", data={"usr": "clerk@example.com", "pwd": "new-password-1"}).status_code == 303


def test_contact_fields_render_as_links(desk_site, client) -> None:
    page = client("Administrator").get("/app/test-customer/Acme").text
    assert 'href="mailto:info@acme.example"' in page and 'type="email"' in page

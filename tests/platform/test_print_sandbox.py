"""Print templates cannot reach Python internals, files, settings or other documents."""

from __future__ import annotations

import pytest

import lowcode
from lowcode.context import acting_as
from lowcode.exceptions import TemplateError, ValidationError
from lowcode.printing.api import pdf_bytes
from lowcode.printing.pdf import BASE_URL, SiteFetcher, font_config
from lowcode.printing.render import render_document
from lowcode.printing.sandbox import make_environment, render_template
from tests.platform.engines_world import CLERK, make_order, make_world

ESCAPES = [
    ("{{ ''.__class__.__mro__ }}", "may not"),
    ("{{ doc.__class__ }}", "may not"),
    ("{{ doc._values }}", "may not"),
    ("{{ doc.get.__self__ }}", "may not"),
    ("{{ doc.items.append(1) }}", "may not"),
    ("{{ '{0.__class__}'.format(doc) }}", "may not"),
    ("{{ lipsum.__globals__ }}", "'lipsum' is undefined"),
    ("{{ cycler.__init__.__globals__.os }}", "may not"),
    ("{{ local.site.config }}", "'local' is undefined"),
    ("{{ settings.secret_key }}", "'settings' is undefined"),
    ("{{ frappe.get_doc('User', 'Administrator') }}", "'frappe' is undefined"),
    ("{{ request }}", "'request' is undefined"),
    ("{% include '/etc/passwd' %}", "cannot include, import or extend"),
    ("{% from 'os' import path %}{{ path }}", "cannot include, import or extend"),
    ("{{ get_linked('User', 'Administrator') }}", "does not link to User 'Administrator'"),
    ("{{ get_linked('Test Customer', 'Globex') }}", "does not link to Test Customer 'Globex'"),
    ("{{ range(10**9)|list|length }}", "Range too big"),
]


@pytest.fixture
def order(ctx):
    make_world()
    order = make_order(CLERK, items=[("Widget", 1, "5")])
    lowcode.db.commit()
    return order


def _use(html: str) -> None:
    fmt = lowcode.new_doc("Print Format", print_format_name="Probe", doc_type="Test Order", html=html)
    if lowcode.exists("Print Format", "Probe"):
        fmt = lowcode.get_doc("Print Format", "Probe")
        fmt.html = html
    fmt.save()


def test_escape_attempts_fail_with_a_clear_message(order):
    for html, message in ESCAPES:
        _use(html)
        with acting_as(CLERK), pytest.raises(TemplateError, match=message) as caught:
            render_document("Test Order", order.name, "Probe")
        text = caught.value.message
        assert text.startswith("Print Format 'Probe': "), html
        assert "<class" not in text and "/etc" not in text.split("(")[0], html


def test_syntax_errors_are_refused_when_saved(order):
    for html in ("{% import os %}", "{{ doc.name ", "{% for x in doc.items %}"):
        with pytest.raises(ValidationError, match="template syntax error on line 1"):
            _use(html)


def test_unreadable_fields_print_empty_and_linked_documents_show_permitted_fields(order):
    order.secret_note = "for managers only"
    order.save()
    lowcode.db.commit()
    _use("[{{ doc.secret_note }}] {% set c = get_linked('Test Customer', doc.customer, ['customer_name', 'email']) %}{{ c.email }}")
    with acting_as(CLERK):
        html = render_document("Test Order", order.name, "Probe").html
    assert "[]" in html and "for managers only" not in html
    assert "info@acme.example" in html
    assert "for managers only" in render_document("Test Order", order.name, "Probe").html


def test_values_are_escaped(order):
    order.remarks = "<script>alert(1)</script>"
    order.save()
    _use("{{ doc.remarks }}")
    html = render_document("Test Order", order.name, "Probe").html
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_the_pdf_fetcher_reads_only_public_site_files(order, site):
    (site.files_path / "logo.png").write_bytes(b"\x89PNG fake")
    fetcher = SiteFetcher(site.files_path)
    assert fetcher.fetch(BASE_URL + "files/logo.png").read() == b"\x89PNG fake"
    for url in ("file:///etc/passwd", BASE_URL + "files/../site_config.json", "http://127.0.0.1:8000/api/method/ping",
                "https://example.com/x.png", BASE_URL + "private/files/x"):  # fmt: skip
        with pytest.raises(ValueError, match="only use the site's public files"):
            fetcher.fetch(url)


def test_a_pdf_render_refuses_local_files_and_the_network(order, caplog):
    _use('<img src="file:///etc/passwd"><div style="background: url(https://example.com/x.png)">{{ doc.name }}</div>'
         '<img src="/files/../site_config.json">')  # fmt: skip
    with acting_as(CLERK), caplog.at_level("WARNING", logger="lowcode.printing.pdf"):
        assert pdf_bytes("Test Order", order.name, "Probe").startswith(b"%PDF")
    refused = " ".join(r.getMessage() for r in caplog.records)
    for url in ("file:///etc/passwd", "https://example.com/x.png", BASE_URL + "site_config.json"):
        assert f"refused to fetch {url}" in refused, url


def test_compiled_templates_follow_edits_and_their_filters(order):
    for text in ("first", "second"):
        _use(text + " {{ doc.name }} {{ 3 | number }}")
        with acting_as(CLERK):
            html = render_document("Test Order", order.name, "Probe").html
        assert f"{text} {order.name} 3.00" in html
    with pytest.raises(TemplateError, match="No filter named 'number'"):
        render_template(make_environment({}, {}), "first {{ doc.name }} {{ 3 | number }}", {"doc": order}, "Probe")


def test_fonts_are_shared_unless_the_page_declares_its_own():
    assert font_config("<p>a</p>") is font_config("<p>b</p>")
    assert font_config("<style>@font-face { src: url(/files/f.woff) }</style>") is not font_config("<p>a</p>")

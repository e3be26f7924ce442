"""PDFs of a Test Order: text, a PNG of page one, merging with metadata, permissions, HTTP."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from lowcode.context import acting_as, site_context
from lowcode.exceptions import PermissionError
from lowcode.printing.api import pdf_bytes
from lowcode.printing.render import render_document
from tests.platform.engines_world import CLERK, CLERK2, make_order, make_world
from tests.platform.http_client import Client

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LINES = [("Widget", 2, "10.50"), ("Gadget", 3, "7.25")]


@pytest.fixture
def world(ctx):
    make_world()
    order = make_order(CLERK, items=LINES, remarks="Deliver to the loading dock")
    ctx.db.commit()
    return order


def _text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_holds_customer_lines_and_grand_total(world, tmp_path):
    with acting_as(CLERK):
        pdf = pdf_bytes("Test Order", world.name, lang="en")
    reader, text = _text(pdf)
    assert pdf.startswith(b"%PDF")
    for expected in ("Acme", "info@acme.example", "Widget", "Gadget", "€10.50", "€21.75", "Grand Total: €42.75",
                     "Forty-two euro, seventy-five cents", world.name):  # fmt: skip
        assert expected in text, expected
    assert reader.metadata.title == f"Test Order {world.name}"
    assert reader.metadata.author == "Clerk"
    if shutil.which("pdftoppm"):
        (tmp_path / "order.pdf").write_bytes(pdf)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / "print_test_order"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(tmp_path / "order.pdf"), str(target)],
                       check=True)  # fmt: skip
        assert (SCREENSHOTS / "print_test_order.png").stat().st_size > 5000


def test_spanish_print_formats_numbers_dates_and_words(world):
    with acting_as(CLERK):
        _reader, text = _text(pdf_bytes("Test Order", world.name, lang="es"))
    for expected in ("Pedido", "Cliente", "Total: 42,75\xa0€", "Cuarenta y dos euros con setenta y cinco céntimos"):
        assert expected in text, expected


def test_generic_format_lists_fields_and_child_rows(world):
    with acting_as(CLERK):
        html = render_document("Test Order", world.name, "Standard").html
        _reader, text = _text(pdf_bytes("Test Order", world.name, "Standard"))
    assert 'data-print-format="Standard"' in html
    for expected in ("Customer", "Acme", "Items", "Quantity", "Widget", "Gadget", "Deliver to the loading dock"):
        assert expected in text, expected


def test_print_needs_read_of_that_document(world):
    with acting_as(CLERK2), pytest.raises(PermissionError):
        pdf_bytes("Test Order", world.name)


def test_merged_pdf_has_one_page_per_document_and_metadata(site, world):
    names = [world.name]
    with site_context(site) as ctx:
        names += [make_order(CLERK, customer="Globex", items=[("Bolt", i, "1.00")]).name for i in (1, 2)]
        ctx.db.commit()
    clerk = Client(site.name, CLERK)
    answer = clerk.post("frappe.utils.print_format.download_multi_pdf", doctype="Test Order", names=names, format="Test Order Classic")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    reader, text = _text(answer.content)
    assert len(reader.pages) == 3
    assert (reader.metadata.title, reader.metadata.author) == ("Test Order: 3 documents", "Clerk")
    assert all(name in text for name in names)


def test_download_pdf_over_http(site, world):
    clerk, other = Client(site.name, CLERK), Client(site.name, CLERK2)
    answer = clerk.get(
        "frappe.utils.print_format.download_pdf", doctype="Test Order", name=world.name, format="Test Order Classic", lang="en"
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert f'filename="{world.name}.pdf"' in answer.headers["content-disposition"]
    assert "Grand Total: €42.75" in _text(answer.content)[1]
    assert other.get("lowcode.printing.api.download_pdf", doctype="Test Order", name=world.name).status_code == 403
    preview = clerk.get("lowcode.printing.api.preview", doctype="Test Order", name=world.name)
    assert "Gadget" in preview.json()["message"]["html"]

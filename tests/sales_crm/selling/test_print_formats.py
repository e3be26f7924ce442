"""The shipped Quotation and Sales Order print formats, read back from the PDF (pypdf) in both languages."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pypdf
import pytest
from sales_crm.api.quotation import make_sales_order

import lowcode
from lowcode.context import acting_as
from lowcode.printing.api import pdf_bytes
from lowcode.printing.render import render_document
from tests.sales_crm.selling.world import ACME, ANA, CARLOS, TERMS_50_50, insert, quotation

SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "screenshots" / "quotation_pdf.png"
LINES = [
    {"item_code": "LAPTOP", "qty": 2, "discount_percentage": 10},
    {"item_code": "SUPPORT", "qty": 1},
    {"item_code": "MOUSE", "qty": 1, "is_optional": 1},
]


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    """PDF text with the non-breaking spaces Babel puts in amounts made plain, upper-cased (headings are styled so)."""
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()).upper()


@pytest.fixture
def printed(world):
    address = insert("Address", address_title="Acme HQ", address_line1="Gran Vía 12", city="Madrid", postal_code="28013",
                     country="España", links=[{"link_doctype": "Customer", "link_name": ACME}]).name  # fmt: skip
    warehouse = insert("Address", address_title="Acme Almacén", address_line1="Polígono Sur 4", city="Getafe", postal_code="28901",
                       country="España", links=[{"link_doctype": "Customer", "link_name": ACME}]).name  # fmt: skip
    with acting_as(ANA):
        doc = quotation(LINES, sales_person="Ana García", customer_address=address, shipping_address_name=warehouse,
                        taxes_and_charges="IVA 21%", additional_discount_percentage=5, payment_terms_template=TERMS_50_50,
                        terms="Delivery in two weeks.")  # fmt: skip
    return doc


def test_the_quotation_pdf_in_english_holds_customer_lines_totals_and_words(printed):
    # lines: 2 x 810 = 1620, 240 = 1860 (mouse optional); -5% = 93 -> 1767; IVA 21% 371.07; grand 2138.07, rounded 2138
    assert (str(printed.grand_total), printed.rounded_total) == ("2138.07", 2138)
    with acting_as(ANA):
        text = flat(text_of(pdf_bytes("Quotation", printed.name, lang="en")))
    for expected in (
        "Quotation", printed.name, ACME, "Gran Vía 12", "Polígono Sur 4", "Portátil 14", "Soporte anual", "Ratón",
        "Optional: not included in the totals", "€1,620.00", "€2,138.07", "Two thousand, one hundred and thirty-eight euro",
        "Payment schedule", "€1,069.00", "Delivery in two weeks.", "Your Company", "This quotation is valid until",
    ):  # fmt: skip
        assert expected.upper() in text, expected


def test_the_quotation_pdf_in_spanish_and_its_first_page_as_png(printed, tmp_path):
    with acting_as(ANA):
        pdf = pdf_bytes("Quotation", printed.name, lang="es")
    text = flat(text_of(pdf))
    for expected in ("Presupuesto", ACME, "Dirección de facturación", "Portátil 14", "2.138,07 €", "Dos mil ciento treinta y ocho euros",
                     "Calendario de pagos", "Gracias por su confianza."):  # fmt: skip
        assert expected.upper() in text, expected
    source = tmp_path / "quotation.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source), str(tmp_path / "page")], check=True)
    image = (tmp_path / "page.png").read_bytes()
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    SCREENSHOT.write_bytes(image)


def test_the_sales_order_pdf_names_its_quotation(printed):
    from tests.sales_crm.selling.world import accept

    accept(printed)
    with acting_as(CARLOS):
        order = lowcode.get_doc("Sales Order", make_sales_order(printed.name)["name"])
        html = render_document("Sales Order", order.name, lang="es").html
        text = flat(text_of(pdf_bytes("Sales Order", order.name, lang="en")))
    assert 'data-print-format="Sales Order Standard"' in html
    assert "Pedido de venta" in html
    for expected in ("Sales Order", order.name, printed.name, ACME, "Portátil 14", "€2,138.07", "Polígono Sur 4"):
        assert expected.upper() in text, expected
    assert "RATÓN" not in text


def test_a_quotation_to_a_lead_prints_the_lead(world):
    with acting_as(ANA):
        doc = quotation([{"item_code": "CABLE", "qty": 2}], quotation_to="Lead", party_name=world.lead)
        text = flat(text_of(pdf_bytes("Quotation", doc.name, lang="en")))
    for expected in ("Lucía Pérez", "Cable HDMI", "€6.66"):
        assert expected.upper() in text, expected

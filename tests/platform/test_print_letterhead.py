"""Letter heads (logo, header and footer on the PDF), the print right, disabled and foreign formats."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

import lowcode
from lowcode.context import acting_as
from lowcode.exceptions import DoesNotExistError, PermissionError, ValidationError
from lowcode.printing.api import pdf_bytes
from lowcode.printing.render import render_document
from tests.platform.engines_world import CLERK, make_order, make_world, set_order_permissions


@pytest.fixture
def order(ctx, site):
    make_world()
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (31, 78, 121)).save(buffer, format="PNG")
    (site.files_path / "logo.png").write_bytes(buffer.getvalue())
    lowcode.new_doc("Letter Head", letter_head_name="Acme Letters", is_default=1, image="/files/logo.png",
                    header_html="<div class='co'>Acme Trading S.L. · {{ doc.customer }}</div><img src='/files/logo.png'>",
                    footer_html="Calle Mayor 1, Madrid · CIF B12345678").insert()  # fmt: skip
    order = make_order(CLERK, items=[("Widget", 1, "5")])
    lowcode.db.commit()
    return order


def _pdf(order, **kwargs) -> tuple[PdfReader, str]:
    with acting_as(CLERK):
        reader = PdfReader(io.BytesIO(pdf_bytes("Test Order", order.name, **kwargs)))
    return reader, "\n".join(p.extract_text() for p in reader.pages)


def test_default_letter_head_prints_header_logo_and_footer(order):
    reader, text = _pdf(order)
    assert "Acme Trading S.L. · Acme" in text
    assert "Calle Mayor 1, Madrid" in text
    images = [image for page in reader.pages for image in page.images]
    assert images, "the logo from the site's files is embedded"
    _reader, bare = _pdf(order, no_letterhead=1)
    assert "Acme Trading" not in bare and "Grand Total" in bare


def test_logo_must_be_a_site_file(order):
    with pytest.raises(ValidationError, match="public site file"):
        lowcode.new_doc("Letter Head", letter_head_name="Remote", image="https://example.com/logo.png").insert()


def test_one_default_letter_head_and_format(order):
    lowcode.new_doc("Letter Head", letter_head_name="Second", is_default=1).insert()
    assert lowcode.get_value("Letter Head", "Acme Letters", "is_default") == 0
    lowcode.new_doc("Print Format", print_format_name="Plain", doc_type="Test Order", is_default=1, html="<p>{{ doc.name }}</p>").insert()
    assert lowcode.get_value("Print Format", "Test Order Classic", "is_default") == 0
    assert render_document("Test Order", order.name).format_name == "Plain"


def test_disabled_foreign_and_missing_formats_are_refused(order):
    lowcode.new_doc("Print Format", print_format_name="Off", doc_type="Test Order", disabled=1, html="x").insert()
    lowcode.new_doc("Print Format", print_format_name="Customer Card", doc_type="Test Customer", html="x").insert()
    with pytest.raises(ValidationError, match="is disabled"):
        render_document("Test Order", order.name, "Off")
    with pytest.raises(ValidationError, match="is for Test Customer, not Test Order"):
        render_document("Test Order", order.name, "Customer Card")
    with pytest.raises(DoesNotExistError):
        render_document("Test Order", order.name, "Nope")


def test_print_needs_the_print_right(order):
    set_order_permissions(
        [{"role": "System Manager", "read": 1, "write": 1, "print": 1}, {"role": "Test Clerk", "read": 1, "write": 1, "if_owner": 1}]
    )
    lowcode.db.commit()
    with acting_as(CLERK), pytest.raises(PermissionError, match="may not print"):
        render_document("Test Order", order.name)


def test_only_system_managers_edit_print_formats(order):
    with acting_as(CLERK), pytest.raises(PermissionError):
        lowcode.new_doc("Print Format", print_format_name="Mine", doc_type="Test Order", html="x").insert()
    with acting_as(CLERK), pytest.raises(PermissionError):
        fmt = lowcode.get_doc("Print Format", "Test Order Classic")
        fmt.html = "hacked"
        fmt.save()

"""Spanish and English per user: labels, options, buttons and number formats follow User.language."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_spanish_user_sees_spanish_labels(page: Page, login) -> None:
    login("ana@example.com")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.goto("/app/test-order/new")
    expect(page.locator("label[for=f-customer]")).to_have_text("Cliente")
    expect(page.locator("label[for=f-status]")).to_have_text("Estado")
    expect(page.locator("[data-fieldname=status] option[value=Draft]")).to_have_text("Borrador")
    expect(page.get_by_role("button", name="Guardar")).to_be_visible()
    expect(page.locator("output[data-fieldname=total]")).to_have_text("0,00 €")
    page.goto("/app/test-order")
    expect(page.locator("h1")).to_have_text("Pedido de prueba")
    expect(page.locator("thead")).to_contain_text("Estado")
    expect(page.get_by_role("link", name="Nuevo")).to_be_visible()


def test_language_switch_in_the_user_menu(page: Page, login) -> None:
    login("clerk@example.com")
    page.get_by_role("button", name="User menu").click()
    page.get_by_label("Language").select_option("es")
    expect(page.get_by_role("button", name="Menú de usuario")).to_be_visible()
    page.get_by_role("button", name="Menú de usuario").click()
    expect(page.get_by_role("link", name="Cerrar sesión")).to_be_visible()
    page.get_by_label("Idioma").select_option("en")
    expect(page.get_by_role("button", name="User menu")).to_be_visible()

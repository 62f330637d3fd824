"""Journeys over the account pages: the administrator creates a user (in Danish), a
caseworker meets the password form's errors (in English), and everyone can read the
accessibility statement (in Danish, then switched to English)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    assert_no_danish,
    check_a11y,
    check_caseworker_page,
    ensure_language,
    focused_element,
    login,
    path,
    switch_language,
    translated,
    wait_for_summary_focus,
)

pytestmark = pytest.mark.browser

PROPER_NAMES = frozenset({"sørensen", "københavn", "rådgiver", "birkerød", "århus"})


def test_admin_creates_a_caseworker_after_fixing_the_errors(page, lang):
    name = f"Ærø Ødegård Åberg {lang.upper()}"
    login(page, "admin@demo.test")
    ensure_language(page, lang)
    check_a11y(page, "admin-users")
    with page.expect_navigation():
        page.locator("main a.button[href$='/admin/users/new']").click()
    assert path(page) == "/admin/users/new"
    check_a11y(page, "admin-create-user")

    # Errors first: a caseworker without a municipality and a too short password.
    page.fill("#name", name)
    page.fill("#email", f"new-{lang}@aarhus.dk")
    page.select_option("#role", "caseworker")
    page.fill("#password", "short")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    wait_for_summary_focus(page)
    assert page.locator(".error-summary a[href='#password']").is_visible()
    assert page.input_value("#name") == name, "nothing typed is lost"
    check_a11y(page, "admin-create-user-errors")
    page.locator(".error-summary a[href='#password']").click()
    assert focused_element(page)["id"] == "password"

    page.fill("#password", "A-long-enough-password-2026")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    if page.locator(".error-summary").count():
        # The municipality is asked for once the password is right.
        assert page.locator(".error-summary a[href='#municipality']").is_visible()
        check_a11y(page, "admin-create-user-errors")
        page.select_option("#municipality", "751")
        page.fill("#password", "A-long-enough-password-2026")
        with page.expect_navigation():
            page.locator("main button[type=submit]").click()
    assert path(page) == "/admin"
    assert page.locator(".alert-success").is_visible()
    assert page.locator("main table").get_by_text(f"new-{lang}@aarhus.dk").is_visible()
    check_a11y(page, "admin-user-created")
    if switch_language(page) == "en":
        assert_no_danish(page, PROPER_NAMES | {"ærø", "ødegård", "åberg"})

    page.get_by_role("link", name=name).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == name
    check_a11y(page, "admin-user-detail")


@pytest.mark.lang("en")
def test_password_change_shows_its_errors_accessibly(page, lang, live_server):
    login(page, "kobenhavn@demo.test")
    ensure_language(page, lang)
    with page.expect_navigation():
        page.locator("a.header-link[href$='/account/password']").click()
    check_caseworker_page(page, "password")
    if switch_language(page) == "en":
        assert_no_danish(page, PROPER_NAMES)
    switch_language(page)

    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    wait_for_summary_focus(page)
    links = page.locator(".error-summary a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "#current_password", "#new_password", "#confirm"]
    check_caseworker_page(page, "password-errors")

    page.fill("#current_password", "Demo-Password-2026")
    page.fill("#new_password", "A-new-long-password-2026")
    page.fill("#confirm", "Another-long-password-2026")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert page.locator(".error-summary a[href='#confirm']").is_visible()
    page.locator(".error-summary a[href='#confirm']").click()
    assert focused_element(page)["id"] == "confirm"
    assert translated(live_server.app, lang, "The two passwords are not the same.") in \
        page.locator("#confirm-error").inner_text()
    check_caseworker_page(page, "password-mismatch")


def test_accessibility_statement_is_linked_from_the_footer(page, lang):
    page.goto("/login")
    ensure_language(page, lang)
    with page.expect_navigation():
        page.locator("footer a[href$='/tilgaengelighed']").click()
    assert path(page) == "/tilgaengelighed"
    assert page.locator("h1").count() == 1
    text = page.locator("main").inner_text()
    assert "repatriering@hjemst.dk" in text
    assert "WCAG 2.1" in text
    assert page.locator("main [lang=da]").first.is_visible()
    check_caseworker_page(page, "accessibility-statement")
    if switch_language(page) == "en":
        assert "Accessibility statement" in page.locator("h1").inner_text()
        assert_no_danish(page, PROPER_NAMES)
    check_caseworker_page(page, "accessibility-statement")

    login(page, "aarhus@demo.test")
    page.goto("/tilgaengelighed")
    check_caseworker_page(page, "accessibility-statement-logged-in")

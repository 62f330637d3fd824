"""Journeys over the pages every role has: logging in, the start pages, the language
switch, the login form with errors and the error pages; each journey in one language
(the start pages in Danish, switched to English and back; the errors in English), each
page checked by axe."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    DEMO_ACCOUNTS,
    assert_no_danish,
    check_a11y,
    check_caseworker_page,
    ensure_language,
    focused_element,
    login,
    logout,
    page_lang,
    path,
    switch_language,
    wait_for_summary_focus,
)

pytestmark = pytest.mark.browser

#: Names from the demo data that are Danish by nature and may appear on English pages.
PROPER_NAMES = frozenset({"sørensen", "københavn", "rådgiver", "birkerød"})


def _check(page, name: str, caseworker: bool) -> None:
    if caseworker:
        check_caseworker_page(page, name)
    else:
        check_a11y(page, name)


@pytest.mark.parametrize("email", list(DEMO_ACCOUNTS))
def test_each_demo_account_lands_on_its_start_page_and_switches_language(page, lang, email):
    area = DEMO_ACCOUNTS[email]
    caseworker = area == "municipality"
    page.goto("/")
    assert "/login" in page.url, "the front door sends an anonymous visitor to the login"
    ensure_language(page, lang)
    check_a11y(page, "login")

    login(page, email)
    ensure_language(page, lang)
    assert path(page) == f"/{area}", f"{email} landed on {page.url}"
    assert page.locator("h1").count() == 1
    _check(page, f"start-{area}", caseworker)

    # The language switch on the start page, there and back, keeps the user on the page.
    start = page.url
    new_lang = switch_language(page)
    assert page.url == start
    if new_lang == "en":
        assert_no_danish(page, PROPER_NAMES)
    _check(page, f"start-{area}", caseworker)
    switch_language(page)
    assert page_lang(page) == lang

    # Every page in the main menu answers, is accessible and can switch language.
    links = page.locator("nav.main-nav a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for href in hrefs:
        page.goto(href)
        assert page.locator("h1").count() == 1, f"{href} has not exactly one h1"
        name = "nav" + href.strip("/").replace("/", "-")
        _check(page, name, caseworker)
        if switch_language(page) == "en":
            assert_no_danish(page, PROPER_NAMES)
        switch_language(page)

    logout(page)
    assert "/login" in page.url
    assert page.locator(".alert-success").is_visible()
    check_a11y(page, "logged-out")


@pytest.mark.lang("en")
def test_login_errors_are_summarised_focused_and_linked_to_the_fields(page, lang):
    page.goto("/login")
    ensure_language(page, lang)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    summary = page.locator(".error-summary")
    assert summary.is_visible()
    wait_for_summary_focus(page)
    assert page.evaluate("document.activeElement.getAttribute('role')") == "alert"
    links = summary.locator("a")
    assert links.count() == 2, "one summary link per empty field"
    for index, field in enumerate(("email", "password")):
        assert links.nth(index).get_attribute("href") == f"#{field}"
        assert page.locator(f"#{field}").get_attribute("aria-invalid") == "true"
        described = page.locator(f"#{field}").get_attribute("aria-describedby")
        assert f"{field}-error" in described.split()
        assert page.locator(f"#{field}-error").is_visible()
    check_a11y(page, "login-errors")

    links.nth(1).click()
    assert focused_element(page)["id"] == "password"
    links.nth(0).click()
    assert focused_element(page)["id"] == "email"

    # A wrong password is an error on the form too, and what was typed is kept.
    page.fill("#email", "aarhus@demo.test")
    page.fill("#password", "not-the-password")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert page.locator(".error-summary a[href='#password']").is_visible()
    assert page.input_value("#email") == "aarhus@demo.test"
    assert page.input_value("#password") == ""
    if lang == "en":
        assert_no_danish(page)
    check_caseworker_page(page, "login-wrong-password")


@pytest.mark.lang("en")
def test_not_found_page_is_accessible_anonymous_and_logged_in(page, lang):
    response = page.goto("/no-such-page")
    assert response.status == 404
    ensure_language(page, lang)
    assert page.locator(".error-code").inner_text().strip().endswith("404")
    check_a11y(page, "error-404")

    login(page, "aarhus@demo.test")
    ensure_language(page, lang)
    response = page.goto("/municipality/no-such-case")
    assert response.status == 404
    if lang == "en":
        assert "Page not found" in page.locator("h1").inner_text()
        assert_no_danish(page, PROPER_NAMES)
    check_caseworker_page(page, "error-404-caseworker")
    with page.expect_navigation():
        page.locator("main a.button").click()
    assert path(page) == "/municipality"


@pytest.mark.lang("en")
def test_drc_adviser_visiting_the_admin_pages_gets_an_accessible_403(page, lang):
    login(page, "drc@demo.test")
    ensure_language(page, lang)
    response = page.goto("/admin/")
    assert response.status == 403
    assert page.locator(".error-code").inner_text().strip().endswith("403")
    if lang == "en":
        assert "You do not have access to this page" in page.locator("h1").inner_text()
        assert_no_danish(page, PROPER_NAMES)
    check_a11y(page, "error-403")
    if switch_language(page) == "en":
        assert_no_danish(page, PROPER_NAMES)
    check_a11y(page, "error-403")


def test_expired_form_page_shows_a_fixed_message_and_is_accessible(page, lang):
    page.goto("/login")
    ensure_language(page, lang)
    page.fill("#email", "aarhus@demo.test")
    page.fill("#password", "Demo-Password-2026")
    page.eval_on_selector("main input[name=csrf_token]", "el => { el.value = 'stale'; }")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert page.locator(".error-code").inner_text().strip().endswith("400")
    # Nothing posted is shown back: the post may not have come from the user (issue 18).
    assert "aarhus@demo.test" not in page.content()
    assert "Demo-Password-2026" not in page.content()
    check_a11y(page, "error-csrf")

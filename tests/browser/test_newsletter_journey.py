"""The newsletter journey: the agency writes an issue (errors shown first), previews and
publishes it, and a caseworker reads it; in Danish, axe on every page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    check_a11y,
    check_caseworker_page,
    ensure_language,
    login,
    logout,
    path,
    wait_for_summary_focus,
)

pytestmark = pytest.mark.browser

AGENCY = {"da": "agency@demo.test", "en": "agency2@demo.test"}


def test_agency_publishes_an_issue_and_the_caseworker_reads_it(page, lang):
    title = f"Browser test issue {lang}"
    login(page, AGENCY[lang])
    ensure_language(page, lang)
    page.goto("/newsletter/manage")
    check_a11y(page, "newsletter-manage")
    page.goto("/newsletter/manage/new")
    check_a11y(page, "newsletter-new")
    with page.expect_navigation():
        page.locator("main form button[type=submit]:not([name])").click()
    wait_for_summary_focus(page)
    check_a11y(page, "newsletter-new-errors")

    page.fill("main [name=number]", "1" if lang == "da" else "2")
    page.fill("main [name=year]", "2026")
    page.fill("main [name=title]", title)
    page.fill("main [name='sections-0-heading']", "Routes to Syria")
    page.fill("main [name='sections-0-body_md']",
              "Flights to **Aleppo** go via Istanbul.\n\n- Bring the passport\n- Bring IN 325")
    with page.expect_navigation():
        page.locator("main form button[type=submit]:not([name])").click()
    assert path(page).endswith("/preview"), page.url
    check_a11y(page, "newsletter-preview")
    with page.expect_navigation():
        page.locator("main form[action$='/publish'] button").click()
    assert not page.locator(".error-summary").count()
    check_a11y(page, "newsletter-published")
    logout(page)

    login(page, "aarhus@demo.test")
    ensure_language(page, lang)
    page.goto("/newsletter/")
    link = page.locator("main .newsletter-archive h2 a", has_text=title)
    assert link.count() == 1, "the published issue is not in the archive"
    with page.expect_navigation():
        link.click()
    assert page.locator("h1").inner_text() == title
    assert page.locator("main strong", has_text="Aleppo").count() == 1
    check_caseworker_page(page, "newsletter-read")

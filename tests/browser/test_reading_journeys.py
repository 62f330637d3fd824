"""Read-only journeys over the demo data: the DRC adviser finds the demo family's case and
sees its milestones and documents, the agency opens the submitted request from its work
queue (in Danish), and a caseworker reads the newsletter (in English); axe on every page,
and each page switched to the other language once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Person, Request
from tests.browser.conftest import (
    assert_no_danish,
    check_a11y,
    check_caseworker_page,
    ensure_language,
    login,
    path,
    switch_language,
)

pytestmark = pytest.mark.browser

PROPER_NAMES = frozenset({"sørensen", "københavn", "rådgiver", "birkerød", "århus"})
FAMILY = "Yusuf Al-Khatib"  # the demo family in Aarhus with a submitted flexible payment


def _family(app) -> tuple[str, int]:
    with app.app_context():
        case = db.session.scalar(select(Case).join(Person, Person.case_id == Case.id)
                                 .where(Person.full_name == FAMILY))
        assert case is not None, "the demo family is missing"
        reference = case.reference
        request_id = db.session.scalar(select(Request.id).where(Request.case_id == case.id)
                                       .order_by(Request.id))
        db.session.remove()
    return reference, request_id


def _switch_and_back(page) -> None:
    if switch_language(page) == "en":
        assert_no_danish(page, PROPER_NAMES)
    check_a11y(page, "switched-" + path(page).strip("/").replace("/", "-"))
    switch_language(page)


@pytest.mark.lang("en")
def test_drc_adviser_finds_the_family_and_sees_milestones_and_documents(
        page, lang, live_server):
    reference, _ = _family(live_server.app)
    login(page, "drc@demo.test")
    ensure_language(page, lang)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    check_a11y(page, "drc-search-empty")

    page.fill("#reference", reference)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    results = page.locator("main table")
    assert results.get_by_role("link", name=reference).is_visible()
    check_a11y(page, "drc-search-results")
    with page.expect_navigation():
        results.get_by_role("link", name=reference).click()
    assert path(page).startswith("/drc/cases/")
    main = page.locator("main").inner_text()
    assert reference in main
    assert page.locator("main a[href*='/documents/']").count() >= 1, "no documents shown"
    check_a11y(page, "drc-case")
    _switch_and_back(page)


def test_agency_opens_the_submitted_request_from_the_work_queue(page, lang, live_server):
    reference, request_id = _family(live_server.app)
    login(page, "agency@demo.test")
    ensure_language(page, lang)
    check_a11y(page, "agency-queue")
    link = page.locator(f"main table a[href$='/agency/requests/{request_id}']")
    assert link.count() == 1, "the demo family's request is not in the work queue"
    with page.expect_navigation():
        link.click()
    assert reference in page.locator("main").inner_text()
    check_a11y(page, "agency-request")
    _switch_and_back(page)
    page.goto(f"/documents/requests/{request_id}/")
    assert page.locator("main a[href$='.pdf']").count() >= 5
    check_a11y(page, "agency-documents")


@pytest.mark.lang("en")
def test_caseworker_reads_the_newsletter(page, lang):
    login(page, "aarhus@demo.test")
    ensure_language(page, lang)
    page.goto("/newsletter/")
    check_caseworker_page(page, "newsletter-archive")
    with page.expect_navigation():
        page.locator("main .newsletter-archive h2 a").first.click()
    assert page.locator("h1").count() == 1
    if lang == "en":
        assert "News from the Danish Return Agency" in \
            page.locator(".newsletter-masthead").inner_text()
    check_caseworker_page(page, "newsletter-issue")
    switch_language(page)
    check_caseworker_page(page, "newsletter-issue")

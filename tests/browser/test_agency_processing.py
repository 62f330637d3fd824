"""The agency's processing journey (first part): the agency receives the demo family's
submitted request and asks for information (first with the error shown), the caseworker
answers on the case page, and the agency approves. axe on every page, both languages.
Planning the travel, the payout and the departure follow in a later session."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Person, Request
from portal.workflow import Status
from tests.browser.conftest import (
    check_a11y,
    check_caseworker_page,
    ensure_language,
    login,
    logout,
    wait_for_summary_focus,
)

pytestmark = pytest.mark.browser

#: Per language: the agency account, the caseworker and the demo family's applicant.
PARTIES = {"da": ("agency@demo.test", "aarhus@demo.test", "Yusuf Al-Khatib"),
           "en": ("agency2@demo.test", "kobenhavn@demo.test", "Hassan Darwish")}


def _submitted(app, applicant: str) -> tuple[int, int]:
    with app.app_context():
        row = db.session.execute(
            select(Request.id, Case.id).join(Case, Request.case_id == Case.id)
            .join(Person, Person.case_id == Case.id)
            .where(Person.full_name == applicant, Request.status == Status.SUBMITTED)
        ).first()
        db.session.remove()
    assert row, f"the demo family of {applicant} has no submitted request"
    return row[0], row[1]


def _status(app, request_id: int) -> Status:
    with app.app_context():
        status = db.session.get(Request, request_id).status
        db.session.remove()
    return status


def _act(page, name: str, note: str | None = None) -> None:
    card = page.locator(f"main section[aria-labelledby='action-{name}']")
    assert card.count() == 1, f"the action {name} is not offered on {page.url}"
    if note is not None:
        card.locator("textarea").first.fill(note)
    with page.expect_navigation():
        card.locator("button[type=submit]").click()


def test_agency_asks_for_information_the_caseworker_answers_and_the_agency_approves(
        page, lang, live_server):
    app = live_server.app
    agency, caseworker, applicant = PARTIES[lang]
    request_id, case_id = _submitted(app, applicant)

    login(page, agency)
    ensure_language(page, lang)
    page.goto(f"/agency/requests/{request_id}")
    check_a11y(page, "agency-request-submitted")
    _act(page, "receive")
    if page.locator("main section[aria-labelledby='action-start_review']").count():
        _act(page, "start_review")
    check_a11y(page, "agency-request-in-review")

    # Asking without a message: the error is summarised and focused.
    _act(page, "ask_info", note="")
    wait_for_summary_focus(page)
    check_a11y(page, "agency-ask-info-errors")
    _act(page, "ask_info", note="Please upload the passport of the youngest child.")
    assert _status(app, request_id) is Status.AWAITING_MUNICIPALITY
    check_a11y(page, "agency-info-requested")
    logout(page)

    login(page, caseworker)
    ensure_language(page, lang)
    page.goto(f"/municipality/cases/{case_id}")
    assert "Please upload the passport of the youngest child." in page.locator("main").inner_text()
    check_caseworker_page(page, "caseworker-question")
    # (The answer form has no novalidate, so an empty answer is stopped by the browser's
    # own validation before it is sent; the portal's error summary is not reached.)
    form = page.locator(f"main form[action$='/requests/{request_id}/answer']")
    form.locator("textarea").fill("The passport is on its way; the child travels on the "
                                  "mother's passport until then.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(".alert-success").count() == 1
    check_caseworker_page(page, "caseworker-answered")
    logout(page)

    login(page, agency)
    ensure_language(page, lang)
    page.goto(f"/agency/requests/{request_id}")
    assert "mother's passport" in page.locator("main").inner_text()
    check_a11y(page, "agency-answered")
    for step in ("resume_review", "start_review"):
        if page.locator(f"main section[aria-labelledby='action-{step}']").count() and \
                not page.locator("main section[aria-labelledby='action-approve']").count():
            _act(page, step, note="Answer received." if step == "resume_review" else None)
    _act(page, "approve")
    assert _status(app, request_id) is Status.APPROVED
    check_a11y(page, "agency-approved")

"""The agency's processing journey (first part): the agency receives the demo family's
submitted request and asks for information (first with the error shown), the caseworker
answers on the case page, the agency approves, books Turkish Airlines via Istanbul to
Aleppo, records the payouts and marks the departure; the caseworker sees the timeline and
ticks off the CPR deregistration. axe on every page; in Danish."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

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


def fill_trip(page, day: date, legs) -> None:
    """The booking form: the route via Istanbul to Aleppo and one leg per flight, typed the
    Danish way (dd.mm.åååå in the browser's date input), then submitted."""
    card = page.locator("main section[aria-labelledby='action-plan_travel']")
    route = card.locator("select").first
    value = route.evaluate("""el => {
        const o = [...el.options].find(o => /Aleppo/i.test(o.text) && /Istanbul/i.test(o.text));
        return o ? o.value : null; }""")
    assert value, "no route via Istanbul to Aleppo to choose"
    route.select_option(value)
    for index, (flight, origin, target, departs, arrives) in enumerate(legs):
        prefix = f"plan_travel-legs-{index}-"
        card.locator(f"[name='{prefix}carrier']").fill("Turkish Airlines")
        card.locator(f"[name='{prefix}flight_number']").fill(flight)
        card.locator(f"[name='{prefix}from_airport']").fill(origin)
        card.locator(f"[name='{prefix}to_airport']").fill(target)
        for name, clock in (("departure", departs), ("arrival", arrives)):
            card.locator(f"[name='{prefix}{name}_date']").fill(day.isoformat())
            card.locator(f"[name='{prefix}{name}_time']").fill(clock)
    card.locator("[name='plan_travel-meeting_point']").fill("Terminal 3, skranke 10")
    card.locator("[name='plan_travel-meeting_time']").fill("07:45")
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

    # Plan the travel: the route to Aleppo via Istanbul, first with the errors shown.
    _act(page, "plan_travel")
    wait_for_summary_focus(page)
    check_a11y(page, "agency-plan-travel-errors")
    fill_trip(page, date.today() + timedelta(days=45), [
        ("TK 1784", "CPH", "IST", "10:45", "15:45"), ("TK 2966", "IST", "ALP", "18:00", "20:00")])
    assert _status(app, request_id) is Status.TRAVEL_BOOKED, page.locator("main").inner_text()[:800]
    check_a11y(page, "agency-travel-booked")

    # The cash payout, person by person.
    payouts = page.locator("main form[action*='/payout/']")
    assert payouts.count() >= 1
    for index in range(payouts.count()):
        form = page.locator("main form[action*='/payout/']").nth(index)
        form.locator("input[name$='amount']").fill("1000")
        form.locator("input[name$='reason']").fill("Half now, the rest at the airport.")
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert not page.locator(".error-summary").count(), page.url
    check_a11y(page, "agency-paid-out")
    with app.app_context():  # the departure day has come (departed is refused before it)
        db.session.get(Request, request_id).departure_at = datetime.now(UTC)
        db.session.commit()
        db.session.remove()
    page.reload()  # the change above gave the request a new version
    _act(page, "depart")
    assert _status(app, request_id) is Status.DEPARTED
    check_a11y(page, "agency-departed")
    logout(page)

    # The caseworker sees the timeline and ticks off the CPR deregistration.
    login(page, caseworker)
    ensure_language(page, lang)
    page.goto(f"/municipality/cases/{case_id}")
    assert page.locator("main ol.timeline li").count() >= 3
    check_caseworker_page(page, "caseworker-departed")
    tick = page.locator("main form[action$='/deregistered'] button").first
    with page.expect_navigation():
        tick.click()
    assert page.locator(".alert-success").count() == 1
    check_caseworker_page(page, "caseworker-deregistered")

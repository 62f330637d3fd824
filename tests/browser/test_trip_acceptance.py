"""Issue 17's acceptance in the browser: the agency books a two-leg trip; the municipality
sees the flights on its case page and in the e-mail (captured by the test SMTP server); DRC
sees "Rejse bestilt" with the date; the agency cancels TK 2966 on one date through
rebooking, only the households on that flight move, their e-mails say so, and the old
booking is still visible on the case. In Danish."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Municipality, Request, User
from portal.services.processing import bookings
from portal.workflow import Status
from tests.browser.conftest import check_a11y, ensure_language, login, logout
from tests.browser.test_agency_processing import fill_trip

pytestmark = pytest.mark.browser

DAY = date.today() + timedelta(days=50)  # no demo booking departs that day


@pytest.fixture
def captured_mail(live_server, smtp_server):
    """The live server's mail goes to the test SMTP server for this test."""
    config = live_server.app.config
    saved = {k: config[k] for k in ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT")}
    config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    smtp_server.handler.messages.clear()
    yield smtp_server.handler
    config.update(saved)


def _status(app, request_id: int) -> Status:
    with app.app_context():
        status = db.session.get(Request, request_id).status
        db.session.remove()
    return status


def _approved(app, code: str) -> tuple[int, int, str]:
    with app.app_context():
        req = db.session.scalars(
            select(Request).join(Municipality, Municipality.id == Request.municipality_id)
            .where(Municipality.code == code, Request.status == Status.APPROVED)
            .order_by(Request.id)).first()
        found = (req.id, req.case_id, req.case.reference)
        db.session.remove()
    return found


def _book_in_service(app, request_id: int, flights: tuple[str, ...]) -> None:
    """A second household on the same day, on another flight, booked through the service."""
    with app.test_request_context(), force_locale("da"):
        req = db.session.get(Request, request_id)
        agency = db.session.scalar(select(User).where(User.email == "agency2@demo.test"))
        route_id = next(r.id for r in bookings.bookable_routes()
                        if r.active and r.via == "Istanbul" and r.destination == "Aleppo")
        legs = tuple(bookings.Leg(carrier="Turkish Airlines", flight_number=f,
                                  from_airport="CPH" if i == 0 else "IST",
                                  to_airport="IST" if i == 0 else "ALP",
                                  departs_local=datetime.combine(DAY, time(10 + 7 * i, 45)))
                     for i, f in enumerate(flights))
        bookings.plan_travel(req, agency, expected_version=req.version_id, plan=bookings.TravelPlan(
            route_id=route_id, legs=legs,
            person_ids=tuple(p.id for p in bookings.travellers(req))))
        db.session.commit()
        db.session.remove()


def _other_tk2966(app, request_id: int) -> int:
    """A demo booking with TK 2966 on another day: it must not move."""
    with app.app_context():
        found = db.session.scalars(select(Request.id).where(
            Request.status == Status.TRAVEL_BOOKED, Request.id != request_id,
            Request.flight_numbers.like("%TK 2966%"), Request.departure_at < datetime.combine(
                DAY, time(0), tzinfo=UTC))).first()
        db.session.remove()
    assert found, "the demo has no other booking on TK 2966"
    return found


def _mail_to(handler, address: str) -> list[str]:
    return [handler.bodies()[i] for i, m in enumerate(handler.messages) if m["To"] == address]


def test_a_two_leg_trip_reaches_all_parties_and_one_cancelled_flight_moves_only_its_households(
        page, lang, live_server, captured_mail):
    app = live_server.app
    request_id, case_id, reference = _approved(app, "751")
    other_id, _other_case, _other_reference = _approved(app, "101")

    login(page, "agency@demo.test")
    ensure_language(page, lang)
    page.goto(f"/agency/requests/{request_id}")
    fill_trip(page, DAY, [("TK 1784", "CPH", "IST", "10:45", "15:45"),
                           ("TK 2966", "IST", "ALP", "18:00", "20:00")])
    assert _status(app, request_id) is Status.TRAVEL_BOOKED, page.locator("main").inner_text()[:800]
    check_a11y(page, "agency-two-leg-trip")
    [mail] = _mail_to(captured_mail, "aarhus@demo.test")
    assert "TK 1784, TK 2966" in mail
    assert reference in mail
    assert f"/municipality/cases/{case_id}" in mail
    _book_in_service(app, other_id, ("TK 1784", "TK 2968"))  # same day, another flight
    unmoved = _other_tk2966(app, request_id)
    logout(page)

    login(page, "aarhus@demo.test")
    ensure_language(page, lang)
    page.goto(f"/municipality/cases/{case_id}")
    main = page.locator("main").inner_text()
    for text in ("TK 1784", "TK 2966", "IST", "ALP", "Terminal 3, skranke 10", "07:45"):
        assert text in main, text
    logout(page)

    login(page, "drc@demo.test")
    ensure_language(page, lang)
    page.goto("/drc/")
    page.locator("main [name='reference']").fill(reference)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    page.goto(f"/drc/cases/{case_id}")
    main = page.locator("main").inner_text()
    assert "Rejse bestilt" in main
    assert f"{DAY.day}. " in main
    assert str(DAY.year) in main
    assert "TK 2966" not in main  # DRC follows the status and the date, not the flights
    logout(page)

    captured_mail.messages.clear()
    login(page, "agency@demo.test")
    ensure_language(page, lang)
    page.goto("/agency/rebooking")
    form = page.locator("main form[method='get']")
    route = form.locator("select").first
    route.select_option(route.evaluate("""el => [...el.options].find(
        o => /Istanbul/.test(o.text) && /Aleppo/.test(o.text)).value"""))
    form.locator("[name='flight']").fill("TK 2966")
    form.locator("[name='date_from']").fill(DAY.isoformat())
    form.locator("[name='date_to']").fill(DAY.isoformat())
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    listed = page.locator("main table").first.inner_text()
    assert reference in listed
    confirm = page.locator("main form[method='post']").last
    confirm.locator("textarea").fill("Turkish Airlines har aflyst TK 2966 denne dag.")
    confirm.locator("input[type=checkbox]").check()
    with page.expect_navigation():
        confirm.locator("button[type=submit]").click()
    check_a11y(page, "agency-rebooked-one-flight")
    assert _status(app, request_id) is Status.APPROVED
    assert _status(app, other_id) is Status.TRAVEL_BOOKED  # TK 2968 the same day
    assert _status(app, unmoved) is Status.TRAVEL_BOOKED  # TK 2966 another day
    [mail] = _mail_to(captured_mail, "aarhus@demo.test")
    assert "TK 2966" in mail
    assert "Turkish Airlines har aflyst TK 2966 denne dag." in mail
    assert reference in mail
    assert not _mail_to(captured_mail, "kobenhavn@demo.test")
    page.goto(f"/agency/requests/{request_id}")
    assert "Tidligere bookinger" in page.locator("main").inner_text()
    logout(page)

    login(page, "aarhus@demo.test")
    ensure_language(page, lang)
    page.goto(f"/municipality/cases/{case_id}")
    main = page.locator("main").inner_text()
    assert "Tidligere bookinger" in main
    assert "TK 1784, TK 2966" in main
    with app.app_context():
        assert db.session.get(Case, case_id).planned_departure is None
        db.session.remove()

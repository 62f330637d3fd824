"""Issue 17, points 1 and 6: a booking is its own record with legs, travellers, baggage,
meeting point and escort; cancelling keeps it as history; booking past the customs deadline
needs a reason; the agency ticks off the customs document and the municipality sees it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal import rules
from portal.extensions import db
from portal.models import AuditEvent, Booking, BookingStatus, CashDeclaration, Request, Route
from portal.workflow import Status
from tests.agency_helpers import load, make_request, travel_form
from tests.conftest import PortalClient, login

DAY = date.today() + timedelta(days=30)


def _aleppo(app) -> int:
    with app.app_context():
        route_id = db.session.scalar(select(Route.id).where(
            Route.airline == "Turkish Airlines", Route.destination == "Aleppo",
            Route.active.is_(True)))
        db.session.remove()
    return route_id


def _plan(client, app, made, **form):
    url = f"/agency/requests/{made.request_id}"
    data = {f"plan_travel-{k}": v for k, v in form.items()}
    data["plan_travel-version"] = load(app, made.request_id)["version"]
    return client.form_post(f"{url}/actions/plan_travel", data, page=url)


def _municipality_page(app, made) -> str:
    app.test_client_class = PortalClient
    browser = app.test_client()
    login(browser, made.caseworker.email)
    browser.form_post("/language", {"lang": "en", "next": "/"}, page="/municipality/")
    return browser.get(f"/municipality/cases/{made.case_id}").get_data(as_text=True)


def test_a_two_leg_booking_stores_legs_travellers_baggage_meeting_point_and_escort(
        app, client, make, login_as, english, mail_outbox):
    login_as("agency")
    made = make_request(app, make, status=Status.APPROVED, family=True)
    with app.app_context():
        participants = db.session.get(Request, made.request_id).participants
        first_two = [p.person_id for p in participants][:2]
        db.session.remove()
    form = travel_form(app, made.request_id, route_id=_aleppo(app), day=DAY, persons=first_two,
                       baggage_kg="30", meeting_point="Terminal 3, skranke 10",
                       meeting_time="07:30", escort="Dansk Røde Kors, Mette Hansen")
    response = _plan(client, app, made, **form)
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    with app.app_context():
        [booking] = db.session.scalars(select(Booking).where(
            Booking.request_id == made.request_id)).all()
        assert booking.status is BookingStatus.ACTIVE
        assert [(leg.flight_number, leg.from_airport, leg.to_airport) for leg in booking.legs] \
            == [("TK 1784", "CPH", "IST"), ("TK 2966", "IST", "ALP")]
        assert booking.legs[1].arrives_local.strftime("%H:%M") == "18:45"
        assert sorted(p.id for p in booking.persons) == sorted(first_two)
        assert booking.baggage_kg == 30
        assert booking.escort == "Dansk Røde Kors, Mette Hansen"
        db.session.remove()
    page = _municipality_page(app, made)
    for text in ("TK 1784", "TK 2966", "IST", "ALP", "Terminal 3, skranke 10", "07:30",
                 "Mette Hansen", "30 kg per person"):
        assert text in page, text
    body = "\n".join(mail_outbox.bodies())
    assert "TK 1784, TK 2966" in body
    assert made.reference in body


def test_cancelling_keeps_the_old_booking_and_the_next_one_supersedes_it(
        app, client, make, login_as, english):
    login_as("agency")
    made = make_request(app, make, status=Status.APPROVED)
    route_id = _aleppo(app)
    assert _plan(client, app, made, **travel_form(app, made.request_id, route_id=route_id,
                                                  day=DAY)).status_code == 302
    url = f"/agency/requests/{made.request_id}"
    for action, note in (("cancel", "Luftrummet er lukket."), ("rebook", "")):
        client.form_post(f"{url}/actions/{action}", {
            f"{action}-note": note, f"{action}-visibility": "shared",
            f"{action}-version": load(app, made.request_id)["version"]}, page=url)
    assert load(app, made.request_id)["status"] is Status.APPROVED
    agency_page = client.get(url).get_data(as_text=True)
    assert "Earlier bookings" in agency_page
    assert "TK 1784, TK 2966" in agency_page
    assert "Luftrummet er lukket." in agency_page
    assert "TK 1784, TK 2966" in _municipality_page(app, made)
    again = travel_form(app, made.request_id, route_id=route_id, day=DAY + timedelta(days=7),
                        flights=("TK 1786", "TK 2968"))
    assert _plan(client, app, made, **again).status_code == 302
    with app.app_context():
        old, new = db.session.scalars(select(Booking).where(
            Booking.request_id == made.request_id).order_by(Booking.id)).all()
        assert old.status is BookingStatus.CANCELLED
        assert old.superseded_by_id == new.id
        assert new.status is BookingStatus.ACTIVE
        assert db.session.get(Request, made.request_id).flight_numbers == "TK 1786, TK 2968"
        db.session.remove()


def _customs_declaration(app, made, received_on=None):
    from portal.models import CustomsDocument

    with app.app_context():
        req = db.session.get(Request, made.request_id)
        person = req.participants[0].person
        declaration = CashDeclaration(person_id=person.id, amount=Decimal("12000"),
                                      currency="EUR", amount_eur=Decimal("12000"),
                                      customs_assist=True)
        if received_on:
            declaration.customs_document = CustomsDocument(received_on=received_on)
        req.cash_declarations.append(declaration)
        db.session.commit()
        declaration_id = declaration.id
        db.session.remove()
    return declaration_id


def test_booking_past_the_customs_deadline_needs_a_reason_at_the_field(
        app, client, make, login_as, english):
    login_as("agency")
    made = make_request(app, make, status=Status.APPROVED)
    _customs_declaration(app, made)
    soon = date.today() + timedelta(days=1)
    assert date.today() > rules.customs_deadline(soon)
    form = travel_form(app, made.request_id, route_id=_aleppo(app), day=soon, at="20:00",
                       flights=("TK 1784",))
    response = _plan(client, app, made, **form)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert load(app, made.request_id)["status"] is Status.APPROVED
    field_block = text[text.index('id="plan_travel-customs_override_reason-error"'):]
    assert "past the customs deadline" in field_block[:600]
    assert 'href="#plan_travel-customs_override_reason"' in text  # and in the summary

    form.update(customs_override="y")  # ticked without a reason: refused at the field
    text = _plan(client, app, made, **form).get_data(as_text=True)
    assert "Give the reason for booking past the customs deadline." in text
    form.update(customs_override_reason="Familien skal nå et bryllup; toldhjælp ikke nødvendig.")
    response = _plan(client, app, made, **form)
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    snapshot = load(app, made.request_id)
    assert snapshot["status"] is Status.TRAVEL_BOOKED
    assert "toldhjælp ikke nødvendig" in snapshot["events"][-1][2]
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.id).where(
            AuditEvent.action == "customs_deadline_override"))
        db.session.remove()


def test_a_customs_document_received_in_time_needs_no_override(
        app, client, make, login_as, english):
    login_as("agency")
    made = make_request(app, make, status=Status.APPROVED)
    _customs_declaration(app, made, received_on=date.today() - timedelta(days=7))
    form = travel_form(app, made.request_id, route_id=_aleppo(app),
                       day=date.today() + timedelta(days=1), at="20:00", flights=("TK 1784",))
    assert _plan(client, app, made, **form).status_code == 302
    assert load(app, made.request_id)["status"] is Status.TRAVEL_BOOKED


def test_the_agency_ticks_off_the_customs_document_and_the_municipality_sees_the_day(
        app, client, make, login_as, english):
    login_as("agency")
    made = make_request(app, make, status=Status.APPROVED)
    declaration_id = _customs_declaration(app, made)
    url = f"/agency/requests/{made.request_id}"
    assert "not received yet" in _municipality_page(app, made)
    post = f"{url}/customs/{declaration_id}"
    prefix = f"customs-{declaration_id}"
    refused = client.form_post(post, {f"{prefix}-received": "y", f"{prefix}-received_on": ""},
                               page=url)
    assert refused.status_code == 200
    assert "Enter the day the customs document was received." in refused.get_data(as_text=True)
    day = date.today() - timedelta(days=2)
    response = client.form_post(post, {f"{prefix}-received": "y",
                                       f"{prefix}-received_on": day.strftime("%d.%m.%Y")},
                                page=url)
    assert response.status_code == 302
    page = _municipality_page(app, made)
    assert f"received {day.day} {day:%b} {day.year}" in page
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.id).where(
            AuditEvent.action == "customs_document"))
        db.session.remove()

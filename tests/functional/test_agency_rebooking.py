"""Bulk rebooking of a suspended route, and the pending payouts to Syria."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseKind, Obstacle, PendingPayout, Request, RequestKind, Route
from portal.workflow import Status
from tests.agency_helpers import book_directly, load, make_request


def _suspend_route_of(app, request_ids) -> int:
    with app.app_context():
        route = Route(airline="Qatar Airways", via="Doha", destination="Aleppo",
                      country_code="SY", active=False)
        db.session.add(route)
        db.session.flush()
        for request_id in request_ids:
            req = db.session.get(Request, request_id)
            book_directly(req, route.id, "QR 160", None)
        db.session.commit()
        route_id = route.id
        db.session.remove()
    return route_id


def test_bulk_rebooking_moves_every_booking_and_tells_each_municipality_once(
        app, client, make, login_as, english, mail_outbox):
    login_as("agency")
    aarhus_cw = make.user("caseworker", email="cw@aarhus.example")
    kk_cw = make.user("caseworker", email="cw@kk.example", municipality_code="101")
    aarhus = [make_request(app, make, status=Status.TRAVEL_BOOKED, caseworker=aarhus_cw)
              for _ in range(2)]
    copenhagen = make_request(app, make, status=Status.TRAVEL_BOOKED, code="101",
                              caseworker=kk_cw)
    elsewhere = make_request(app, make, status=Status.TRAVEL_BOOKED, caseworker=aarhus_cw)
    route_id = _suspend_route_of(app, [m.request_id for m in (*aarhus, copenhagen)])
    page = client.get(f"/agency/rebooking?route={route_id}").get_data(as_text=True)
    for made in (*aarhus, copenhagen):
        assert made.reference in page
    assert elsewhere.reference not in page
    ids = ",".join(str(m.request_id) for m in (*aarhus, copenhagen))
    url = f"/agency/rebooking?route={route_id}"
    refused = client.form_post("/agency/rebooking", {"route": route_id, "request_ids": ids,
                                                     "note": "Closed airspace."}, page=url)
    assert refused.status_code == 200
    assert "Tick the box" in refused.get_data(as_text=True)
    assert load(app, aarhus[0].request_id)["status"] is Status.TRAVEL_BOOKED
    mail_outbox.messages.clear()
    response = client.form_post("/agency/rebooking", {"route": route_id, "request_ids": ids,
                                                      "note": "Closed airspace.",
                                                      "confirm": "y"}, page=url)
    assert response.status_code == 302
    for made in (*aarhus, copenhagen):
        snapshot = load(app, made.request_id)
        assert snapshot["status"] is Status.APPROVED
        assert [e[1] for e in snapshot["events"][-2:]] == [Status.CANCELLED, Status.APPROVED]
        assert snapshot["events"][-2][2].startswith("Closed airspace.\nCancelled booking: QR 160")
        assert snapshot["route_id"] is None
        assert snapshot["obstacle"] is Obstacle.ROUTE_SUSPENDED
    assert load(app, elsewhere.request_id)["status"] is Status.TRAVEL_BOOKED
    by_recipient = {m["To"]: body for m, body in zip(mail_outbox.messages,
                                                     mail_outbox.bodies(), strict=True)}
    assert sorted(by_recipient) == ["cw@aarhus.example", "cw@kk.example"]
    assert aarhus[0].reference in by_recipient["cw@aarhus.example"]
    assert aarhus[1].reference in by_recipient["cw@aarhus.example"]
    assert copenhagen.reference not in by_recipient["cw@aarhus.example"]
    assert "Omar" not in by_recipient["cw@kk.example"]
    assert "er suspenderet" in by_recipient["cw@kk.example"]  # Danish: the caseworker's language
    assert "Closed airspace." in by_recipient["cw@kk.example"]  # the agency's own message
    again = client.get("/agency/rebooking").get_data(as_text=True)
    assert "To be booked again" in again
    for made in (*aarhus, copenhagen):
        assert made.reference in again


def _book(app, made, route_id, flights, day):
    from datetime import datetime, time

    from portal.services.processing.actions import LOCAL_TZ

    with app.app_context():
        req = db.session.get(Request, made.request_id)
        book_directly(req, route_id, flights, datetime.combine(day, time(11, 45),
                                                                tzinfo=LOCAL_TZ))
        db.session.commit()
        db.session.remove()


def test_one_cancelled_flight_on_one_date_moves_only_its_households(
        app, client, make, login_as, english, mail_outbox):
    from datetime import date, timedelta

    from sqlalchemy import select

    from portal.models import Route

    login_as("agency")
    with app.app_context():
        route_id = db.session.scalar(select(Route.id).where(Route.active.is_(True)))
    day = date.today() + timedelta(days=10)
    hit = make_request(app, make, status=Status.TRAVEL_BOOKED)
    _book(app, hit, route_id, "TK 1784, TK 2966", day)
    other_flight = make_request(app, make, status=Status.TRAVEL_BOOKED)
    _book(app, other_flight, route_id, "TK 1784, TK 2968", day)
    other_day = make_request(app, make, status=Status.TRAVEL_BOOKED)
    _book(app, other_day, route_id, "TK 1784, TK 2966", day + timedelta(days=1))
    url = (f"/agency/rebooking?route={route_id}&flight=tk2966"
           f"&date_from={day.isoformat()}&date_to={day.isoformat()}")
    page = client.get(url).get_data(as_text=True)
    assert "Flight TK2966" in page
    assert hit.reference in page
    assert other_flight.reference not in page
    assert other_day.reference not in page
    mail_outbox.messages.clear()
    response = client.form_post("/agency/rebooking", {
        "route": route_id, "flight": "tk2966", "date_from": day.isoformat(),
        "date_to": day.isoformat(), "request_ids": str(hit.request_id),
        "note": "TK 2966 is cancelled by the airline.", "confirm": "y"}, page=url)
    assert response.status_code == 302
    assert load(app, hit.request_id)["status"] is Status.APPROVED
    assert load(app, other_flight.request_id)["status"] is Status.TRAVEL_BOOKED
    assert load(app, other_day.request_id)["status"] is Status.TRAVEL_BOOKED
    [body] = mail_outbox.bodies()
    assert "suspenderet" not in body  # Danish: the caseworker's language
    assert "Flyet TK2966" in body
    assert "er aflyst" in body
    assert "TK 2966 is cancelled by the airline." in body
    history = load(app, hit.request_id)["events"]
    assert "TK 1784, TK 2966" in history[-2][2]  # the old booking stays on the case


def test_rebooking_an_empty_route_says_so(app, client, make, login_as, english):
    login_as("agency")
    route_id = _suspend_route_of(app, [])
    text = client.get(f"/agency/rebooking?route={route_id}").get_data(as_text=True)
    assert "No booking matches this choice." in text


def test_ordinary_departure_to_syria_leaves_pending_payouts_until_marked_paid(
        app, client, make, login_as, english):
    login_as("agency")
    made = make_request(app, make, status=Status.TRAVEL_BOOKED, family=True,
                        kind=RequestKind.DEPARTURE, case_kind=CaseKind.ORDINARY)
    flexible = make_request(app, make, status=Status.TRAVEL_BOOKED)
    for target in (made, flexible):
        url = f"/agency/requests/{target.request_id}"
        client.form_post(f"{url}/actions/depart",
                         {"depart-version": load(app, target.request_id)["version"]},
                         page=url)
    with app.app_context():
        pending = db.session.scalars(select(PendingPayout)).all()
        assert {p.request_id for p in pending} == {made.request_id}
        assert len(pending) == 5  # every traveller of the family
        adult = next(p for p in pending if p.person.full_name == "Rami Al-Hassan")
        assert adult.amount == Decimal("91169.50")
        first_id = pending[0].id
        db.session.remove()
    page = client.get("/agency/payouts").get_data(as_text=True)
    assert made.reference in page
    assert flexible.reference not in page
    assert "Rami Al-Hassan" in page
    paid = {f"paid-{first_id}-paid_on": date.today().isoformat(),
            f"paid-{first_id}-reference": "BANK-1", f"paid-{first_id}-confirm": "y"}
    response = client.form_post(f"/agency/payouts/{first_id}/paid", paid,
                                page="/agency/payouts")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(PendingPayout, first_id).paid_at is not None
        db.session.remove()
    again = client.form_post(f"/agency/payouts/{first_id}/paid", paid, page="/agency/payouts")
    assert "already been marked as paid" in again.get_data(as_text=True)


def test_rebooking_and_queue_bad_input_never_500(app, client, make, login_as, english):
    login_as("agency")
    for url in ("/agency/rebooking?route=abc", "/agency/rebooking?route=99999",
                "/agency/?status=bogus&sort=sideways&assignee=%C3%A6%C3%B8",
                "/agency/?after=1.2.3&q=" + "ø" * 300, "/agency/payouts"):
        response = client.get(url)
        assert response.status_code == 200, url
    response = client.form_post("/agency/rebooking", {"route": "x", "note": "n",
                                                      "confirm": "y"}, page="/agency/rebooking")
    assert response.status_code == 200
    response = client.form_post("/agency/payouts/999999/paid", {
        "paid-999999-paid_on": "not a date", "paid-999999-reference": "",
        "paid-999999-confirm": ""}, page="/agency/payouts")
    assert response.status_code == 200
    response = client.form_post("/agency/payouts/999999/paid", {
        "paid-999999-paid_on": "2026-01-02", "paid-999999-reference": "X",
        "paid-999999-confirm": "y"}, page="/agency/payouts")
    assert "The payout was not found." in response.get_data(as_text=True)


def test_a_booking_on_a_suspended_route_is_marked_in_the_queue_and_on_the_case(
        app, client, make, login_as, english):
    login_as("agency")
    caseworker = make.user("caseworker", email="cw@aarhus.example")
    made = make_request(app, make, status=Status.TRAVEL_BOOKED, caseworker=caseworker)
    fine = make_request(app, make, status=Status.TRAVEL_BOOKED)
    _suspend_route_of(app, [made.request_id])
    queue_html = client.get("/agency/?status=travel_booked").get_data(as_text=True)
    row = queue_html[queue_html.index(made.reference):].split("</tr>")[0]
    assert "Route suspended" in row
    fine_row = queue_html[queue_html.index(fine.reference):].split("</tr>")[0]
    assert "Route suspended" not in fine_row
    assert "Route suspended" in client.get(
        f"/agency/requests/{made.request_id}").get_data(as_text=True)

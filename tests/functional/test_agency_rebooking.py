"""Bulk rebooking of a suspended route, and the pending payouts to Syria."""

from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseKind, Obstacle, PendingPayout, Request, RequestKind, Route
from portal.workflow import Status
from tests.agency_helpers import load, make_request


def _suspend_route_of(app, request_ids) -> int:
    with app.app_context():
        route = Route(airline="Qatar Airways", via="Doha", destination="Aleppo",
                      country_code="SY", active=False)
        db.session.add(route)
        db.session.flush()
        for request_id in request_ids:
            req = db.session.get(Request, request_id)
            req.route_id = route.id
            req.flight_numbers = "QR 160"
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
        assert snapshot["events"][-2][2] == "Closed airspace."
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


def test_rebooking_an_empty_route_says_so(app, client, make, login_as, english):
    login_as("agency")
    route_id = _suspend_route_of(app, [])
    text = client.get(f"/agency/rebooking?route={route_id}").get_data(as_text=True)
    assert "There are no bookings on this route." in text


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
    response = client.form_post("/agency/payouts", {"payout": first_id}, page="/agency/payouts")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(PendingPayout, first_id).paid_at is not None
        db.session.remove()
    again = client.form_post("/agency/payouts", {"payout": first_id}, page="/agency/payouts",
                             follow_redirects=True)
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
    response = client.form_post("/agency/payouts", {"payout": "abc"}, page="/agency/payouts",
                                follow_redirects=True)
    assert "The payout was not found." in response.get_data(as_text=True)

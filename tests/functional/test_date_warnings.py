"""Dates that can hardly work are warned about where they are typed and again on the check
page, without refusing them (issue 16, point 7)."""

from datetime import date, timedelta
from decimal import Decimal

from portal.extensions import db
from portal.models import Case, CashDeclaration, ReconTrip, Request, RequestKind
from portal.workflow import Status
from tests.agency_helpers import make_request
from tests.conftest import login

TODAY = date.today()


def test_a_departure_inside_the_processing_time_is_warned_about_after_it_is_typed(
        app, make, login_as, client):
    login_as("caseworker")
    case = make.case(departure=TODAY + timedelta(days=90))
    soon = TODAY + timedelta(days=10)
    response = client.form_post(f"/municipality/cases/{case.id}/edit", {
        "destination_country": "SY", "kind": "ordinary", "planned_departure": soon.isoformat()},
        follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Udrejsen er om 10 dage, inden for Hjemrejsestyrelsens sagsbehandlingstid" in html
    with app.app_context():  # a warning, not a refusal: the date is saved
        assert db.session.get(Case, case.id).planned_departure == soon
    page = client.get(f"/municipality/cases/{case.id}/edit").get_data(as_text=True)
    assert "Udrejsen er om 10 dage" in page


def test_a_departure_well_ahead_gets_no_warning(make, login_as, client):
    login_as("caseworker")
    case = make.case(departure=TODAY + timedelta(days=90))
    page = client.get(f"/municipality/cases/{case.id}/edit").get_data(as_text=True)
    assert "alert-warning" not in page


def _with_customs_assist(app, request_id, departure):
    with app.app_context():
        req = db.session.get(Request, request_id)
        req.case.planned_departure = departure
        person = req.case.persons[0]
        req.cash_declarations.append(CashDeclaration(
            person=person, owner=person.full_name, intended_recipient=person.full_name,
            amount=Decimal("12000"), currency="EUR", amount_eur=Decimal("12000"),
            rate=Decimal(1), rate_date=TODAY, origin="Opsparing", intended_use="Bolig",
            route="København–Istanbul–Damaskus", means_of_transport="Fly",
            customs_assist=True))
        db.session.commit()
        db.session.remove()


def test_the_check_page_warns_of_a_passed_customs_deadline(app, make, client):
    made = make_request(app, make, status=Status.DRAFT, kind=RequestKind.DEPARTURE)
    _with_customs_assist(app, made.request_id, TODAY + timedelta(days=1))
    login(client, made.caseworker.email)
    page = client.get(f"/municipality/requests/{made.request_id}/check").get_data(as_text=True)
    assert "Fristen for toldangivelsen (" in page
    assert "er overskredet" in page


def test_the_check_page_warns_of_a_customs_deadline_within_two_working_days(app, make, client):
    from portal import rules

    departure = next(TODAY + timedelta(days=n) for n in range(1, 20)
                     if rules.customs_deadline_status(TODAY + timedelta(days=n), TODAY)
                     == "close")
    made = make_request(app, make, status=Status.DRAFT, kind=RequestKind.DEPARTURE)
    _with_customs_assist(app, made.request_id, departure)
    login(client, made.caseworker.email)
    page = client.get(f"/municipality/requests/{made.request_id}/check").get_data(as_text=True)
    assert "Fristen for toldangivelsen er " in page
    assert "inden for 2 arbejdsdage" in page
    assert "er overskredet" not in page


def test_a_reconnaissance_trip_in_the_past_or_over_the_departure_is_warned_about(
        app, make, client):
    made = make_request(app, make, status=Status.DRAFT, kind=RequestKind.RECON_TRIP)
    departure = TODAY + timedelta(days=40)
    with app.app_context():
        req = db.session.get(Request, made.request_id)
        req.case.planned_departure = departure
        req.recon_trip = ReconTrip(destination_country="SY", purpose="Se boligen",
                                   first_day=TODAY - timedelta(days=3),
                                   last_day=TODAY + timedelta(days=57), support_requested=True)
        db.session.commit()
        db.session.remove()
    login(client, made.caseworker.email)
    check = client.get(f"/municipality/requests/{made.request_id}/check").get_data(as_text=True)
    step = client.get(f"/municipality/requests/{made.request_id}/steps/trip"
                      ).get_data(as_text=True)
    for page in (check, step):
        assert "Rejsen begynder i fortiden" in page
        assert "Husstandens planlagte udrejse" in page
        assert "falder i rejseperioden" in page

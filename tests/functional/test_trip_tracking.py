"""The booked trip reaches all three parties: the municipality sees the flights on its case
page, in the e-mail and as a calendar file; DRC sees the date at status level."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar

from portal.workflow import Status
from tests.agency_helpers import load, make_request, travel_form
from tests.conftest import PortalClient, login

DAY = date.today() + timedelta(days=21)


def _book(app, client, made, route_id):
    url = f"/agency/requests/{made.request_id}"
    form = travel_form(app, made.request_id, route_id=route_id, day=DAY, at="11:45",
                       visibility="internal")
    data = {f"plan_travel-{k}": v for k, v in form.items()}
    data["plan_travel-version"] = load(app, made.request_id)["version"]
    return client.form_post(f"{url}/actions/plan_travel", data, page=url)


def _aleppo(app):
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Route

    with app.app_context():
        return db.session.scalar(select(Route.id).where(Route.destination == "Aleppo",
                                                        Route.active.is_(True)))


def test_a_booked_trip_shows_on_the_case_page_in_the_mail_and_as_ics(
        app, client, make, login_as, english, mail_outbox):
    login_as("agency")
    caseworker = make.user("caseworker", email="karim@aarhus.example", locale="en")
    made = make_request(app, make, status=Status.APPROVED, caseworker=caseworker)
    route_id = _aleppo(app)
    assert route_id is not None
    mail_outbox.messages.clear()
    _book(app, client, made, route_id)
    assert load(app, made.request_id)["status"] is Status.TRAVEL_BOOKED

    [message] = [m for m in mail_outbox.messages if m["To"] == "karim@aarhus.example"]
    body = mail_outbox.bodies()[mail_outbox.messages.index(message)]
    assert "TK 1784, TK 2966" in body
    assert f"{DAY.day} {DAY:%B} {DAY.year}" in body
    assert "11:45" in body
    assert made.reference in body
    assert "Omar" not in body
    assert "Haddad" not in body

    municipality = app.test_client()
    login(municipality, caseworker.email)
    municipality.form_post("/language", {"lang": "en", "next": "/"}, page="/municipality/")
    page = municipality.get(f"/municipality/cases/{made.case_id}").get_data(as_text=True)
    assert "Booked travel" in page
    assert "TK 1784, TK 2966" in page
    assert "Turkish Airlines" in page or "Aleppo" in page
    assert "11:45" in page
    ics = municipality.get(f"/municipality/requests/{made.request_id}/departure.ics")
    assert ics.mimetype == "text/calendar"
    event = next(iter(Calendar.from_ical(ics.data).walk("VEVENT")))
    assert event.decoded("dtstart").date() == DAY
    assert event.decoded("dtstart").strftime("%H:%M") == "11:45"
    assert event.decoded("duration") == timedelta(hours=1)
    assert made.reference in str(event.get("summary"))
    assert "Omar" not in ics.get_data(as_text=True)


def test_drc_sees_the_departure_date_but_not_the_flights(app, client, make, login_as, english):
    agency = make.user("agency")
    made = make_request(app, make, status=Status.APPROVED, agency=agency)
    app.test_client_class = PortalClient
    booker = app.test_client()
    login(booker, agency.email)
    _book(app, booker, made, _aleppo(app))
    login_as("drc_adviser")
    client.form_post("/drc/", {"reference": made.reference}, follow_redirects=True)
    page = client.get(f"/drc/cases/{made.case_id}").get_data(as_text=True)
    assert "Travel booked" in page
    assert f"{DAY.day} {DAY:%B} {DAY.year}" in page
    assert "TK 1784" not in page


def test_no_calendar_file_before_a_booking(app, client, make, login_as):
    caseworker = login_as("caseworker")
    made = make_request(app, make, status=Status.APPROVED, caseworker=caseworker)
    response = client.get(f"/municipality/requests/{made.request_id}/departure.ics")
    assert response.status_code == 404
    assert "BEGIN:VCALENDAR" not in response.get_data(as_text=True)


def _case_page(app, made, caseworker):
    municipality = app.test_client()
    login(municipality, caseworker.email)
    municipality.form_post("/language", {"lang": "en", "next": "/"}, page="/municipality/")
    return municipality.get(f"/municipality/cases/{made.case_id}").get_data(as_text=True)


def test_the_case_page_says_what_happens_now_for_each_status(app, make):
    app.test_client_class = PortalClient
    caseworker = make.user("caseworker")
    texts = {Status.SUBMITTED: "waits to be received",
             Status.AWAITING_MUNICIPALITY: "needs an answer from you",
             Status.APPROVED: "planning the travel",
             Status.REJECTED: "has rejected the request"}
    for status, expected in texts.items():
        made = make_request(app, make, status=status, caseworker=caseworker)
        page = _case_page(app, made, caseworker)
        section = page[page.index(f'id="request-{made.request_id}"'):]
        assert "What happens now" in section
        assert expected in section
        assert all(other not in section for other in texts.values() if other != expected)


def test_the_history_is_newest_first_with_who_and_their_organisation(app, make):
    app.test_client_class = PortalClient
    caseworker = make.user("caseworker")
    agency = make.user("agency", name="Anna Agency")
    made = make_request(app, make, status=Status.IN_REVIEW, caseworker=caseworker,
                        agency=agency)
    page = _case_page(app, made, caseworker)
    history = page[page.index("<ol class=\"timeline\">"):page.index("</ol>")]
    labels = [label for label in ("In review", "Received", "Submitted") if label in history]
    assert labels == ["In review", "Received", "Submitted"]
    assert history.index("In review") < history.index("Received") < history.index("Submitted")
    assert "Anna Agency (" in history

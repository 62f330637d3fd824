"""Texts the portal writes into a history are shown in the reader's language and stored in
Danish (issue 17, point 2): the demo's notes and "back to approved for rebooking"."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Municipality, Request, Route, StandardNote, StatusEvent
from portal.workflow import Status, transition
from tests.agency_helpers import book_directly, make_request
from tests.conftest import login

ASK_EN = "Please upload the signed waiver declaration for both adults."
ASK_DA = "Upload venligst den underskrevne frafaldserklæring for begge voksne."
INTERNAL_EN = "Internal: check the passport with NIDC first."
INTERNAL_DA = "Internt: tjek passet med NIDC først."
BACK_EN = "Back to approved for rebooking."
BACK_DA = "Tilbage til Godkendt med henblik på ombooking."


def _demo_request_awaiting_aarhus(app) -> tuple[int, int]:
    """(request id, case id) of Aarhus' demo request that awaits the municipality."""
    assert app.test_cli_runner().invoke(args=["load-demo"]).exit_code == 0
    with app.app_context():
        req = db.session.scalars(
            select(Request).join(Case).join(Municipality, Municipality.id == Case.municipality_id)
            .where(Request.status == Status.AWAITING_MUNICIPALITY, Municipality.code == "751",
                   Case.reference.like("R-%-9%"))).one()
        ids = req.id, req.case_id
        db.session.remove()
    return ids


def _language(client, lang: str) -> None:
    client.form_post("/language", {"lang": lang, "next": "/"}, page="/login")


@pytest.mark.parametrize(("lang", "shown", "hidden"), [
    ("en", (ASK_EN, INTERNAL_EN), (ASK_DA, INTERNAL_DA)),
    ("da", (ASK_DA, INTERNAL_DA), (ASK_EN, INTERNAL_EN)),
])
def test_demo_notes_on_the_agency_page_are_in_the_clerks_language(app, client, login_as,
                                                                  lang, shown, hidden):
    request_id, _ = _demo_request_awaiting_aarhus(app)
    _language(client, lang)
    login_as("agency")
    page = client.get(f"/agency/requests/{request_id}").get_data(as_text=True)
    for text in shown:
        assert text in page
    for text in hidden:
        assert text not in page


@pytest.mark.parametrize(("lang", "shown", "hidden"), [("en", ASK_EN, ASK_DA),
                                                       ("da", ASK_DA, ASK_EN)])
def test_demo_question_and_history_on_the_case_page_are_in_the_caseworkers_language(
        app, client, login_as, lang, shown, hidden):
    _, case_id = _demo_request_awaiting_aarhus(app)
    _language(client, lang)
    login_as("caseworker", municipality_code="751")
    page = client.get(f"/municipality/cases/{case_id}").get_data(as_text=True)
    assert page.count(shown) == 2  # the agency's question and the history
    assert hidden not in page
    assert INTERNAL_EN not in page  # the agency's own
    assert INTERNAL_DA not in page


def test_demo_notes_stay_danish_in_the_database(app):
    request_id, _ = _demo_request_awaiting_aarhus(app)
    with app.app_context():
        events = db.session.scalars(select(StatusEvent).where(
            StatusEvent.request_id == request_id, StatusEvent.note != "")).all()
        assert {(e.standard_note, e.note) for e in events} == {
            (StandardNote.DEMO_UPLOAD_WAIVER, ASK_DA),
            (StandardNote.DEMO_CHECK_PASSPORT, INTERNAL_DA)}
        db.session.remove()


def test_rebooking_by_an_english_clerk_reads_danish_to_a_danish_caseworker(
        app, client, make, login_as, english):
    login_as("agency")
    caseworker = make.user("caseworker", email="cw@aarhus.example")
    made = make_request(app, make, status=Status.TRAVEL_BOOKED, caseworker=caseworker)
    with app.app_context():
        route = Route(airline="Qatar Airways", via="Doha", destination="Aleppo",
                      country_code="SY", active=False)
        db.session.add(route)
        db.session.flush()
        book_directly(db.session.get(Request, made.request_id), route.id, "QR 160", None)
        db.session.commit()
        route_id = route.id
        db.session.remove()
    url = f"/agency/rebooking?route={route_id}"
    response = client.form_post("/agency/rebooking", {
        "route": route_id, "request_ids": str(made.request_id), "note": "Closed airspace.",
        "confirm": "y"}, page=url)
    assert response.status_code == 302
    assert BACK_EN in client.get(f"/agency/requests/{made.request_id}").get_data(as_text=True)
    with app.app_context():
        last = db.session.get(Request, made.request_id).events[-1]
        assert (last.to_status, last.standard_note, last.note) == (
            Status.APPROVED, StandardNote.BACK_TO_APPROVED, BACK_DA)
        db.session.remove()
    danish = app.test_client()
    login(danish, "cw@aarhus.example")
    page = danish.get(f"/municipality/cases/{made.case_id}").get_data(as_text=True)
    assert BACK_DA in page
    assert BACK_EN not in page


def test_a_typed_note_and_a_standard_note_together_are_refused(app, make):
    made_by = make.user("agency")
    made = make_request(app, make, status=Status.CANCELLED, agency=made_by)
    with app.test_request_context():
        from portal.models import User

        req = db.session.get(Request, made.request_id)
        with pytest.raises(ValueError, match="one note too many"):
            transition(req, Status.APPROVED, db.session.get(User, made_by.id), note="Typed.",
                       standard_note=StandardNote.BACK_TO_APPROVED)
        db.session.rollback()

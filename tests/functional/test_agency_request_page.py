"""The agency's request page: data, allowed actions only, the forms, conflicts and bad input."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, NoteVisibility, Obstacle, Route
from portal.workflow import Status
from tests.agency_helpers import book_directly, load, make_request, travel_form
from tests.sql_counting import statements_of_get


def _url(made, action=None):
    base = f"/agency/requests/{made.request_id}"
    return f"{base}/actions/{action}" if action else base


def _post(client, made, action, data, version=None):
    data = {f"{action}-{k}": v for k, v in data.items()}
    data.setdefault(f"{action}-version", version or "")
    return client.form_post(_url(made, action), data, page=_url(made))


def _route_id(app, destination="Aleppo", active=True):
    with app.app_context():
        route = db.session.scalar(select(Route).where(Route.destination == destination,
                                                      Route.active.is_(active)))
        if route is None:
            route = Route(airline="Qatar Airways", via="Doha", destination=destination,
                          country_code="SY", active=active)
            db.session.add(route)
            db.session.commit()
        route_id = route.id
        db.session.remove()
    return route_id


def test_page_shows_full_cpr_only_allowed_actions_and_audits_the_view(app, client, make,
                                                                      login_as, english):
    agency = login_as("agency")
    made = make_request(app, make, status=Status.SUBMITTED)
    text = client.get(_url(made)).get_data(as_text=True)
    assert "170580-1234" in text  # the agency sees the full CPR number
    assert "Receive the request" in text
    assert "Approve the request" not in text
    assert "Book the travel" not in text
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "view_request", AuditEvent.user_id == agency.id)).all()
        assert [r.request_id for r in rows] == [made.request_id]
        assert "1234" not in rows[0].detail


def test_every_optional_note_is_internal_unless_chosen(app, client, make, login_as):
    import re

    login_as("agency")
    made = make_request(app, make, status=Status.SUBMITTED)
    html = client.get(_url(made)).get_data(as_text=True)
    checked = re.findall(r'<input[^>]*name="(\w+)-visibility"[^>]*value="(\w+)"[^>]*checked', html)
    checked += re.findall(r'<input[^>]*checked[^>]*name="(\w+)-visibility"[^>]*value="(\w+)"', html)
    assert ("receive", "internal") in checked
    assert ("note", "internal") in checked
    assert all(value == "internal" for _name, value in checked)


def test_receive_then_ask_for_information_pauses_the_clock_and_is_shared(app, client, make,
                                                                        login_as, english):
    me = login_as("agency")
    made = make_request(app, make, status=Status.SUBMITTED)
    response = _post(client, made, "receive", {"note": "Checked at the desk.",
                                               "visibility": "internal"},
                     version=load(app, made.request_id)["version"])
    assert response.status_code == 302
    snapshot = load(app, made.request_id)
    assert snapshot["status"] is Status.RECEIVED
    assert snapshot["assignee_id"] == me.id  # receiving assigns an unassigned request
    assert snapshot["events"][-1][3] is NoteVisibility.INTERNAL
    _post(client, made, "start_review", {"note": ""}, version=snapshot["version"])
    response = _post(client, made, "ask_info", {"note": "Upload the signed waiver."},
                     version=load(app, made.request_id)["version"])
    assert response.status_code == 302
    snapshot = load(app, made.request_id)
    assert snapshot["status"] is Status.AWAITING_MUNICIPALITY
    assert snapshot["events"][-1][2:] == ("Upload the signed waiver.", NoteVisibility.SHARED)
    # Derived from the status (issue 16, point 8), never stored as the case's obstacle.
    assert snapshot["obstacle"] is Obstacle.NONE
    text = client.get(_url(made)).get_data(as_text=True)
    assert "<dd>Awaiting the municipality</dd>" in text
    assert "Clock paused" in text
    assert "Internal note" in text


def test_asking_without_a_message_keeps_the_page_with_an_error(app, client, make, login_as,
                                                               english):
    login_as("agency")
    made = make_request(app, make, status=Status.IN_REVIEW)
    response = _post(client, made, "ask_info", {"note": ""},
                     version=load(app, made.request_id)["version"])
    assert response.status_code == 200
    assert "Write the message" in response.get_data(as_text=True)
    assert load(app, made.request_id)["status"] is Status.IN_REVIEW


def test_a_move_the_status_does_not_allow_is_refused_with_a_message(app, client, make,
                                                                    login_as, english):
    login_as("agency")
    made = make_request(app, make, status=Status.SUBMITTED)
    response = _post(client, made, "approve", {"note": ""},
                     version=load(app, made.request_id)["version"])
    assert response.status_code == 200
    assert "This action is not possible" in response.get_data(as_text=True)
    assert load(app, made.request_id)["status"] is Status.SUBMITTED


def test_plan_travel_books_the_route_and_refuses_a_suspended_one(app, client, make, login_as,
                                                                 english):
    login_as("agency")
    made = make_request(app, make, status=Status.APPROVED)
    suspended = _route_id(app, "Aleppo-suspended", active=False)
    day = date.today() + timedelta(days=14)
    form = travel_form(app, made.request_id, route_id=suspended, day=day, flights=("QR 160",))
    page = client.get(_url(made)).get_data(as_text=True)
    assert "(suspended: unavailable)" in page
    response = _post(client, made, "plan_travel", form,
                     version=load(app, made.request_id)["version"])
    assert response.status_code == 200
    assert "suspended and cannot be booked" in response.get_data(as_text=True)
    assert 'value="QR 160"' in response.get_data(as_text=True)  # nothing typed is lost
    form = travel_form(app, made.request_id, route_id=_route_id(app), day=day)
    response = _post(client, made, "plan_travel", form,
                     version=load(app, made.request_id)["version"])
    assert response.status_code == 302
    snapshot = load(app, made.request_id)
    assert snapshot["status"] is Status.TRAVEL_BOOKED
    assert snapshot["flight_numbers"] == "TK 1784, TK 2966"
    assert snapshot["departure_at"].date() == day
    assert snapshot["processing_seconds"] is not None


def test_plan_travel_bad_input_never_500(app, client, make, login_as, english):
    login_as("agency")
    made = make_request(app, make, status=Status.APPROVED)
    version = load(app, made.request_id)["version"]
    for bad in ({"legs-0-departure_date": "2026-02-30", "legs-0-departure_time": "10:45"},
                {"legs-0-departure_date": "i morgen", "legs-0-departure_time": "25:99"},
                {"legs-0-flight_number": "ثلاثة " * 40},
                {"legs-1-from_airport": "Istanbul"},
                {"persons": []},
                {"baggage_kg": "many"},
                {"route": "abc"}):
        form = travel_form(app, made.request_id, route_id=_route_id(app),
                           day=date.today() + timedelta(days=9), **bad)
        response = _post(client, made, "plan_travel", form, version=version)
        assert response.status_code == 200, bad
        assert "There is a problem" in response.get_data(as_text=True)
    assert load(app, made.request_id)["status"] is Status.APPROVED


def test_record_payout_reads_the_amount_the_english_way_and_refuses_other_writing(
        app, client, make, login_as, english):
    login_as("agency")
    made = make_request(app, make, status=Status.TRAVEL_BOOKED, family=True)
    with app.app_context():
        from portal.models import Request

        participant_id = db.session.get(Request, made.request_id).participants[0].id
        db.session.remove()
    url = f"/agency/requests/{made.request_id}/payout/{participant_id}"
    prefix = f"payout-{participant_id}"
    version = load(app, made.request_id)["version"]
    response = client.form_post(url, {f"{prefix}-version": version,
                                      f"{prefix}-participant": participant_id,
                                      f"{prefix}-amount": "tolv kroner"}, page=_url(made))
    assert response.status_code == 200
    assert "Write a number like 1,234.56" in response.get_data(as_text=True)
    # the Danish writing on an English page is refused, not read as 117.98
    response = client.form_post(url, {f"{prefix}-version": version,
                                      f"{prefix}-participant": participant_id,
                                      f"{prefix}-amount": "117.984,06"}, page=_url(made))
    assert 'value="117.984,06"' in response.get_data(as_text=True)
    assert all(amount is None for amount in dict(load(app, made.request_id)["payouts"]).values())
    response = client.form_post(url, {f"{prefix}-version": version,
                                      f"{prefix}-participant": participant_id,
                                      f"{prefix}-amount": "117,984.06"}, page=_url(made))
    assert response.status_code == 302
    amounts = dict(load(app, made.request_id)["payouts"])
    assert Decimal("117984.06") in amounts.values()


def test_cancel_then_rebook_goes_back_to_approved_and_clears_the_plan(app, client, make,
                                                                     login_as, english):
    login_as("agency")
    made = make_request(app, make, status=Status.TRAVEL_BOOKED)
    response = _post(client, made, "cancel", {"note": "The airspace is closed."},
                     version=load(app, made.request_id)["version"])
    assert response.status_code == 302
    assert load(app, made.request_id)["status"] is Status.CANCELLED
    assert "Back to approved for rebooking" in client.get(_url(made)).get_data(as_text=True)
    _post(client, made, "rebook", {"note": ""}, version=load(app, made.request_id)["version"])
    snapshot = load(app, made.request_id)
    assert snapshot["status"] is Status.APPROVED
    assert snapshot["route_id"] is None


def test_obstacle_and_reassign(app, client, make, login_as, english):
    login_as("agency")
    colleague = make.user("agency", name="Bo Kollega")
    made = make_request(app, make, status=Status.IN_REVIEW)
    _post(client, made, "obstacle", {"obstacle": "missing_travel_document"},
          version=load(app, made.request_id)["version"])
    assert load(app, made.request_id)["obstacle"] is Obstacle.MISSING_TRAVEL_DOCUMENT
    _post(client, made, "assign", {"assignee": str(colleague.id)},
          version=load(app, made.request_id)["version"])
    assert load(app, made.request_id)["assignee_id"] == colleague.id
    drc = make.user("drc_adviser")
    response = _post(client, made, "assign", {"assignee": str(drc.id)},
                     version=load(app, made.request_id)["version"])
    assert response.status_code == 200  # not a valid choice: a DRC adviser is not staff
    assert load(app, made.request_id)["assignee_id"] == colleague.id


def test_two_stale_saves_the_first_is_kept_and_the_second_gets_the_conflict_message(
        app, client, make, login_as, english):
    login_as("agency")
    made = make_request(app, make, status=Status.IN_REVIEW)
    stale = load(app, made.request_id)["version"]  # both clerks opened the page now
    first = _post(client, made, "note", {"note": "First clerk's note.",
                                         "visibility": "internal"}, version=stale)
    assert first.status_code == 302
    second = _post(client, made, "reject", {"note": "Second clerk rejects."}, version=stale)
    assert second.status_code == 409
    text = second.get_data(as_text=True)
    assert "Someone else changed this request" in text
    assert "Second clerk rejects." in text  # what was typed is shown again
    snapshot = load(app, made.request_id)
    assert snapshot["status"] is Status.IN_REVIEW
    assert snapshot["events"][-1][2] == "First clerk's note."


def test_a_copenhagen_caseworker_gets_403_on_agency_pages_of_an_aarhus_request(
        app, client, make, login_as):
    made = make_request(app, make, status=Status.SUBMITTED, code="751")
    login_as("caseworker", municipality_code="101")
    response = client.get(_url(made))
    assert response.status_code == 403
    assert "170580-1234" not in response.get_data(as_text=True)


def test_drc_gets_403_on_agency_request_pages_and_actions(app, client, make, login_as):
    made = make_request(app, make, status=Status.SUBMITTED, code="751")
    login_as("drc_adviser")
    assert client.get(_url(made)).status_code == 403
    response = client.form_post(_url(made, "receive"), {"receive-version": "1"},
                                page="/drc/")
    assert response.status_code == 403
    assert load(app, made.request_id)["status"] is Status.SUBMITTED


def _statements(app, client, url: str) -> tuple[int, str]:
    count, response = statements_of_get(app, client, url)
    return count, response.get_data(as_text=True)


def test_page_statements_do_not_grow_with_history_actors_and_persons(app, client, make,
                                                                    login_as, english):
    from portal.models import StatusEvent

    login_as("agency")
    small = make_request(app, make, status=Status.IN_REVIEW)
    big = make_request(app, make, status=Status.IN_REVIEW, family=True)
    clerks = [make.user("agency", name=f"Clerk number {i}") for i in range(5)]
    with app.app_context():
        for i, clerk in enumerate(clerks):
            db.session.add(StatusEvent(
                request_id=big.request_id, actor_id=clerk.id, from_status=Status.IN_REVIEW,
                to_status=Status.IN_REVIEW, note=f"Note {i} on the case",
                visibility=NoteVisibility.INTERNAL))
        db.session.commit()
        db.session.remove()
    few, _ = _statements(app, client, _url(small))
    many, html = _statements(app, client, _url(big))
    assert many == few
    for i in range(5):  # every note with its own author, newest first
        assert f"Note {i} on the case" in html
        assert f"Clerk number {i}" in html
    assert html.index("Note 4 on the case") < html.index("Note 0 on the case")
    assert "Sami Al-Hassan" in html
    assert "Yara Al-Hassan" in html


def test_cancelling_clears_the_planned_date_and_keeps_the_old_booking_in_the_history(
        app, client, make, login_as, english):
    from portal.extensions import db as database
    from portal.models import Case, Request

    login_as("agency")
    made = make_request(app, make, status=Status.TRAVEL_BOOKED)
    with app.app_context():
        req = database.session.get(Request, made.request_id)
        book_directly(req, None, "TK 1784, TK 2966", None)
        req.case.planned_departure = date.today() + timedelta(days=9)
        database.session.commit()
        database.session.remove()
    _post(client, made, "cancel", {"note": "The airspace is closed."},
          version=load(app, made.request_id)["version"])
    snapshot = load(app, made.request_id)
    assert snapshot["status"] is Status.CANCELLED
    assert "TK 1784, TK 2966" in snapshot["events"][-1][2]
    with app.app_context():
        assert database.session.get(Case, made.case_id).planned_departure is None
        database.session.remove()


def test_an_approved_request_without_a_booking_offers_no_cancelling_of_a_booking(
        app, client, make, login_as, english):
    login_as("agency")
    made = make_request(app, make, status=Status.APPROVED)
    page = client.get(_url(made)).get_data(as_text=True)
    assert "Cancel the booking" not in page
    assert "Book the travel" in page


def test_departed_is_refused_before_the_booked_departure_day(app, client, make, login_as,
                                                              english):
    from datetime import UTC, datetime

    from portal.extensions import db as database
    from portal.models import Request

    login_as("agency")
    made = make_request(app, make, status=Status.TRAVEL_BOOKED)
    with app.app_context():
        req = database.session.get(Request, made.request_id)
        req.departure_at = datetime.now(UTC) + timedelta(days=2)
        database.session.commit()
        database.session.remove()
    response = _post(client, made, "depart", {"note": ""},
                     version=load(app, made.request_id)["version"])
    assert "cannot have departed before the booked departure" in response.get_data(
        as_text=True)
    assert load(app, made.request_id)["status"] is Status.TRAVEL_BOOKED


def test_a_rejection_made_by_mistake_is_reopened_with_a_reason_on_the_history(
        app, client, make, login_as, english):
    login_as("agency")
    made = make_request(app, make, status=Status.REJECTED)
    page = client.get(_url(made)).get_data(as_text=True)
    assert "Reopen the request" in page
    refused = _post(client, made, "reopen", {"note": ""},
                    version=load(app, made.request_id)["version"])
    assert "Write the message" in refused.get_data(as_text=True)
    assert load(app, made.request_id)["status"] is Status.REJECTED
    _post(client, made, "reopen", {"note": "Rejected on the wrong case."},
          version=load(app, made.request_id)["version"])
    snapshot = load(app, made.request_id)
    assert snapshot["status"] is Status.IN_REVIEW
    assert snapshot["events"][-1][:3] == (Status.REJECTED, Status.IN_REVIEW,
                                          "Rejected on the wrong case.")
    with app.app_context():
        details = db.session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "transition",
            AuditEvent.request_id == made.request_id)).all()
        assert "rejected->in_review" in details

"""Online meetings: request → agency mailbox; confirm/propose → caseworker; accept; access."""

from datetime import datetime, timedelta
from email.header import decode_header, make_header

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, MeetingRequest, MeetingStatus
from tests.conftest import login


def _future(days=7, hour=10) -> str:
    when = (datetime.now() + timedelta(days=days)).replace(hour=hour, minute=0)
    return when.strftime("%Y-%m-%dT%H:%M")


def _ask(client, topic="The rules on flexible payment"):
    return client.form_post("/meetings/new", {"topic": topic,
                                              "preferred_times": "Tuesday 10–12"},
                            follow_redirects=True)


def test_request_to_confirmation_with_mails_to_the_local_smtp_server(app, make, client,
                                                                     english, mail_outbox):
    agency_a = make.user("agency")
    agency_b = make.user("agency")
    make.user("agency", active=False)
    caseworker = make.user("caseworker")
    login(client, caseworker.email)
    response = _ask(client)
    assert "Your request has been sent" in response.get_data(as_text=True)
    assert sorted(m["To"] for m in mail_outbox.messages) == sorted(
        [agency_a.email, agency_b.email])
    assert "Aarhus" in mail_outbox.bodies()[0]
    with app.app_context():
        meeting = db.session.scalar(select(MeetingRequest))
        meeting_id = meeting.id
        assert meeting.status is MeetingStatus.REQUESTED

    mail_outbox.messages.clear()
    client.post("/logout", data={"csrf_token": client.csrf_token("/meetings")})
    login(client, agency_a.email)
    page = client.get("/meetings").get_data(as_text=True)
    assert "The rules on flexible payment" in page
    response = client.form_post(f"/meetings/{meeting_id}/respond",
                                {"action": "confirm", "when": _future(),
                                 "message": "Teams link follows"}, follow_redirects=True)
    assert "Your answer has been saved" in response.get_data(as_text=True)
    assert [m["To"] for m in mail_outbox.messages] == [caseworker.email]
    # The mail is in the caseworker's language (Danish unless they chose English).
    assert "bekræftet" in str(make_header(decode_header(mail_outbox.messages[0]["Subject"])))
    with app.app_context():
        meeting = db.session.get(MeetingRequest, meeting_id)
        assert meeting.status is MeetingStatus.CONFIRMED
        assert meeting.confirmed_at is not None
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"meeting.requested", "meeting.confirmed"} <= actions

    agency_start = client.get("/agency/").get_data(as_text=True)
    assert "The rules on flexible payment" in agency_start


def test_caseworker_accepts_a_proposed_time_and_the_agency_is_told(app, make, client, english,
                                                                  mail_outbox):
    agency = make.user("agency")
    caseworker = make.user("caseworker")
    login(client, caseworker.email)
    _ask(client)
    client.post("/logout", data={"csrf_token": client.csrf_token("/meetings")})
    login(client, agency.email)
    with app.app_context():
        meeting_id = db.session.scalar(select(MeetingRequest.id))
    client.form_post(f"/meetings/{meeting_id}/respond", {"action": "propose",
                                                         "when": _future(3, 14)})
    assert "foreslår dette tidspunkt" in mail_outbox.bodies()[-1]
    client.post("/logout", data={"csrf_token": client.csrf_token("/meetings")})
    mail_outbox.messages.clear()
    login(client, caseworker.email)
    page = client.get("/meetings").get_data(as_text=True)
    assert "Accept the proposed time" in page
    response = client.form_post(f"/meetings/{meeting_id}/accept", page="/meetings",
                                follow_redirects=True)
    assert "The meeting is confirmed." in response.get_data(as_text=True)
    assert [m["To"] for m in mail_outbox.messages] == [agency.email]
    with app.app_context():
        assert db.session.get(MeetingRequest, meeting_id).status is MeetingStatus.CONFIRMED


def test_confirming_needs_a_valid_future_time(app, make, client, english, mail_outbox):
    caseworker = make.user("caseworker")
    login(client, caseworker.email)
    _ask(client)
    client.post("/logout", data={"csrf_token": client.csrf_token("/meetings")})
    login(client, make.user("agency").email)
    with app.app_context():
        meeting_id = db.session.scalar(select(MeetingRequest.id))
    mail_outbox.messages.clear()
    url = f"/meetings/{meeting_id}/respond"
    for when, message in (("", "Enter a date and time"), ("2025-02-30T10:00", "Not a valid"),
                          ("tomorrow", "Not a valid"),
                          ("2020-01-01T10:00", "The time must be in the future.")):
        response = client.form_post(url, {"action": "confirm", "when": when,
                                          "message": "مرحبا æøå"})
        html = response.get_data(as_text=True)
        assert response.status_code == 200, when
        assert message in html, when
        assert "مرحبا æøå" in html
    assert mail_outbox.messages == []
    with app.app_context():
        assert db.session.get(MeetingRequest, meeting_id).status is MeetingStatus.REQUESTED


def test_empty_request_shows_errors_and_keeps_the_text(make, client, english):
    login(client, make.user("caseworker").email)
    response = client.form_post("/meetings/new", {"topic": "", "preferred_times": "ÆØÅ"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter what you would like to talk about." in html
    assert "ÆØÅ" in html


def test_another_municipalitys_meeting_is_404_and_audited(app, make, client):
    login(client, make.user("caseworker", municipality_code="751").email)
    _ask(client)
    with app.app_context():
        meeting_id = db.session.scalar(select(MeetingRequest.id))
    client.post("/logout", data={"csrf_token": client.csrf_token("/meetings")})
    other = make.user("caseworker", municipality_code="101")
    login(client, other.email)
    assert "The rules on flexible payment" not in client.get("/meetings").get_data(as_text=True)
    response = client.form_post(f"/meetings/{meeting_id}/cancel", page="/meetings")
    assert response.status_code == 404
    with app.app_context():
        denied = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "access_denied"))
        assert denied is not None
        assert denied.user_email == other.email
        assert db.session.get(MeetingRequest, meeting_id).status is MeetingStatus.REQUESTED


def test_drc_advisers_have_no_meeting_pages(login_as, client):
    login_as("drc_adviser")
    assert client.get("/meetings").status_code == 403


def test_upcoming_meetings_panel_shows_the_caseworkers_confirmed_meeting(app, make, english):
    from datetime import UTC

    from flask import render_template_string
    from flask_login import login_user

    caseworker = make.user("caseworker")
    other = make.user("caseworker", municipality_code="101")
    with app.app_context():
        soon = datetime.now(UTC) + timedelta(days=2)
        for user, topic in ((caseworker, "Our topic"), (other, "Their topic")):
            db.session.add(MeetingRequest(
                municipality_id=user.municipality_id, requested_by_id=user.id, topic=topic,
                preferred_times="", agency_message="", status=MeetingStatus.CONFIRMED,
                confirmed_at=soon))
        db.session.commit()
        db.session.remove()
    with app.test_request_context("/"):
        from portal.models import User

        login_user(db.session.get(User, caseworker.id))
        html = render_template_string('{% include "meetings/_start_panel.html" %}')
    assert "Our topic" in html
    assert "Their topic" not in html

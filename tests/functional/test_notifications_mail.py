"""E-mail over a real local SMTP server: who is told what, in which language, and that the
bodies carry the reference and a link but never a CPR number or a name."""

import re

from portal.workflow import Status
from tests.agency_helpers import load, make_request

CPR_DIGITS = re.compile(r"\d{6}-?\d{4}")
NAMES = ("Omar", "Haddad", "Rami", "Lina", "Al-Hassan")


def _post(client, made, action, data):
    url = f"/agency/requests/{made.request_id}"
    data = {f"{action}-{k}": v for k, v in data.items()}
    data[f"{action}-version"] = load(client.application, made.request_id)["version"]
    return client.form_post(f"{url}/actions/{action}", data, page=url)


def _assert_clean(body: str) -> None:
    assert not CPR_DIGITS.search(body)
    for name in NAMES:
        assert name not in body


def test_information_request_mails_the_case_caseworker(app, client, make, login_as,
                                                       mail_outbox):
    login_as("agency")
    caseworker = make.user("caseworker", email="anne@aarhus.example", locale="en")
    made = make_request(app, make, status=Status.IN_REVIEW, caseworker=caseworker)
    mail_outbox.messages.clear()
    response = _post(client, made, "ask_info", {"note": "Is Omar Haddad's passport valid?"})
    assert response.status_code == 302
    assert len(mail_outbox.messages) == 1
    message = mail_outbox.messages[0]
    assert message["To"] == "anne@aarhus.example"
    assert made.reference in message["Subject"]
    assert "needs information" in message["Subject"]
    body = mail_outbox.bodies()[0]
    assert made.reference in body
    assert f"/municipality/cases/{made.case_id}" in body
    assert "paused" in body
    _assert_clean(body)  # the question itself (with a name) stays in the portal


def test_every_status_change_is_mailed_without_its_note_and_an_internal_note_is_not(
        app, client, make, login_as, mail_outbox):
    login_as("agency")
    caseworker = make.user("caseworker", email="karim@kk.example", municipality_code="101")
    made = make_request(app, make, status=Status.SUBMITTED, code="101",
                        caseworker=caseworker, family=True)
    mail_outbox.messages.clear()
    _post(client, made, "note", {"note": "Internal: check the passport", "visibility": "internal"})
    assert mail_outbox.messages == []
    _post(client, made, "receive", {"note": "Internal: looks complete", "visibility": "internal"})
    assert [m["To"] for m in mail_outbox.messages] == ["karim@kk.example"]
    assert "Internal" not in mail_outbox.bodies()[0]
    mail_outbox.messages.clear()
    _post(client, made, "start_review", {"note": "", "visibility": "shared"})
    assert [m["To"] for m in mail_outbox.messages] == ["karim@kk.example"]
    body = mail_outbox.bodies()[0]
    assert made.reference in body
    assert "In review" in body or "behandling" in body  # Danish unless the user chose English
    assert "http://" in body or "https://" in body
    _assert_clean(body)


def test_without_a_case_caseworker_all_active_caseworkers_of_the_municipality_are_told(
        app, client, make, login_as, mail_outbox):
    login_as("agency")
    first = make.user("caseworker", email="one@aarhus.example")
    make.user("caseworker", email="two@aarhus.example")
    make.user("caseworker", email="gone@aarhus.example", active=False)
    make.user("caseworker", email="other@kk.example", municipality_code="101")
    made = make_request(app, make, status=Status.IN_REVIEW, caseworker=first,
                        created_by_caseworker=False)
    mail_outbox.messages.clear()
    _post(client, made, "approve", {"note": "", "visibility": "shared"})
    recipients = sorted(m["To"] for m in mail_outbox.messages)
    assert recipients == ["one@aarhus.example", "two@aarhus.example"]


def test_the_assignee_is_told_when_the_municipality_answers(app, make, mail_outbox):
    clerk = make.user("agency", email="clerk@hjemst.example", locale="en")
    caseworker = make.user("caseworker", email="cw@aarhus.example")
    made = make_request(app, make, status=Status.AWAITING_MUNICIPALITY, caseworker=caseworker,
                        agency=clerk, assignee=clerk)
    mail_outbox.messages.clear()
    with app.test_request_context():
        from flask_login import login_user

        from portal.extensions import db
        from portal.models import Request, User
        from portal.workflow import transition

        req = db.session.get(Request, made.request_id)
        user = db.session.get(User, caseworker.id)
        login_user(user)
        transition(req, Status.IN_REVIEW, user, note="The passport is valid until 2030.")
        db.session.commit()
        from portal import mail

        mail.flush_outbox()
        db.session.remove()
    assert [m["To"] for m in mail_outbox.messages] == ["clerk@hjemst.example"]
    message = mail_outbox.messages[0]
    assert "has answered" in message["Subject"]
    body = mail_outbox.bodies()[0]
    assert f"/agency/requests/{made.request_id}" in body
    assert "2030" not in body  # the answer stays in the portal
    _assert_clean(body)


def test_the_assignee_is_told_when_the_municipality_withdraws(app, make, mail_outbox):
    clerk = make.user("agency", email="clerk2@hjemst.example", locale="en")
    caseworker = make.user("caseworker")
    made = make_request(app, make, status=Status.RECEIVED, caseworker=caseworker,
                        agency=clerk, assignee=clerk)
    mail_outbox.messages.clear()
    with app.test_request_context():
        from portal import mail
        from portal.extensions import db
        from portal.models import Request, User
        from portal.workflow import transition

        req = db.session.get(Request, made.request_id)
        transition(req, Status.WITHDRAWN, db.session.get(User, caseworker.id),
                   note="Omar Haddad has changed his mind.")
        db.session.commit()
        mail.flush_outbox()
        db.session.remove()
    assert [m["To"] for m in mail_outbox.messages] == ["clerk2@hjemst.example"]
    assert "withdrawn" in mail_outbox.messages[0]["Subject"]
    _assert_clean(mail_outbox.bodies()[0])


def test_mail_links_use_the_public_base_url_even_outside_a_request(app):
    from portal import mail

    original = app.config["PUBLIC_BASE_URL"]
    app.config["PUBLIC_BASE_URL"] = "https://portal.example.dk/"
    try:
        with app.app_context():
            url = mail.absolute_url("info.meetings", anchor="meeting-7")
    finally:
        app.config["PUBLIC_BASE_URL"] = original
    assert url == "https://portal.example.dk/meetings#meeting-7"

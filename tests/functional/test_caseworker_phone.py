"""Issue 15: the caseworker's phone is a field of the user's profile (the caseworker sets it,
an admin too) and every official form prints it instead of leaving the box empty."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, User
from tests.agency_helpers import make_request
from tests.conftest import login
from tests.filing_helpers import pdf_text


def _phone_of(app, user_id: int) -> str:
    with app.app_context():
        phone = db.session.get(User, user_id).phone
        db.session.remove()
    return phone


def test_the_caseworker_sets_a_phone_that_a_bad_number_does_not_replace(app, client, login_as,
                                                                         english):
    user = login_as("caseworker", phone="")
    saved = client.form_post("/account/phone", {"phone": "87 13 40 00"}, page="/account")
    assert saved.status_code == 302
    assert _phone_of(app, user.id) == "87 13 40 00"
    refused = client.form_post("/account/phone", {"phone": "call me"}, page="/account")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "Enter a phone number of digits" in html
    assert 'value="call me"' in html
    assert _phone_of(app, user.id) == "87 13 40 00"
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.detail).where(
            AuditEvent.action == "phone_changed")) == f"user={user.id}"


def test_an_admin_sets_a_caseworkers_phone(app, client, make, login_as, english):
    caseworker = make.user("caseworker", phone="")
    login_as("admin")
    page = f"/admin/users/{caseworker.id}"
    refused = client.form_post(f"{page}/phone", {"phone": "1e+16"}, page=page)
    assert refused.status_code == 200
    assert "Enter a phone number of digits" in refused.get_data(as_text=True)
    response = client.form_post(f"{page}/phone", {"phone": "+45 87 13 40 01"}, page=page)
    assert response.status_code == 302
    assert _phone_of(app, caseworker.id) == "+45 87 13 40 01"


def test_every_form_prints_the_caseworkers_phone(app, client, make):
    caseworker = make.user("caseworker", phone="87 13 40 99")
    made = make_request(app, make, caseworker=caseworker)
    login(client, caseworker.email)
    page = client.get(f"/documents/requests/{made.request_id}/").get_data(as_text=True)
    links = set(re.findall(r'href="(/documents/requests/\d+/[a-z0-9-]+\.pdf)"', page))
    checked = 0
    for link in links:
        text = " ".join(pdf_text(client.get(link).data).split())
        if "Sagsbehandler" in text and "kvittering" not in link and "receipt" not in link:
            assert "Sagsbehandlers telefon 87 13 40 99" in text, link
            checked += 1
    assert checked >= 2  # the request and the departure forms at least

"""CSRF on every POST: a missing or foreign token answers 400 with a friendly, fixed page
that shows nothing of what was posted."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import UserSession
from tests.factories import PASSWORD


def test_login_post_without_token_is_refused_with_a_friendly_page(client, make, english, app):
    user = make.user("caseworker")
    client.get("/login")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The form had expired" in body
    assert "Traceback" not in body
    # Nothing posted is shown back (tests/functional/test_security_round2.py, finding 13).
    assert user.email not in body
    assert PASSWORD not in body
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_post_with_another_sessions_token_is_refused(client, make, app, english):
    user = make.user("caseworker")
    app.test_client_class = type(client)
    attacker = app.test_client()
    foreign = attacker.csrf_token("/login")
    client.get("/login")  # the victim has a session of its own
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": foreign})
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)
    assert client.get("/municipality/").status_code == 302


def test_logged_in_post_with_a_forged_token_is_refused_and_changes_nothing(client, login_as,
                                                                           app, english):
    login_as("caseworker")
    response = client.post("/account/password", data={
        "csrf_token": "forged", "current_password": PASSWORD,
        "new_password": "Attacker-chosen-passphrase", "confirm": "Attacker-chosen-passphrase"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Attacker-chosen-passphrase" not in body
    assert client.get("/municipality/").status_code == 200  # still logged in, unchanged


def test_logout_and_language_need_a_token_too(client, login_as):
    login_as("caseworker")
    assert client.post("/logout").status_code == 400
    assert client.get("/municipality/").status_code == 200
    assert client.post("/language", data={"lang": "en"}).status_code == 400


def test_csrf_page_is_accessible(client, make, english):
    client.get("/login")
    body = client.post("/login", data={"email": "a@example.org", "password": "x"}
                       ).get_data(as_text=True)
    assert len(re.findall(r"<h1[ >]", body)) == 1
    assert '<html lang="en"' in body
    assert "a@example.org" not in body  # a fixed page (finding 13 of issue 18)
    assert 'style="' not in body
    assert "<script>" not in body

"""Server-side sessions: a new id at login, ended on the server, idle and absolute timeouts,
cookie flags and no remember-me."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from portal.config import load_config
from portal.extensions import db
from portal.models import UserSession
from tests.conftest import login
from tests.factories import PASSWORD

START = "/municipality/"


def _cookie(client) -> str:
    return client.get_cookie("portal_session").value


def _sessions_of(app, user) -> int:
    with app.app_context():
        n = db.session.scalar(select(func.count()).select_from(UserSession)
                              .where(UserSession.user_id == user.id))
        db.session.remove()
    return n


def _replay(client, cookie: str):
    client.set_cookie("portal_session", cookie)
    return client.get(START)


def test_login_replaces_the_session_cookie_and_the_old_one_stays_anonymous(client, make, app):
    user = make.user("caseworker")
    client.get("/login")
    client.set_cookie("portal_session", "attacker-chosen")
    login(client, user.email)
    assert _cookie(client) != "attacker-chosen"
    assert client.get(START).status_code == 200
    # Logging in again in the same browser gives a new id and ends the previous row.
    first = _cookie(client)
    client.form_post("/logout", page=START)
    login(client, user.email)
    assert _cookie(client) != first
    assert _sessions_of(app, user) == 1


def test_password_change_ends_other_sessions_and_rotates_the_current_cookie(client, make, app):
    user = make.user("caseworker")
    app.test_client_class = type(client)
    other = app.test_client()
    login(other, user.email)
    login(client, user.email)
    before = _cookie(client)
    response = client.form_post("/account/password", {
        "current_password": PASSWORD, "new_password": "Another-long-passphrase-7",
        "confirm": "Another-long-passphrase-7"})
    assert response.status_code == 302
    assert client.get(START).status_code == 200  # this browser stays logged in ...
    assert _cookie(client) != before  # ... with a new session id
    assert other.get(START).status_code == 302  # the other browser is logged out
    assert _replay(client, before).status_code == 302  # and the old cookie is dead
    assert _sessions_of(app, user) == 1


def test_disabling_a_user_deletes_their_sessions_on_the_server(client, make, login_as, app):
    victim = make.user("caseworker")
    app.test_client_class = type(client)
    victim_client = app.test_client()
    login(victim_client, victim.email)
    cookie = _cookie(victim_client)
    login_as("admin")
    client.form_post(f"/admin/users/{victim.id}/active", page=f"/admin/users/{victim.id}")
    assert _sessions_of(app, victim) == 0
    assert _replay(victim_client, cookie).status_code == 302


def test_idle_timeout_ends_the_session_after_30_minutes(client, make, app):
    user = make.user("caseworker")
    start = datetime.now(UTC)
    with time_machine.travel(start, tick=False) as traveller:
        login(client, user.email)
        traveller.shift(timedelta(minutes=29))
        assert client.get(START).status_code == 200  # activity resets the idle clock
        traveller.shift(timedelta(minutes=29))
        assert client.get(START).status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get(START)
    assert response.status_code == 302
    assert _sessions_of(app, user) == 0


def test_absolute_timeout_ends_even_an_active_session_after_12_hours(client, make):
    user = make.user("caseworker")
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        login(client, user.email)
        for _ in range(11 * 3):  # active every 20 minutes for 11 hours
            traveller.shift(timedelta(minutes=20))
            assert client.get(START).status_code == 200
        traveller.shift(timedelta(minutes=61))
        assert client.get(START).status_code == 302


def test_timeouts_are_configurable(client, make, app):
    user = make.user("caseworker")
    app.config["SESSION_IDLE_MINUTES"] = 5
    try:
        with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
            login(client, user.email)
            traveller.shift(timedelta(minutes=6))
            assert client.get(START).status_code == 302
    finally:
        app.config["SESSION_IDLE_MINUTES"] = 30


def test_session_cookie_is_httponly_and_samesite_lax_and_there_is_no_remember_me(client, make):
    user = make.user("caseworker")
    response = client.form_post("/login", {"email": user.email, "password": PASSWORD})
    set_cookie = next(c for c in response.headers.getlist("Set-Cookie")
                      if c.startswith("portal_session="))
    assert "HttpOnly" in set_cookie
    assert "SameSite=Lax" in set_cookie
    assert "Expires" not in set_cookie  # a browser-session cookie, no lasting login
    assert client.get_cookie("remember_token") is None
    assert "remember" not in client.get("/login").get_data(as_text=True).lower()


@pytest.mark.parametrize(("mode", "secure"), [
    ("production", True), ("development", False), ("testing", False)])
def test_cookie_is_secure_outside_development_and_testing(mode, secure):
    config = load_config(env={"PORTAL_ENV": mode, "SECRET_KEY": "x" * 40})
    assert config["SESSION_COOKIE_SECURE"] is secure
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["HSTS"] is secure

"""Logging in and out for every role, wrong passwords, disabled users and safe redirects."""

import pytest

from portal.models import Role
from tests.conftest import login
from tests.factories import PASSWORD

START_PAGES = {
    "caseworker": ("/municipality/", "Mine sager"),
    "agency": ("/agency/", "Arbejdskø"),
    "drc_adviser": ("/drc/", "Find en sag"),
    "admin": ("/admin/", "Brugere"),
}


@pytest.mark.parametrize("role", list(START_PAGES))
def test_each_role_logs_in_and_lands_on_its_own_start_page(client, make, role):
    user = make.user(role)
    response = login(client, user.email, follow=True)
    path, heading = START_PAGES[role]
    assert response.request.path == path
    assert f"<h1>{heading}</h1>" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", list(START_PAGES))
def test_logout_ends_the_session_for_every_role(client, make, role):
    user = make.user(role)
    login(client, user.email)
    path = START_PAGES[role][0]
    assert client.get(path).status_code == 200
    response = client.form_post("/logout", page=path, follow_redirects=True)
    assert "Du er logget ud" in response.get_data(as_text=True)
    assert client.get(path).status_code == 302


def test_old_session_cookie_no_longer_works_after_logout(client, make):
    user = make.user("caseworker")
    login(client, user.email)
    cookie = client.get_cookie("portal_session").value
    client.form_post("/logout", page="/municipality/")
    client.set_cookie("portal_session", cookie)
    response = client.get("/municipality/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_wrong_password_and_unknown_account_get_the_same_message(client, make):
    user = make.user("caseworker")
    wrong = client.form_post("/login", {"email": user.email, "password": "not-the-password"})
    unknown = client.form_post("/login", {"email": "nobody@example.test",
                                          "password": "not-the-password"})
    wrong_body, unknown_body = wrong.get_data(as_text=True), unknown.get_data(as_text=True)
    message = "E-mailadressen eller adgangskoden er forkert."
    assert message in wrong_body
    assert message in unknown_body
    assert wrong.status_code == unknown.status_code == 200
    # The typed e-mail is kept, the password is not.
    assert f'value="{user.email}"' in wrong_body


def test_disabled_user_cannot_log_in_and_gets_no_hint_why(client, make):
    user = make.user("caseworker", active=False)
    response = client.form_post("/login", {"email": user.email, "password": PASSWORD})
    assert "E-mailadressen eller adgangskoden er forkert." in response.get_data(as_text=True)
    assert client.get("/municipality/").status_code == 302


def test_disabled_user_is_logged_out_on_next_request(client, make, app):
    from portal.extensions import db
    from portal.models import User

    user = make.user("caseworker")
    login(client, user.email)
    assert client.get("/municipality/").status_code == 200
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get("/municipality/").status_code == 302


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
    "http:/evil.example", " //evil.example",
])
def test_unsafe_next_is_ignored_after_login(client, make, target):
    user = make.user("caseworker")
    response = client.form_post(f"/login?next={target}",
                                {"email": user.email, "password": PASSWORD, "next": target},
                                page="/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/municipality/"


def test_safe_next_is_followed_after_login(client, make):
    user = make.user("caseworker")
    response = client.form_post("/login", {"email": user.email, "password": PASSWORD,
                                           "next": "/account/password"})
    assert response.headers["Location"] == "/account/password"


def test_role_without_access_gets_403(client, make):
    user = make.user("drc_adviser")
    login(client, user.email)
    assert client.get("/agency/").status_code == 403
    assert client.get("/admin/").status_code == 403


def test_anonymous_user_is_sent_to_login_with_next(client):
    response = client.get("/agency/")
    assert response.status_code == 302
    assert "/login?next=%2Fagency%2F" in response.headers["Location"]


def test_password_change_requires_the_current_password(client, make):
    user = make.user("caseworker")
    login(client, user.email)
    response = client.form_post("/account/password", {
        "current_password": "wrong-password-123", "new_password": "A-new-long-password-1",
        "confirm": "A-new-long-password-1"})
    assert "Den nuværende adgangskode er forkert." in response.get_data(as_text=True)


def test_password_change_works_and_new_password_logs_in(client, make):
    user = make.user("caseworker")
    login(client, user.email)
    response = client.form_post("/account/password", {
        "current_password": PASSWORD, "new_password": "A-new-long-password-1",
        "confirm": "A-new-long-password-1"})
    assert response.status_code == 302
    client.form_post("/logout", page="/municipality/")
    response = login(client, user.email, "A-new-long-password-1")
    assert response.headers["Location"] == "/municipality/"


def test_too_short_new_password_is_refused_next_to_the_field(client, make):
    user = make.user("caseworker")
    login(client, user.email)
    response = client.form_post("/account/password", {
        "current_password": PASSWORD, "new_password": "short", "confirm": "short"})
    body = response.get_data(as_text=True)
    assert "Der er et problem" in body
    assert "mindst 12 tegn" in body


def test_caseworker_must_belong_to_a_municipality(app):
    from sqlalchemy.exc import IntegrityError

    from portal.extensions import db
    from portal.models import User

    with app.app_context():
        db.session.add(User(email="x@example.test", name="X", role=Role.CASEWORKER,
                            password_hash="x"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()

"""Admins create, disable and enable users and reset passwords."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, User
from tests.conftest import login
from tests.factories import PASSWORD


def test_admin_creates_a_caseworker_bound_to_a_municipality(client, login_as, app):
    login_as("admin")
    response = client.form_post("/admin/users/new", {
        "name": "Ny Sagsbehandler", "email": "New.Caseworker@Aarhus.example.dk",
        "role": "caseworker", "municipality": "101", "password": "A-long-initial-pass-1"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(
            select(User).where(User.email == "new.caseworker@aarhus.example.dk"))
        assert user.municipality.code == "101"
        assert user.password_hash.startswith("$argon2id$")


def test_creating_a_caseworker_without_municipality_is_refused_next_to_the_field(
        client, login_as):
    login_as("admin")
    response = client.form_post("/admin/users/new", {
        "name": "X", "email": "x@example.dk", "role": "caseworker", "municipality": "",
        "password": "A-long-initial-pass-1"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Der er et problem" in body
    assert "En sagsbehandler skal høre til en kommune." in body
    assert 'value="x@example.dk"' in body


def test_duplicate_email_is_refused(client, login_as, make):
    login_as("admin")
    other = make.user("agency")
    response = client.form_post("/admin/users/new", {
        "name": "X", "email": other.email, "role": "agency", "password": "A-long-initial-pass-1"})
    assert "findes allerede" in response.get_data(as_text=True)


def test_admin_disables_user_and_their_session_ends(client, login_as, make, app):
    victim = make.user("caseworker")
    app.test_client_class = type(client)
    victim_client = app.test_client()
    login(victim_client, victim.email)
    assert victim_client.get("/municipality/").status_code == 200

    login_as("admin")
    response = client.form_post(f"/admin/users/{victim.id}/active",
                                page=f"/admin/users/{victim.id}")
    assert response.status_code == 302
    assert victim_client.get("/municipality/").status_code == 302
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "user_disabled" in actions


def test_admin_resets_password_and_old_password_stops_working(client, login_as, make):
    target = make.user("caseworker")
    login_as("admin")
    response = client.form_post(f"/admin/users/{target.id}",
                                {"password": "A-brand-new-password-9"})
    assert response.status_code == 302
    client.form_post("/logout", page="/admin/")
    bad = client.form_post("/login", {"email": target.email, "password": PASSWORD})
    assert bad.status_code == 200
    good = login(client, target.email, "A-brand-new-password-9")
    assert good.headers["Location"] == "/municipality/"


def test_admin_pages_are_closed_to_other_roles(client, login_as):
    login_as("agency")
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/users/new").status_code == 403

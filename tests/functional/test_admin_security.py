"""Administrators reset a lost second factor; the user must enrol again."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, User
from tests.conftest import login
from tests.factories import PASSWORD


def test_admin_resets_a_lost_second_factor_and_the_user_must_enrol_again(client, make,
                                                                         login_as, app):
    staff = make.user("agency")
    app.test_client_class = type(client)
    staff_client = app.test_client()
    login(staff_client, staff.email)
    assert staff_client.get("/agency/").status_code == 200
    login_as("admin")
    page = client.get(f"/admin/users/{staff.id}").get_data(as_text=True)
    assert f"/admin/users/{staff.id}/totp-reset" in page
    response = client.form_post(f"/admin/users/{staff.id}/totp-reset",
                                page=f"/admin/users/{staff.id}")
    assert response.status_code == 302
    assert staff_client.get("/agency/").status_code == 302  # sessions ended
    with app.app_context():
        user = db.session.get(User, staff.id)
        assert (user.totp_enabled, user.totp_secret) == (False, None)
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "totp_reset"))
        db.session.remove()
    fresh = app.test_client()
    answer = fresh.form_post("/login", {"email": staff.email, "password": PASSWORD})
    assert answer.headers["Location"] == "/account/totp/setup"


def test_totp_reset_needs_a_token_and_the_admin_role(client, make, login_as):
    staff = make.user("agency")
    login_as("agency")
    assert client.form_post(f"/admin/users/{staff.id}/totp-reset",
                            page="/account").status_code == 403

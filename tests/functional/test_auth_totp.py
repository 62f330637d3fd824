"""The second factor: TOTP at login, enrolment with a server-drawn QR code, no replay,
lock-out after five wrong codes, required for agency staff and admins only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pyotp
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, User, UserSession
from portal.services.accounts import totp
from tests.conftest import login
from tests.factories import PASSWORD, TOTP_SECRET

ROOT = Path(__file__).resolve().parents[2]


def _password_step(client, user):
    return client.form_post("/login", {"email": user.email, "password": PASSWORD})


def _now_code(offset: int = 0) -> str:
    return totp.code_at(TOTP_SECRET, int(time.time() // 30) + offset)


def _without_totp(app, make, role):
    user = make.user(role)
    with app.app_context():
        row = db.session.get(User, user.id)
        row.totp_secret, row.totp_enabled = None, False
        db.session.commit()
        db.session.remove()
    return user


def _user(app, user_id) -> User:
    with app.app_context():
        db.session().expire_on_commit = False
        row = db.session.get(User, user_id)
        db.session.remove()
    return row


def test_agency_login_asks_for_a_code_and_is_not_logged_in_before_it(client, make, english):
    user = make.user("agency")
    response = _password_step(client, user)
    assert response.headers["Location"] == "/login/totp"
    assert client.get("/agency/").status_code == 302  # password alone is not enough
    page = client.get("/login/totp").get_data(as_text=True)
    assert "Enter your code" in page
    assert 'autocomplete="one-time-code"' in page
    response = client.form_post("/login/totp", {"code": _now_code()})
    assert response.headers["Location"] == "/agency/"
    assert client.get("/agency/").status_code == 200


def test_second_factor_gives_a_new_session_id(client, make):
    user = make.user("admin")
    _password_step(client, user)
    pending = client.get_cookie("portal_session").value
    client.form_post("/login/totp", {"code": _now_code()})
    assert client.get_cookie("portal_session").value != pending


def test_codes_of_the_neighbouring_steps_are_accepted_but_not_further(client, make):
    user = make.user("agency")
    _password_step(client, user)
    far = client.form_post("/login/totp", {"code": _now_code(-3)})
    assert far.status_code == 200
    previous = client.form_post("/login/totp", {"code": _now_code(-1)})
    assert previous.headers["Location"] == "/agency/"


def test_a_code_cannot_be_used_twice(client, make, english):
    user = make.user("agency")
    code = _now_code()
    with time_machine.travel(datetime.now(UTC), tick=False):
        _password_step(client, user)
        assert client.form_post("/login/totp", {"code": code}).status_code == 302
        client.form_post("/logout", page="/agency/")
        _password_step(client, user)
        again = client.form_post("/login/totp", {"code": code})
    assert again.status_code == 200
    assert "already been used" in again.get_data(as_text=True)
    assert client.get("/agency/").status_code == 302


def test_five_wrong_codes_end_the_pending_session(client, make, app, english):
    user = make.user("admin")
    _password_step(client, user)
    for _ in range(4):
        response = client.form_post("/login/totp", {"code": "000000"})
        assert response.status_code == 200
    response = client.form_post("/login/totp", {"code": "000000"}, follow_redirects=True)
    assert "Too many wrong codes" in response.get_data(as_text=True)
    # The session is gone: even the right code now leads back to the login page.
    assert client.get("/login/totp").headers["Location"] == "/login"
    with app.app_context():
        assert db.session.scalar(select(UserSession).where(UserSession.user_id == user.id)) \
            is None
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("totp_failed") == 4
    assert "totp_locked" in actions


def test_wrong_codes_letters_and_long_input_never_give_a_500(client, make):
    user = make.user("agency")
    _password_step(client, user)
    for code in ("abcdef", "12345", "١٢٣٤٥٦", "9" * 500, "", " 12 34 56 "):
        response = client.form_post("/login/totp", {"code": code})
        assert response.status_code == 200, code


def test_caseworker_and_drc_log_in_without_a_code_by_default(client, make):
    for role, start in (("caseworker", "/municipality/"), ("drc_adviser", "/drc/")):
        user = make.user(role)
        assert _password_step(client, user).headers["Location"] == start
        client.form_post("/logout", page=start)


def test_agency_user_without_a_secret_must_enrol_before_anything_else(client, make, app,
                                                                       english):
    user = _without_totp(app, make, "agency")
    response = _password_step(client, user)
    assert response.headers["Location"] == "/account/totp/setup"
    assert client.get("/agency/").status_code == 302
    page = client.get("/account/totp/setup").get_data(as_text=True)
    assert re.search(r'<img[^>]+src="data:image/png;base64,[A-Za-z0-9+/=]+"', page)
    assert 'alt="QR code for the authenticator app' in page
    secret = _user(app, user.id).totp_secret
    assert secret
    assert len(secret) >= 32  # 160 bits
    assert totp.grouped(secret) in page  # for typing by hand
    wrong = client.form_post("/account/totp/setup", {"code": "123456"})
    assert wrong.status_code == 200
    assert client.get("/agency/").status_code == 302
    code = totp.code_at(secret, int(time.time() // 30))
    done = client.form_post("/account/totp/setup", {"code": code})
    assert done.headers["Location"] == "/agency/"
    assert client.get("/agency/").status_code == 200
    assert _user(app, user.id).totp_enabled


def test_required_roles_are_configurable(client, make, app):
    app.config["MFA_REQUIRED_ROLES"] = ("agency", "admin", "caseworker")
    try:
        user = _without_totp(app, make, "caseworker")
        assert _password_step(client, user).headers["Location"] == "/account/totp/setup"
    finally:
        app.config["MFA_REQUIRED_ROLES"] = ("agency", "admin")


def test_caseworker_can_turn_the_second_factor_on_and_off(client, make, app, english):
    user = _without_totp(app, make, "caseworker")
    login(client, user.email)
    assert "Off" in client.get("/account").get_data(as_text=True)
    client.get("/account/totp/setup")
    secret = _user(app, user.id).totp_secret
    code = totp.code_at(secret, int(time.time() // 30))
    assert client.form_post("/account/totp/setup", {"code": code}).status_code == 302
    client.form_post("/logout", page="/account")
    assert _password_step(client, user).headers["Location"] == "/login/totp"
    client.form_post("/login/totp", {"code": totp.code_at(secret, int(time.time() // 30) + 1)})
    assert client.get("/municipality/").status_code == 200
    wrong = client.form_post("/account/totp/disable", {"password": "not-my-password"},
                             page="/account")
    assert "The password is wrong" in wrong.get_data(as_text=True)
    ok = client.form_post("/account/totp/disable", {"password": PASSWORD}, page="/account")
    assert ok.status_code == 302
    assert not _user(app, user.id).totp_enabled


def test_agency_staff_cannot_turn_the_required_second_factor_off(client, login_as, app):
    user = login_as("agency")
    page = client.get("/account").get_data(as_text=True)
    assert "/account/totp/disable" not in page
    token = client.csrf_token("/account/password")
    response = client.post("/account/totp/disable", data={"csrf_token": token,
                                                          "password": PASSWORD})
    assert response.status_code == 403
    assert _user(app, user.id).totp_enabled


def test_demo_accounts_use_the_documented_demo_secret_only_in_demo_data():
    from portal.demo import accounts

    assert len(accounts.DEMO_TOTP_SECRET) == 32
    assert totp.new_secret() != accounts.DEMO_TOTP_SECRET
    assert accounts.DEMO_TOTP_SECRET not in Path(totp.__file__).read_text(encoding="utf-8")


def test_new_secrets_are_32_base32_characters_that_plain_pyotp_accepts():
    secret = totp.new_secret()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert pyotp.TOTP(secret).now().isdigit()


def _rfc6238_code(secret: str, step: int) -> str:
    """The code computed by hand (RFC 4226/6238), for a secret that pyotp refuses."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0xF
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def test_a_secret_below_pyotps_112_bit_floor_matches_not_even_its_right_code():
    short = "JBSWY3DPEHPK3PXP"  # 80 bits, the demo secret of earlier versions
    now = time.time()
    assert totp.matching_counter(short, _rfc6238_code(short, int(now // 30)), now=now) is None
    # the same hand-made code is accepted for a secret of the length the portal hands out
    assert totp.matching_counter(TOTP_SECRET, _rfc6238_code(TOTP_SECRET, int(now // 30)),
                                 now=now) == int(now // 30)


def test_the_readme_totp_one_liner_prints_the_demo_accounts_current_code():
    from portal.demo import accounts

    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    command = re.search(r'`\.venv/bin/python -c "(import pyotp; [^"`]+)"`', readme)
    assert command, "the README has no TOTP one-liner"
    assert f"pyotp.TOTP('{accounts.DEMO_TOTP_SECRET}')" in command[1]
    before = int(time.time() // 30)
    printed = subprocess.run([sys.executable, "-c", command[1]], capture_output=True,
                             text=True, check=True, timeout=60).stdout.strip()
    after = int(time.time() // 30)
    assert printed in {totp.code_at(accounts.DEMO_TOTP_SECRET, step)
                       for step in range(before, after + 1)}

"""The second security round (issue 18), findings 3 and 14: reads are audited one row per
request, and the audit log is append-only in the database, not only in the application."""

from __future__ import annotations

import csv
import io
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from portal.auth import throttle
from portal.extensions import db, limiter
from portal.models import AuditEvent, Relation
from portal.services.accounts import audit, audit_retention, retention
from portal.workflow import Status
from tests.agency_helpers import make_request
from tests.conftest import PortalClient, login
from tests.filing_helpers import location_id, start_request, step_url


def _rows(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                  .order_by(AuditEvent.id)).all()
        db.session.expunge_all()
        db.session.remove()
    return list(rows)


# --- finding 3: the audit log misses reads --------------------------------------------------

def test_finding_3_the_person_edit_form_writes_one_row_tied_to_the_person(app, client, make,
                                                                          login_as):
    login_as("caseworker")
    case = make.case(family=True)
    person = case.persons[1]
    page = client.get(f"/municipality/cases/{case.id}/persons/{person.id}/edit")
    assert "201187-4562" in page.get_data(as_text=True)  # the full CPR is on the form
    rows = _rows(app, "view_person_form")
    assert [(r.case_id, r.person_id, r.case_reference) for r in rows] == [
        (case.id, person.id, case.reference)]
    assert "4562" not in rows[0].detail


def test_finding_3_wizard_steps_the_check_and_the_confirmation_page_write_one_row_each(
        app, client, make, login_as):
    user = login_as("caseworker")
    case = make.case()
    request_id = location_id(start_request(client, case.id, "flexible_payment"),
                             r"/requests/(\d+)/")
    client.get(step_url(request_id, "travellers"))
    client.get(f"/municipality/requests/{request_id}/check")
    submitted = make_request(app, make, status=Status.SUBMITTED, caseworker=user)
    client.get(f"/municipality/requests/{submitted.request_id}/confirmation")
    steps = _rows(app, "view_draft_step")
    assert [(r.request_id, r.case_id, r.detail) for r in steps] == [
        (request_id, case.id, "step=travellers")]
    assert [r.request_id for r in _rows(app, "view_check")] == [request_id]
    assert [(r.request_id, r.case_id) for r in _rows(app, "view_confirmation")] == [
        (submitted.request_id, submitted.case_id)]


def test_finding_3_a_redirect_shows_nothing_and_writes_no_read_row(app, client, make, login_as):
    login_as("caseworker")
    case = make.case()
    request_id = location_id(start_request(client, case.id, "flexible_payment"),
                             r"/requests/(\d+)/")
    client.get(f"/municipality/requests/{request_id}/confirmation")  # a draft: redirected
    assert _rows(app, "view_confirmation") == []


def test_finding_3_the_case_list_writes_one_row_whatever_it_shows_and_no_cpr(app, client,
                                                                             make, login_as):
    login_as("caseworker")
    for _ in range(3):
        make.case()
    client.get("/municipality/")
    client.form_post("/municipality/", {"q": "170580-1234"}, page="/account")
    client.get("/municipality/")
    rows = _rows(app, "view_case_list")
    assert [r.detail for r in rows] == ["", "q=170580-xxxx"]
    assert all(r.case_id is None and r.organisation == "municipality:751" for r in rows)


def test_finding_3_the_agency_queue_writes_one_row_with_its_filters(app, client, make,
                                                                   login_as):
    login_as("agency")
    for _ in range(3):
        make_request(app, make, status=Status.SUBMITTED)
    client.get("/agency/?status=submitted&kind=flexible_payment")
    rows = _rows(app, "view_queue")
    assert [r.detail for r in rows] == ["kind=flexible_payment status=submitted"]


def test_finding_3_the_payouts_page_writes_one_row(app, client, login_as):
    user = login_as("agency")
    client.get("/agency/payouts")
    assert [(r.user_id, r.role) for r in _rows(app, "view_payouts")] == [(user.id, "agency")]


def test_finding_3_the_audit_log_pages_and_searches_are_audited_with_masked_criteria(
        app, client, login_as):
    login_as("admin")
    client.get("/admin/audit?action=login&user_email=someone@example.dk"
               "&case_reference=1705801234&page=2")
    client.get("/admin/audit/persons")
    searched = _rows(app, "view_audit_log")
    assert [r.detail for r in searched] == [
        "action=login case_reference=170580-xxxx page=2 user_email=someone@example.dk"]
    assert [r.detail for r in _rows(app, "view_audit_persons")] == [""]


def test_finding_3_a_refusal_by_role_writes_a_row_with_the_route_only(app, client, make,
                                                                     login_as):
    user = login_as("caseworker")
    case = make.case()
    response = client.get("/agency/payouts")
    assert response.status_code == 403
    client.get(f"/admin/audit/persons?case_reference={case.reference}")
    rows = _rows(app, "access_refused")
    assert [(r.user_id, r.role, r.detail) for r in rows] == [
        (user.id, "caseworker", "endpoint=agency.payouts method=GET"),
        (user.id, "caseworker", "endpoint=admin.audit_persons method=GET")]


def test_finding_3_a_drc_look_up_with_several_results_is_in_each_persons_export(
        app, client, make, login_as):
    namesake = {"full_name": "Omar Haddad", "birth_date": date(1980, 5, 17),
                "relation": Relation.APPLICANT, "cpr": "1705801234"}
    first = make_request(app, make, status=Status.SUBMITTED, persons=[namesake])
    second = make_request(app, make, status=Status.SUBMITTED, persons=[
        {**namesake, "cpr": "1705801242"},
        {"full_name": "Hala Haddad", "birth_date": date(2015, 1, 2),
         "relation": Relation.CHILD, "cpr": None}])
    login_as("drc_adviser")
    client.form_post("/drc/", {"name": "omar haddad", "birth_date": "1980-05-17"})
    client.get("/drc/")
    lookups = _rows(app, "drc_lookup")
    assert [(r.case_id, r.detail) for r in lookups] == [(None, "by=name_and_birth_date results=2")]
    with app.app_context():
        from portal.models import Person

        persons = db.session.scalars(select(Person).where(
            Person.case_id.in_([first.case_id, second.case_id]))).all()
        ids = [p.id for p in persons]
        db.session.remove()
    assert len(ids) == 3
    client.post("/logout", data={"csrf_token": client.csrf_token("/account")})
    login_as("admin")
    for person_id in ids:
        exported = client.get(f"/admin/audit/persons/{person_id}/export.csv")
        table = list(csv.reader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff")),
                                delimiter=";"))
        assert [row[7] for row in table[1:]].count("drc_lookup") == 1, person_id


# --- finding 14: the audit log is append-only in the database -------------------------------

def _one_row(app) -> int:
    with app.app_context():
        event = audit.record("login_failed", user=None)
        db.session.commit()
        event_id = event.id
        db.session.remove()
    return event_id


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET action = 'nothing' WHERE id = :id",
    "DELETE FROM audit_events WHERE id = :id",
])
def test_finding_14_the_database_refuses_to_change_or_delete_an_audit_row(app, statement):
    """Past the application (plain SQL on the connection): the trigger of migration 0013
    refuses, on PostgreSQL and on SQLite alike."""
    event_id = _one_row(app)
    with app.app_context():
        with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as connection:
            connection.execute(text(statement), {"id": event_id})
        assert db.session.scalar(select(AuditEvent.action).where(
            AuditEvent.id == event_id)) == "login_failed"
        db.session.remove()


def test_finding_14_retention_purges_old_audit_rows_through_the_audited_function(app, make):
    with app.app_context():
        old = AuditEvent(action="login", created_at=datetime.now(UTC) - timedelta(days=800))
        recent = AuditEvent(action="login", created_at=datetime.now(UTC) - timedelta(days=10))
        db.session.add_all([old, recent])
        db.session.commit()
        old_id, recent_id = old.id, recent.id
        dry = retention.apply(365, dry_run=True, audit_days=700)
        db.session.rollback()
        result = retention.apply(365, audit_days=700)
        db.session.commit()
        left = set(db.session.scalars(select(AuditEvent.id)))
        purges = db.session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == audit_retention.PURGE_ACTION)).all()
        db.session.remove()
    assert (dry.audit_events, result.audit_events) == (1, 1)
    assert recent_id in left
    assert old_id not in left
    assert [p.rsplit(" ", 1)[-1] for p in purges] == ["rows=1"]


def test_finding_14_the_retention_command_reports_the_audit_rows_it_purged(app):
    app.config["AUDIT_RETENTION_DAYS"] = 30
    try:
        output = app.test_cli_runner().invoke(args=["retention", "--dry-run"]).output
    finally:
        app.config["AUDIT_RETENTION_DAYS"] = 6 * 365
    assert "0 audit row(s) older than 30 days" in output


def test_finding_14_admin_actions_record_the_admins_organisation(app, client, make, login_as):
    login_as("admin")
    target = make.user("agency")
    client.form_post(f"/admin/users/{target.id}/active", {}, page=f"/admin/users/{target.id}")
    rows = _rows(app, "user_disabled")
    assert [(r.role, r.organisation) for r in rows] == [("admin", "agency:admin")]
    with app.app_context():
        from portal.models import User

        organisations = {u.role.value: u.organisation for u in db.session.scalars(select(User))}
        db.session.remove()
    assert organisations == {"admin": "agency:admin", "agency": "agency"}


# --- finding 4: anyone can lock an account out ----------------------------------------------

@pytest.fixture
def throttled(app):
    """The login throttle on, with empty counters, for one test."""
    saved = {key: app.config[key] for key in (
        "LOGIN_LIMIT_PER_ACCOUNT_AND_IP", "LOGIN_LIMIT_PER_IP", "LOGIN_BURST")}
    app.config["RATELIMIT_ENABLED"] = True
    limiter.reset()
    yield app
    app.config.update(RATELIMIT_ENABLED=False, **saved)
    limiter.reset()


def _client_at(app, address: str):
    client = PortalClient(app, app.response_class, use_cookies=True)
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _wrong(client, email: str):
    return client.form_post("/login", {"email": email, "password": "wrong-guess-1"},
                            page="/login")


def _trusted_device(app, make, address: str):
    """A caseworker who has logged in on this device before (and logged out since)."""
    user = make.user("caseworker")
    device = _client_at(app, address)
    assert login(device, user.email).status_code == 302
    assert device.get_cookie(throttle.DEVICE_COOKIE) is not None
    device.form_post("/logout", page="/municipality/")
    return user, device


@pytest.mark.parametrize("attacker_address", ["10.0.0.2", "10.0.0.1"],
                         ids=["another IP", "the same office IP"])
def test_finding_4_the_right_password_works_from_a_trusted_device_after_50_wrong_attempts(
        app, make, throttled, attacker_address):
    user, device = _trusted_device(app, make, "10.0.0.1")
    attacker = _client_at(app, attacker_address)
    statuses = [_wrong(attacker, user.email).status_code for _ in range(50)]
    assert statuses == [200] * 3 + [429] * 47
    assert login(device, user.email).status_code == 302
    assert device.get("/municipality/").status_code == 200
    # A browser without the cookie at the attacker's address is still held back.
    assert login(_client_at(app, attacker_address), user.email).status_code == 429


def test_finding_4_a_device_cookie_for_another_account_or_forged_does_not_count(app, make,
                                                                                throttled):
    _, device = _trusted_device(app, make, "10.0.0.1")
    other = make.user("caseworker")
    statuses = [_wrong(device, other.email).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    forged = _client_at(app, "10.0.0.3")
    forged.set_cookie(throttle.DEVICE_COOKIE, device.get_cookie(throttle.DEVICE_COOKIE).value
                      + "x")
    assert [_wrong(forged, other.email).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_finding_4_a_429_says_when_to_try_again_in_retry_after(app, make, client, throttled):
    user = make.user("caseworker")
    for _ in range(3):
        _wrong(client, user.email)
    refused = _wrong(client, user.email)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60


def test_finding_4_the_delay_grows_with_each_rung_of_failures(app, make, client, throttled):
    app.config["LOGIN_LIMIT_PER_ACCOUNT_AND_IP"] = "2 per 2 seconds; 4 per hour"
    user = make.user("caseworker")
    assert [_wrong(client, user.email).status_code for _ in range(3)] == [200, 200, 429]
    first_wait = int(_wrong(client, user.email).headers["Retry-After"])
    time.sleep(2.2)
    assert [_wrong(client, user.email).status_code for _ in range(3)] == [200, 200, 429]
    second_wait = int(_wrong(client, user.email).headers["Retry-After"])
    assert first_wait <= 2
    assert second_wait > 3000


def test_finding_4_a_burst_of_failures_makes_one_audit_event_admins_can_filter(
        app, make, client, throttled, english):
    app.config["LOGIN_BURST"] = "5 per 10 minutes"
    user = make.user("caseworker")
    for n in range(8):  # from eight addresses, so no address alone makes a burst
        _wrong(_client_at(app, f"10.0.1.{n}"), user.email)
    rows = _rows(app, throttle.BURST_ACTION)
    assert [(r.role, r.detail, r.ip_address) for r in rows] == [
        ("anonymous", f"scope=account account={user.id} failures=5 per 10 minutes",
         "10.0.1.4")]
    assert len(_rows(app, "login_failed")) == 8
    login_as_admin = make.user("admin")
    login(client, login_as_admin.email)
    page = client.get(f"/admin/audit?action={throttle.BURST_ACTION}").get_data(as_text=True)
    assert f'<option selected value="{throttle.BURST_ACTION}">' in page \
        or f'value="{throttle.BURST_ACTION}" selected' in page
    assert f"account={user.id}" in page

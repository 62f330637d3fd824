"""The second security round (issue 18), findings 3 and 14: reads are audited one row per
request, and the audit log is append-only in the database, not only in the application."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from portal.extensions import db
from portal.models import AuditEvent, Relation
from portal.services.accounts import audit, audit_retention, retention
from portal.workflow import Status
from tests.agency_helpers import make_request
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


def test_finding_3_a_redirect_or_a_save_writes_no_extra_read_row(app, client, make, login_as):
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
        with pytest.raises(DatabaseError, match="append-only"):
            with db.engine.begin() as connection:
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
    assert recent_id in left and old_id not in left
    assert len(purges) == 1 and purges[0].endswith(" rows=1")


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

"""The audit log is append-only, searchable by administrators, and exportable for one
person (who looked them up) as a Danish-Excel CSV; the export is itself audited."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Case, Person
from portal.services.accounts import audit


def _events(app, **where):
    with app.app_context():
        stmt = select(AuditEvent).order_by(AuditEvent.id)
        for key, value in where.items():
            stmt = stmt.where(getattr(AuditEvent, key) == value)
        rows = db.session.scalars(stmt).all()
        db.session.expunge_all()
        db.session.remove()
    return rows


def _write(app, case_id, action, *, person=False, when=None):
    with app.app_context():
        case = db.session.get(Case, case_id)
        event = audit.record(action, case=case, person=case.persons[0] if person else None)
        if when is not None:
            event.created_at = when
        db.session.commit()
        db.session.remove()


def test_audit_rows_cannot_be_changed_through_the_orm(app, make):
    case = make.case()
    _write(app, case.id, "case_viewed")
    with app.app_context():
        row = db.session.scalar(select(AuditEvent))
        row.action = "nothing_happened"
        with pytest.raises(audit.AuditLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()


def test_audit_rows_cannot_be_deleted_through_the_orm(app, make):
    case = make.case()
    _write(app, case.id, "case_viewed")
    with app.app_context():
        db.session.delete(db.session.scalar(select(AuditEvent)))
        with pytest.raises(audit.AuditLogIsAppendOnly):
            db.session.flush()
        db.session.rollback()
    assert len(_events(app)) == 1


def test_audit_row_says_who_role_organisation_case_action_and_when(app, make, client,
                                                                   login_as):
    admin = login_as("admin")
    case = make.case()
    client.get(f"/admin/audit/persons?case_reference={case.reference}")
    row = _events(app, action="audit_person_lookup")[0]
    assert (row.user_id, row.user_email, row.role, row.organisation) == (
        admin.id, admin.email, "admin", "agency:admin")
    assert (row.case_id, row.case_reference) == (case.id, case.reference)
    assert abs(row.created_at - datetime.now(UTC)) < timedelta(minutes=5)


def test_admin_searches_the_log_by_case_user_action_and_dates(app, make, client, login_as,
                                                              english):
    login_as("admin")
    one, other = make.case(), make.case(municipality_code="101")
    old = datetime(2025, 1, 10, 12, tzinfo=UTC)
    _write(app, one.id, "case_viewed", when=old)
    _write(app, one.id, "person_viewed", person=True)
    _write(app, other.id, "case_viewed")

    def found(**args):
        response = client.get("/admin/audit", query_string=args)
        assert response.status_code == 200
        return response.get_data(as_text=True)

    body = found(case_reference=one.reference.lower())
    assert "2 events found" in body
    assert other.reference not in body
    assert "1 events found" in found(case_reference=one.reference, action="person_viewed")
    assert "1 events found" in found(date_from="2025-01-01", date_to="2025-01-31")
    assert "1 events found" in found(date_from="2025-01-10", date_to="2025-01-10")
    assert "0 events found" in found(date_from="9999-12-31", date_to="9999-12-31")
    person_id = _events(app, action="person_viewed")[0].person_id
    assert "1 events found" in found(person_id=str(person_id))
    bad = found(date_from="2025-02-01", date_to="2025-01-01")
    assert "The end date must be on or after the start date." in bad
    assert "Not a valid date value" in found(date_from="31-02-2025")
    assert found(person_id="abc")  # no 500 on letters


def test_audit_search_paginates(app, make, client, login_as, english):
    login_as("admin")
    case = make.case()
    with app.app_context():
        c = db.session.get(Case, case.id)
        for _ in range(audit.PAGE_SIZE + 5):
            audit.record("case_viewed", case=c)
        db.session.commit()
        db.session.remove()
    first = client.get("/admin/audit", query_string={"case_reference": case.reference})
    body = first.get_data(as_text=True)
    assert f"{audit.PAGE_SIZE + 5} events found" in body
    assert body.count("<tr>") == audit.PAGE_SIZE + 1
    assert "Page 1 of 2" in body
    second = client.get("/admin/audit", query_string={"case_reference": case.reference,
                                                       "page": 2}).get_data(as_text=True)
    assert second.count("<tr>") == 5 + 1
    assert client.get("/admin/audit?page=abc").status_code == 200


def test_audit_search_counts_only_up_to_a_cap(app, make, client, login_as, english,
                                              monkeypatch):
    """The log grows by a row per page view; beyond the cap the page says "more than" and
    pages only that far, instead of counting the whole table on every view."""
    login_as("admin")
    case = make.case()
    with app.app_context():
        c = db.session.get(Case, case.id)
        for _ in range(12):
            audit.record("case_viewed", case=c)
        db.session.commit()
        db.session.remove()
    monkeypatch.setattr(audit, "COUNT_CAP", 10)
    body = client.get("/admin/audit", query_string={"case_reference": case.reference}
                      ).get_data(as_text=True)
    assert "More than 10 events found" in body
    assert body.count("<tr>") == 12 + 1  # the page itself still shows every row it holds
    monkeypatch.setattr(audit, "COUNT_CAP", 12)
    exact = client.get("/admin/audit", query_string={"case_reference": case.reference}
                       ).get_data(as_text=True)
    assert "12 events found" in exact
    assert "More than" not in exact
    actions = client.get("/admin/audit").get_data(as_text=True)
    assert '<option value="case_viewed">case_viewed</option>' in actions


def test_export_for_one_person_lists_who_looked_them_up_and_is_audited(app, make, client,
                                                                       login_as):
    admin = login_as("admin")
    case = make.case(family=True)
    reader = make.user("caseworker")
    with app.app_context():
        c = db.session.get(Case, case.id)
        target, sibling = c.persons[0], c.persons[1]
        audit.record("person_viewed", person=target, user=reader)
        audit.record("person_viewed", person=sibling, user=reader)
        audit.record("case_viewed", case=c, user=reader)
        db.session.commit()
        target_id = target.id
        db.session.remove()
    page = client.get(f"/admin/audit/persons?case_reference={case.reference}")
    assert f"/admin/audit/persons/{target_id}/export.csv" in page.get_data(as_text=True)
    response = client.get(f"/admin/audit/persons/{target_id}/export.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Danish Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["when", "user", "role"]
    actions = [(r[1], r[7]) for r in rows[1:]]
    assert (reader.email, "person_viewed") in actions
    assert (reader.email, "case_viewed") in actions  # the whole case was seen
    assert len([a for a in actions if a[1] == "person_viewed"]) == 1  # not the sibling's
    export = _events(app, action="audit_export_person")
    assert len(export) == 1
    assert export[0].person_id == target_id
    assert export[0].user_id == admin.id
    with app.app_context():
        assert db.session.get(Person, target_id).cpr.encode() not in raw


def test_export_cells_cannot_start_a_formula():
    assert audit._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert audit._cell("@x") == "'@x"
    assert audit._cell("case_viewed") == "case_viewed"


def test_unknown_person_and_other_roles_are_refused(client, login_as):
    login_as("admin")
    assert client.get("/admin/audit/persons/999999/export.csv").status_code == 404
    client.form_post("/logout", page="/admin/")
    login_as("agency")
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit/persons/1/export.csv").status_code == 403


def test_bulk_update_and_delete_of_audit_rows_are_refused(app, make):
    from sqlalchemy import delete, update

    case = make.case()
    _write(app, case.id, "case_viewed")
    with app.app_context():
        with pytest.raises(audit.AuditLogIsAppendOnly):
            db.session.execute(update(AuditEvent).values(action="x"))
        with pytest.raises(audit.AuditLogIsAppendOnly):
            db.session.execute(delete(AuditEvent))
        db.session.rollback()
        db.session.remove()
    assert [e.action for e in _events(app)] == ["case_viewed"]

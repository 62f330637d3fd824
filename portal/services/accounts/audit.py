"""Write audit rows in the same transaction as the read or change they describe."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import and_, event, func, insert, or_, select
from sqlalchemy.orm import Session

from portal.db import distinct_values
from portal.extensions import db
from portal.models import AuditEvent, AuditSubject
from portal.rules import mask_cpr_in_text


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or remove a written audit row."""


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditSubject, "before_update")
def _refuse_update(_mapper, _connection, target):
    raise AuditLogIsAppendOnly(f"audit row {target.id} cannot be changed")


@event.listens_for(AuditEvent, "before_delete")
@event.listens_for(AuditSubject, "before_delete")
def _refuse_delete(_mapper, _connection, target):
    raise AuditLogIsAppendOnly(f"audit row {target.id} cannot be deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state):
    """ORM bulk update(AuditEvent) / delete(AuditEvent) skip the mapper events: refuse them."""
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ in (AuditEvent, AuditSubject):
        raise AuditLogIsAppendOnly("audit events cannot be changed or deleted in bulk")


#: Key in flask.g: the number of audit rows this request has written (see audit_reads).
ROWS_THIS_REQUEST = "audit_rows"


def record(action: str, *, case=None, person=None, request_obj=None, detail: str = "",
           user=None, subjects=()) -> AuditEvent:
    """Who (user, role, organisation), which case/person/request, what, when.

    `subjects` are further persons the row is about (each tied by its case and person id).
    A CPR-shaped number in `detail` is masked: no audit row holds a CPR number in clear.
    """
    user = user if user is not None else (current_user if has_request_context() else None)
    authenticated = bool(user is not None and getattr(user, "is_authenticated", False))
    if case is None and request_obj is not None:
        case = request_obj.case
    if case is None and person is not None:
        case = person.case
    event = AuditEvent(
        user_id=user.id if authenticated else None,
        user_email=user.email if authenticated else "",
        role=str(user.role) if authenticated else "anonymous",
        organisation=user.organisation if authenticated else "",
        case_id=case.id if case is not None else None,
        case_reference=(case.reference or "") if case is not None else "",
        person_id=person.id if person is not None else None,
        request_id=request_obj.id if request_obj is not None else None,
        action=action,
        detail=mask_cpr_in_text(detail)[:500],
        ip_address=(request.remote_addr or "") if has_request_context() else "",
    )
    db.session.add(event)
    if subjects:  # one INSERT for them all, whatever their number
        db.session.flush()
        db.session.execute(insert(AuditSubject), [
            {"event_id": event.id, "case_id": p.case_id, "person_id": p.id} for p in subjects])
    if has_request_context():
        setattr(g, ROWS_THIS_REQUEST, g.get(ROWS_THIS_REQUEST, 0) + 1)
    return event


# --- Reading the log (administrators) ------------------------------------------------------

PAGE_SIZE = 50
COUNT_CAP = 10_000  # "more than 10,000 events": narrow the search to see them all


@dataclass(frozen=True)
class AuditFilter:
    case_reference: str = ""
    person_id: int | None = None
    user_email: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _conditions(flt: AuditFilter) -> list:
    conditions = []
    if flt.case_reference:
        conditions.append(AuditEvent.case_reference == flt.case_reference.strip().upper())
    if flt.person_id is not None:
        conditions.append(AuditEvent.person_id == flt.person_id)
    if flt.user_email:
        conditions.append(AuditEvent.user_email == flt.user_email.strip().lower())
    if flt.action:
        conditions.append(AuditEvent.action == flt.action.strip())
    if flt.date_from:
        conditions.append(AuditEvent.created_at >= _day_start(flt.date_from))
    if flt.date_to:
        # the end of the day itself, not the next day's start: 31-12-9999 has no next day
        day_end = datetime.combine(flt.date_to, time.max, tzinfo=UTC)
        conditions.append(AuditEvent.created_at <= day_end)
    return conditions


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def search(flt: AuditFilter, *, page: int = 1, per_page: int = PAGE_SIZE):
    """One page of matching events, newest first, and the number of matches counted up to
    COUNT_CAP + 1 (the log gains a row per page view: an exact count would read it all)."""
    conditions = _conditions(flt)
    matches = select(AuditEvent.id).where(*conditions).limit(COUNT_CAP + 1).subquery()
    total = db.session.scalar(select(func.count()).select_from(matches))
    page = max(1, page)
    rows = db.session.scalars(
        select(AuditEvent).where(*conditions)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return rows, total or 0


def actions() -> list[str]:
    """The actions present in the log, for the filter (read through the action index)."""
    return sorted(db.session.scalars(distinct_values(AuditEvent.action)))


def persons_in_case(reference: str):
    """The persons of the case with this reference (for choosing whose log to export)."""
    from portal.models import Case, Person

    persons = list(db.session.scalars(
        select(Person).join(Case).where(Case.reference == reference.strip().upper())
        .order_by(Person.position)))
    if persons:
        record("audit_person_lookup", case=persons[0].case)
    return persons


def get_person(person_id: int):
    from portal.models import Person

    return db.session.get(Person, person_id)


def events_about_person(person) -> list[AuditEvent]:
    """Every event naming the person (also as one of several, like a DRC look-up with
    several results), and the case-wide events of their case."""
    return list(db.session.scalars(
        select(AuditEvent).where(or_(
            AuditEvent.person_id == person.id,
            and_(AuditEvent.person_id.is_(None), AuditEvent.case_id == person.case_id),
            AuditEvent.id.in_(select(AuditSubject.event_id)
                              .where(AuditSubject.person_id == person.id)),
        )).order_by(AuditEvent.created_at, AuditEvent.id)))


def _cell(value) -> str:
    """No formula injection: a text cell never starts with =, +, - or @ in Excel."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_COLUMNS = ("when", "user", "role", "organisation", "case", "person", "request", "action",
               "detail")


def export_person_csv(person) -> bytes:
    """Who looked the person up: a CSV for Danish Excel (UTF-8 BOM, semicolons); audited."""
    rows = events_about_person(person)
    record("audit_export_person", person=person, detail=f"rows={len(rows)}")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_cell(value) for value in (
            row.created_at.isoformat(timespec="seconds"), row.user_email, row.role,
            row.organisation, row.case_reference, row.person_id or "", row.request_id or "",
            row.action, row.detail,
        )])
    return ("\ufeff" + out.getvalue()).encode("utf-8")

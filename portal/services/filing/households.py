"""Household cases and their persons: create, edit, list and read, always audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from babel import Locale
from flask import abort
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, exists, func, or_, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import selectinload

from portal import rules
from portal.db import LIKE_ESCAPE, like_pattern
from portal.extensions import db
from portal.models import (
    Case,
    CaseKind,
    Person,
    Relation,
    Request,
    RequestKind,
    Role,
    StatusEvent,
)
from portal.services import versioning
from portal.services.accounts import access, audit
from portal.workflow import Status

MAX_PERSONS = 30
PAGE_SIZE = 25


class HouseholdError(Exception):
    """A change the rules refuse; ``field`` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CaseInput:
    destination_country: str
    kind: CaseKind
    planned_departure: date | None


@dataclass(frozen=True)
class PersonInput:
    full_name: str
    cpr: str | None
    birth_date: date | None
    nationality: str
    danish_citizen: bool
    passport_number: str
    passport_country: str | None
    passport_expiry: date | None
    relation: Relation
    phone: str


def country_choices(locale: str | None = None) -> list[tuple[str, str]]:
    """Babel's territories (two-letter codes only) in the user's language, sorted by name."""
    loc = Locale.parse(locale or str(get_locale()))
    skip = {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"}
    pairs = [(code, name) for code, name in loc.territories.items()
             if len(code) == 2 and code.isalpha() and code not in skip]
    return sorted(pairs, key=lambda pair: pair[1].casefold())


def resolve_birth_date(cpr_text: str | None, birth_date: date | None) -> tuple[str | None, date]:
    """The CPR fills in the birth date; if both are given they must agree."""
    cpr = None
    if cpr_text and cpr_text.strip():
        try:
            parsed = rules.parse_cpr(cpr_text)
        except ValueError as exc:
            raise HouseholdError(_(str(exc)), "cpr") from None
        cpr = parsed.digits
        if birth_date is None:
            birth_date = parsed.birth_date
        elif birth_date != parsed.birth_date:
            raise HouseholdError(
                _("The CPR number says the person was born on %(date)s, but the birth date "
                  "says otherwise. Correct one of them.", date=parsed.birth_date.isoformat()),
                "cpr")
    if birth_date is None:
        raise HouseholdError(_("Enter the birth date, or a CPR number."), "birth_date")
    if birth_date > date.today():
        raise HouseholdError(_("The birth date cannot be in the future."), "birth_date")
    return cpr, birth_date


def _apply_person(person: Person, data: PersonInput) -> None:
    cpr, birth_date = resolve_birth_date(data.cpr, data.birth_date)
    person.full_name = data.full_name.strip()[:200]
    person.cpr = cpr
    person.birth_date = birth_date
    person.nationality = data.nationality
    person.danish_citizen = data.danish_citizen
    person.passport_number = (data.passport_number or "").strip()[:40]
    person.passport_country = data.passport_country or None
    person.passport_expiry = data.passport_expiry
    person.relation = data.relation
    person.phone = (data.phone or "").strip()[:40]


def _check_case(data: CaseInput) -> None:
    """A departure not in the past; flexible payment only to the countries allowed."""
    if data.planned_departure is not None and data.planned_departure < date.today():
        raise HouseholdError(_("The planned departure date cannot be in the past."),
                             "planned_departure")
    if data.kind is CaseKind.FLEXIBLE_PAYMENT:
        from portal.formatting import country_name
        from portal.services.filing.submission import allowed_flexible_countries

        allowed = allowed_flexible_countries()
        if data.destination_country not in allowed:
            raise HouseholdError(_(
                "Flexible payment is only possible to %(countries)s. Change the destination or "
                "choose ordinary repatriation.",
                countries=", ".join(country_name(code) for code in allowed)),
                "destination_country")


def create_case(user, case_data: CaseInput, first_person: PersonInput) -> Case:
    """A new case for the user's own municipality, with its first person (the applicant)."""
    _check_case(case_data)
    case = Case(municipality_id=user.municipality_id, created_by_id=user.id,
                destination_country=case_data.destination_country, kind=case_data.kind,
                planned_departure=case_data.planned_departure)
    person = Person(position=0)
    _apply_person(person, first_person)
    case.persons.append(person)
    db.session.add(case)
    db.session.flush()
    case.reference = Case.make_reference(case.created_at.year, case.id)
    audit.record("create_case", case=case, user=user)
    return case


def update_case(case: Case, data: CaseInput, user, *, expected_version=None) -> None:
    """`expected_version` is the version the form was built from (None: not from a form)."""
    if expected_version is not None:
        versioning.check(case, expected_version, asdict(data))
    _require_editable(case)
    _check_case(data)
    case.destination_country = data.destination_country
    case.kind = data.kind
    case.planned_departure = data.planned_departure
    audit.record("update_case", case=case, user=user)


def _require_editable(case: Case) -> None:
    if any(r.status not in (Status.DRAFT, Status.AWAITING_MUNICIPALITY, Status.WITHDRAWN)
           for r in case.requests):
        raise HouseholdError(_("The case has a submitted request, so its details can only be "
                               "changed when the agency asks for it. Call the hotline."))


def add_person(case: Case, data: PersonInput, user) -> Person:
    _require_editable(case)
    if len(case.persons) >= MAX_PERSONS:
        raise HouseholdError(_("A case can hold at most %(max)s persons.", max=MAX_PERSONS))
    person = Person(position=max((p.position for p in case.persons), default=-1) + 1)
    _apply_person(person, data)
    case.persons.append(person)
    db.session.flush()
    audit.record("add_person", case=case, person=person, user=user)
    return person


def update_person(person: Person, data: PersonInput, user, *, expected_version=None) -> None:
    """`expected_version` is the version the form was built from (None: not from a form)."""
    if expected_version is not None:
        cpr, birth_date = resolve_birth_date(data.cpr, data.birth_date)
        versioning.check(person, expected_version,
                         {**asdict(data), "cpr": cpr, "birth_date": birth_date})
    _require_editable(person.case)
    _apply_person(person, data)
    audit.record("update_person", case=person.case, person=person, user=user)


def remove_person(person: Person, user) -> None:
    case = person.case
    _require_editable(case)
    if len(case.persons) <= 1:
        raise HouseholdError(_("A case must hold at least one person."))
    audit.record("remove_person", case=case, user=user, detail=f"person={person.id}")
    case.persons.remove(person)
    db.session.flush()


# --- Reading --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RequestRow:
    """What the case list shows of a request."""

    id: int
    kind: RequestKind
    status: Status


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One line of the case list: the displayed columns only, no object graph."""

    id: int
    reference: str | None
    destination_country: str
    kind: CaseKind
    planned_departure: date | None
    applicant_name: str
    person_count: int
    requests: list[RequestRow]


def _case_list_statement(search: bool) -> Select:
    """The case list's select: the displayed columns, the applicant's name (else the first
    person's) and the number of persons."""
    not_applicant = sql_case((Person.relation == Relation.APPLICANT, 0), else_=1)
    applicant = (select(Person.full_name).where(Person.case_id == Case.id)
                 .order_by(not_applicant, Person.position, Person.id).limit(1)
                 .correlate(Case).scalar_subquery())
    person_count = (select(func.count(Person.id))  # returnees: an escort comes back
                    .where(Person.case_id == Case.id, Person.relation != Relation.ESCORT)
                    .correlate(Case).scalar_subquery())
    stmt = (select(Case.id, Case.reference, Case.destination_country, Case.kind,
                   Case.planned_departure, applicant, person_count)
            .where(Case.municipality_id == bindparam("municipality_id"))
            .order_by(Case.created_at.desc(), Case.id.desc())
            .limit(bindparam("limit")).offset(bindparam("offset")))
    if search:
        pattern = bindparam("pattern")
        stmt = stmt.where(or_(
            func.lower(Case.reference).like(pattern, escape=LIKE_ESCAPE),
            exists().where(Person.case_id == Case.id,
                           func.lower(Person.full_name).like(pattern, escape=LIKE_ESCAPE)),
        ))
    return stmt


def _case_list_requests_statement() -> Select:
    return (select(Request.case_id, Request.id, Request.kind, Request.status)
            .where(Request.case_id.in_(bindparam("case_ids", expanding=True)))
            .order_by(Request.id))


def list_cases(user, *, query: str = "", page: int = 1) -> tuple[list[CaseRow], bool]:
    """The municipality's cases, newest first, 25 per page; two statements for any page:
    the cases with their applicant and number of persons, then the requests of those cases."""
    page = max(1, page)
    query = (query or "").strip()[:100]
    params = {"municipality_id": user.municipality_id, "limit": PAGE_SIZE + 1,
              "offset": (page - 1) * PAGE_SIZE}
    if query:
        params["pattern"] = like_pattern(query.lower())
    rows = db.session.execute(_case_list_statement(bool(query)), params).all()
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    requests: dict[int, list[RequestRow]] = {row[0]: [] for row in rows}
    if requests:
        for case_id, request_id, kind, status in db.session.execute(
                _case_list_requests_statement(), {"case_ids": list(requests)}):
            requests[case_id].append(RequestRow(request_id, kind, status))
    return [CaseRow(case_id, reference, country, kind, departure, applicant or "", count or 0,
                    requests[case_id])
            for case_id, reference, country, kind, departure, applicant, count in rows], has_next


def get_case(user, case_id: int, *, action: str = "view_case") -> Case:
    """A case of the user's municipality (404 and an audit row otherwise)."""
    case = access.case_for(user, case_id, action=action, options=[
        selectinload(Case.persons),
        selectinload(Case.requests).selectinload(Request.events).selectinload(StatusEvent.actor),
    ])
    return case


def view_case(user, case_id: int) -> Case:
    case = get_case(user, case_id)
    audit.record("view_case", case=case, user=user)
    return case


def get_person(case: Case, person_id: int) -> Person:
    for person in case.persons:
        if person.id == person_id:
            return person
    abort(404)


def show_full_cpr(user, case: Case) -> bool:
    """Full CPR only for the case's own municipality and for agency staff."""
    if user.role is Role.AGENCY:
        return True
    return user.role is Role.CASEWORKER and user.municipality_id == case.municipality_id


def shared_events(req: Request) -> list[StatusEvent]:
    """The history a municipality may see: every status change, and notes only when shared
    (an internal note is left out, not shown as an empty entry with its time and author);
    the timeline template shows a status change's note only when it is shared."""
    return [event for event in req.events if not event.is_internal_note]


def agency_question(req: Request) -> StatusEvent | None:
    """The latest shared request for information while the request awaits the municipality."""
    if req.status is not Status.AWAITING_MUNICIPALITY:
        return None
    from portal.models import NoteVisibility

    for event in reversed(req.events):
        if (event.to_status is Status.AWAITING_MUNICIPALITY
                and event.visibility is NoteVisibility.SHARED):
            return event
    return None


def mark_cpr_deregistered(person: Person, user) -> None:
    """Tick off the CPR-deregistration reminder after a departure."""
    from portal.db import utcnow

    if person.cpr_deregistered_at is None:
        person.cpr_deregistered_at = utcnow()
    audit.record("cpr_deregistered", case=person.case, person=person, user=user)


def deregistration_due(case: Case) -> list[Person]:
    """Persons still to deregister after a departure with flexible payment."""
    departed = any(r.kind.value != "recon_trip" and (r.departed_at is not None or (
        r.status in (Status.DEPARTED, Status.CLOSED) and r.kind.value == "flexible_payment"))
        for r in case.requests)  # a reconnaissance trip comes back: nobody is deregistered
    if not departed:
        return []
    return [p for p in case.persons if p.cpr_deregistered_at is None]

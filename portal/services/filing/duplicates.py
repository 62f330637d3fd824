"""Persons are one identity across the country: a person's CPR number, or else passport
number and nationality, is compared with the persons of every open case of any municipality.

The finding is computed, never stored, with the indexed columns of migration 0014
(persons.cpr, persons.passport_key + nationality), so it is current on every page: a case
closed since, or a CPR number corrected since, changes it at once. Only the agency sees
which requests match; a caseworker learns only that the agency will check a possible
duplicate (possible_duplicate), and DRC learns nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, literal, select, union_all
from sqlalchemy.orm import aliased

from portal import rules
from portal.extensions import db
from portal.models import Case, Municipality, Person, Request, RequestKind
from portal.services.accounts import audit
from portal.workflow import OPEN_STATUSES, SUBMITTED_STATUSES, Status

#: The requests of an "open case": submitted and not closed, rejected or withdrawn.
OPEN_SUBMITTED = tuple(s for s in OPEN_STATUSES if s is not Status.DRAFT)
#: How many requests one identity search lists.
SEARCH_LIMIT = 100
BY_CPR, BY_PASSPORT = "cpr", "passport"


@dataclass(frozen=True)
class Match:
    """Another request on which one of the persons appears (what the agency is shown)."""

    case_id: int  # the case the match was found for
    request_id: int
    reference: str
    municipality: str
    kind: RequestKind
    status: Status
    person: str  # the other case's person
    basis: str  # BY_CPR or BY_PASSPORT


def _pairs(case_ids):
    """(own case, other person's case, other person's name, basis) rows joining the given
    cases' persons to the persons of other cases with the same CPR, or the same passport
    number and nationality: two branches so each is one index look-up per person."""
    own, other = aliased(Person), aliased(Person)
    by_cpr = select(own.case_id.label("case_id"), other.case_id.label("other_case_id"),
                    other.full_name.label("person"), literal(BY_CPR).label("basis")).join(
        other, and_(other.cpr == own.cpr, other.case_id != own.case_id)).where(
        own.case_id.in_(case_ids), own.cpr.is_not(None), own.cpr != "")
    by_passport = select(own.case_id, other.case_id, other.full_name,
                         literal(BY_PASSPORT)).join(
        other, and_(other.passport_key == own.passport_key,
                    other.nationality == own.nationality,
                    other.case_id != own.case_id)).where(
        own.case_id.in_(case_ids), own.passport_key != "")
    return union_all(by_cpr, by_passport).subquery()


def _open_requests(case_ids) -> list:
    """The open submitted requests of these cases, by id. A statement of its own, with the
    case ids as values: joined to the persons in one statement, PostgreSQL estimated the
    many persons without a passport number as matches and scanned every person (83 ms at
    100,000 cases); apart, each side is an index look-up."""
    if not case_ids:
        return []
    return db.session.execute(
        select(Request.id, Request.case_id, Case.reference, Municipality.name, Request.kind,
               Request.status)
        .join(Case, Case.id == Request.case_id)
        .join(Municipality, Municipality.id == Request.municipality_id)
        .where(Request.case_id.in_(sorted(case_ids)), Request.status.in_(OPEN_SUBMITTED))
        .order_by(Request.id)).all()


def matches_for_cases(case_ids) -> dict[int, list[Match]]:
    """Per case, the open requests of other cases that share a person with it, each request
    once (by CPR when both CPR and passport match); two statements for all the cases."""
    ids = sorted(set(case_ids))
    if not ids:
        return {}
    pairs = _pairs(ids)
    shared = db.session.execute(select(pairs).order_by(pairs.c.case_id, pairs.c.basis)).all()
    by_other_case: dict[int, list] = {}
    for pair in shared:
        by_other_case.setdefault(pair.other_case_id, []).append(pair)
    found: dict[int, dict[int, Match]] = {}
    for request_id, other_case, reference, municipality, kind, status in _open_requests(
            by_other_case):
        for pair in by_other_case[other_case]:
            per_case = found.setdefault(pair.case_id, {})
            if request_id not in per_case:  # "cpr" sorts before "passport"
                per_case[request_id] = Match(pair.case_id, request_id, reference,
                                             municipality, kind, status, pair.person,
                                             pair.basis)
    return {case_id: sorted(matches.values(), key=lambda m: m.request_id)
            for case_id, matches in sorted(found.items())}


def for_request(req: Request) -> list[Match]:
    """The agency's list on a request page."""
    return matches_for_cases([req.case_id]).get(req.case_id, [])


def possible_duplicate(req: Request) -> bool:
    """What a caseworker may know: yes or no, nothing about the other case."""
    return bool(for_request(req))


def flagged_requests(request_ids) -> set[int]:
    """Which of these requests' cases share a person with an open request of another case:
    two statements for a whole page of the queue."""
    ids = sorted(set(request_ids))
    if not ids:
        return set()
    pairs = _pairs(select(Request.case_id).where(Request.id.in_(ids)))
    shared = db.session.execute(
        select(Request.id, pairs.c.other_case_id)
        .join(pairs, pairs.c.case_id == Request.case_id).where(Request.id.in_(ids))).all()
    other_cases = {other_case for _, other_case in shared}
    if not other_cases:
        return set()
    open_cases = set(db.session.scalars(
        select(Request.case_id).where(Request.case_id.in_(sorted(other_cases)),
                                      Request.status.in_(OPEN_SUBMITTED)).distinct()))
    return {request_id for request_id, other_case in shared if other_case in open_cases}


def record_at_filing(req: Request, user) -> list[Match]:
    """At submission: an audit row naming the matching requests (ids only), so the check
    made at filing can be traced."""
    matches = for_request(req)
    if matches:
        audit.record("possible_duplicate", request_obj=req, user=user,
                     detail="requests=" + ",".join(str(m.request_id) for m in matches))
    return matches


# --- the agency's search by CPR or passport ------------------------------------------------


@dataclass(frozen=True)
class Found:
    request_id: int
    reference: str
    municipality: str
    kind: RequestKind
    status: Status
    submitted_at: datetime | None
    person: str
    person_id: int
    case_id: int


def search(by: str, term: str, *, user) -> list[Found]:
    """Submitted requests of every status whose case holds the person: by CPR number (any
    written form) or by passport number (spaces, dashes and case ignored). Audited with the
    CPR masked; the persons found are tied to the audit row. `term` is checked by the form."""
    if by == BY_CPR:
        digits = rules.parse_cpr(term).digits
        condition, shown = Person.cpr == digits, rules.mask_cpr(digits)
    else:
        key = rules.passport_key(term)
        condition, shown = Person.passport_key == key, key
    rows = db.session.execute(
        select(Request.id, Case.reference, Municipality.name, Request.kind, Request.status,
               Request.submitted_at, Person.full_name, Person.id, Case.id)
        .select_from(Person).join(Case, Case.id == Person.case_id)
        .join(Request, Request.case_id == Case.id)
        .join(Municipality, Municipality.id == Request.municipality_id)
        .where(condition, Request.status.in_(SUBMITTED_STATUSES))
        .order_by(Request.submitted_at.desc(), Request.id.desc()).limit(SEARCH_LIMIT)).all()
    results = [Found(*row) for row in rows]
    persons = {r.person_id for r in results}
    subjects = list(db.session.scalars(select(Person).where(Person.id.in_(persons)))) \
        if persons else []
    audit.record("search_person", user=user, subjects=subjects,
                 detail=f"by={by} term={shown} found={len(results)}")
    return results

"""The agency's work queue: filters, search, sort and keyset pagination on (submitted_at, id).

Counts per status come from request_status_counts, kept by portal.models.counters, so a
page view never counts the requests table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Integer, and_, case, cast, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from forms.fields import whole_number
from portal import rules
from portal.db import utcnow
from portal.extensions import db
from portal.models import (
    Case,
    Municipality,
    Obstacle,
    Person,
    Request,
    RequestKind,
    RequestStatusCount,
    User,
)
from portal.services.processing import PRE_BOOKING, departure_warnings, is_overdue
from portal.workflow import OPEN_STATUSES, SUBMITTED_STATUSES, Status

PAGE_SIZE = 50


@dataclass
class QueueFilters:
    status: str = ""
    kind: str = ""
    municipality: str = ""  # 3-digit code
    destination: str = ""  # ISO country code
    assignee: str = ""  # "", "me", "unassigned" or a user id
    obstacle: str = ""
    overdue: bool = False
    q: str = ""
    sort: str = "oldest"  # or "newest"
    after: str = ""  # keyset cursor "<epoch microseconds>.<id>"


@dataclass
class QueueRow:
    request: Request
    age_days: int
    overdue: bool
    warnings: list[str] = field(default_factory=list)


@dataclass
class QueuePage:
    rows: list[QueueRow]
    next_cursor: str | None


def _epoch(column):
    """Seconds since 1970 for a timestamp column, on SQLite and PostgreSQL."""
    if db.session.get_bind().dialect.name == "sqlite":
        return cast(func.strftime("%s", column), Integer)
    return func.extract("epoch", column)


def overdue_condition(now: datetime):
    """More than 28 days of running clock, pauses excluded, before the booking."""
    end = case((Request.awaiting_since.is_(None), int(now.timestamp())),
               else_=_epoch(Request.awaiting_since))
    running = end - _epoch(Request.submitted_at) - Request.paused_seconds
    return and_(Request.status.in_(PRE_BOOKING), Request.submitted_at.is_not(None),
                running > rules.OVERDUE_AFTER_DAYS * 86400)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def encode_cursor(req: Request) -> str:
    stamp = req.submitted_at or datetime(1970, 1, 1, tzinfo=UTC)
    return f"{int(stamp.timestamp() * 1_000_000)}.{req.id}"


def decode_cursor(text: str) -> tuple[datetime, int] | None:
    try:
        micros, ident = text.split(".", 1)
        stamp = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(micros))
        return stamp, int(ident)
    except (ValueError, OverflowError):
        return None


def _filtered(filters: QueueFilters, user, now: datetime):
    # submitted_at IS NOT NULL lets the planner walk the (submitted_at, id) index in order.
    query = select(Request).where(Request.status.in_(SUBMITTED_STATUSES),
                                  Request.submitted_at.is_not(None))
    joined_case = False
    if filters.status in {s.value for s in Status}:
        query = query.where(Request.status == Status(filters.status))
    elif filters.status == "open":
        query = query.where(Request.status.in_([s for s in OPEN_STATUSES
                                                if s is not Status.DRAFT]))
    if filters.kind in {k.value for k in RequestKind}:
        query = query.where(Request.kind == RequestKind(filters.kind))
    if filters.municipality:
        query = query.join(Municipality, Municipality.id == Request.municipality_id).where(
            Municipality.code == filters.municipality)
    if filters.destination or filters.obstacle in {o.value for o in Obstacle}:
        query = query.join(Case, Case.id == Request.case_id)
        joined_case = True
        if filters.destination:
            query = query.where(Case.destination_country == filters.destination.upper())
        if filters.obstacle in {o.value for o in Obstacle}:
            query = query.where(Case.obstacle == Obstacle(filters.obstacle))
    if filters.assignee == "me":
        query = query.where(Request.assignee_id == user.id)
    elif filters.assignee == "unassigned":
        query = query.where(Request.assignee_id.is_(None))
    elif (assignee_id := whole_number(filters.assignee)) is not None:
        query = query.where(Request.assignee_id == assignee_id)
    if filters.overdue:
        query = query.where(overdue_condition(now))
    text = filters.q.strip()[:100]
    if text:
        pattern = f"%{_escape_like(text.lower())}%"
        names = select(Person.case_id).where(func.lower(Person.full_name).like(pattern,
                                                                             escape="\\"))
        if not joined_case:
            query = query.join(Case, Case.id == Request.case_id)
        query = query.where(or_(func.lower(Case.reference).like(pattern, escape="\\"),
                                Request.case_id.in_(names)))
    return query


def queue_page(filters: QueueFilters, user, *, now: datetime | None = None,
               limit: int | None = None) -> QueuePage:
    """One page of the queue with everything the list shows loaded in a fixed number of
    statements (so 5 and 50 rows cost the same)."""
    now = now or utcnow()
    limit = limit or PAGE_SIZE
    query = _filtered(filters, user, now)
    newest = filters.sort == "newest"
    cursor = decode_cursor(filters.after) if filters.after else None
    if cursor is not None:
        stamp, ident = cursor
        if newest:
            query = query.where(or_(Request.submitted_at < stamp,
                                    and_(Request.submitted_at == stamp, Request.id < ident)))
        else:
            query = query.where(or_(Request.submitted_at > stamp,
                                    and_(Request.submitted_at == stamp, Request.id > ident)))
    order = ((Request.submitted_at.desc(), Request.id.desc()) if newest
             else (Request.submitted_at.asc(), Request.id.asc()))
    query = query.order_by(*order).limit(limit + 1).options(
        joinedload(Request.municipality),
        joinedload(Request.assignee),
        joinedload(Request.case).selectinload(Case.persons),
        selectinload(Request.participants),
        selectinload(Request.cash_declarations),
    )
    found = list(db.session.scalars(query).unique())
    more = len(found) > limit
    found = found[:limit]
    today = now.date()
    rows = [QueueRow(request=r,
                     age_days=(now - r.submitted_at).days if r.submitted_at else 0,
                     overdue=is_overdue(r, now),
                     warnings=departure_warnings(r, today)) for r in found]
    return QueuePage(rows=rows, next_cursor=encode_cursor(found[-1]) if more else None)


def status_counts() -> dict[Status, int]:
    """Per status, summed over the kinds; draft left out (the agency never sees drafts)."""
    counts = dict.fromkeys(SUBMITTED_STATUSES, 0)
    for row in db.session.scalars(select(RequestStatusCount)):
        if row.status in counts:
            counts[row.status] += row.count
    return counts


def _distinct_destinations():
    """DISTINCT over 100,000 cases scans them; this skips through the index one value at a
    time (a "loose index scan"), so it costs about as many steps as there are countries."""
    first = select(func.min(Case.destination_country).label("code")).cte("d", recursive=True)
    following = (select(func.min(Case.destination_country))
                 .where(Case.destination_country > first.c.code).scalar_subquery())
    walk = first.union_all(select(following).where(first.c.code.is_not(None)))
    return select(walk.c.code).where(walk.c.code.is_not(None))


def filter_choices() -> dict:
    """Values for the filter selects: municipalities that have requests, destinations, staff."""
    municipalities = list(db.session.execute(
        select(Municipality.code, Municipality.name).order_by(Municipality.name)))
    staff = list(db.session.scalars(select(User).where(User.role == "agency")
                                    .order_by(User.name)))
    destinations = list(db.session.scalars(_distinct_destinations()))
    return {"municipalities": municipalities, "staff": staff, "destinations": destinations}

"""The agency's work queue: saved views, filters, search, sort and keyset pagination on
(submitted_at, id), or on (planned departure, id) when sorted by departure.

Counts per status come from request_status_counts, kept by portal.models.counters, so a
page view never counts the requests table.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    Integer,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import joinedload, selectinload

from portal import rules
from portal.db import LIKE_ESCAPE, UTCDateTime, distinct_values, like_pattern, utcnow
from portal.extensions import db
from portal.forms.fields import whole_number
from portal.models import (
    Case,
    Municipality,
    Obstacle,
    Person,
    Relation,
    Request,
    RequestKind,
    RequestStatusCount,
    Role,
    Route,
    StatusEvent,
    User,
)
from portal.services.filing import duplicates
from portal.services.processing.actions import PRE_BOOKING, departure_warnings, is_overdue
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
    sort: str = "oldest"  # "newest" or "departure" (soonest planned departure first)
    after: str = ""  # keyset cursor "<epoch microseconds>.<id>"
    view: str = ""  # a saved view: "action", "mine" or "unassigned" (see VIEWS)


#: The saved views of a clerk's day: what needs them now, their own, nobody's.
VIEWS = ("action", "mine", "unassigned")
#: "Needs action" includes departures this close (the customs deadline falls inside it).
ACTION_DEPARTURE_DAYS = 7
#: Sorting by planned departure puts requests without one last.
NO_DEPARTURE = datetime(9999, 12, 31, tzinfo=UTC)


@dataclass(slots=True)
class QueueRow:
    """What one line of the queue shows, read as plain columns (no ORM objects): a page of
    50 rows costs one statement and no object graph."""

    id: int
    reference: str
    applicant: str
    municipality: str
    kind: RequestKind
    status: Status
    destination: str
    assignee_id: int | None
    assignee: str | None
    version_id: int
    obstacle: Obstacle
    submitted_at: datetime | None
    awaiting_since: datetime | None
    paused_seconds: int
    departure_at: datetime | None
    route_active: bool | None
    sort_key: datetime | None
    age_days: int = 0
    overdue: bool = False
    warning: bool = False
    duplicate: bool = False  # shares a person with another open case (filing/duplicates.py)

    @property
    def on_suspended_route(self) -> bool:
        """Booked on a route the agency has since suspended: the trip cannot fly."""
        return self.status is Status.TRAVEL_BOOKED and self.route_active is False


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


def encode_cursor(row) -> str:
    stamp = row.sort_key or datetime(1970, 1, 1, tzinfo=UTC)
    return f"{int(stamp.timestamp() * 1_000_000)}.{row.id}"


def decode_cursor(text: str) -> tuple[datetime, int] | None:
    try:
        micros, ident = text.split(".", 1)
        stamp = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(micros))
        return stamp, int(ident)
    except (ValueError, OverflowError):
        return None


def _applicant_name():
    """The case's applicant, else its first person (as Case.applicant), for each row."""
    return (select(Person.full_name).where(Person.case_id == Case.id)
            .order_by(case((Person.relation == Relation.APPLICANT, 0), else_=1),
                      Person.position, Person.id)
            .limit(1).correlate(Case).scalar_subquery())


def _sort_key(filters: QueueFilters):
    """The column the page is ordered and paged by."""
    if filters.sort == "departure":
        return func.coalesce(Request.departure_at, literal(NO_DEPARTURE, UTCDateTime()))
    return Request.submitted_at


def obstacle_column():
    """The request's obstacle: "awaiting the municipality" while its status says so (derived,
    never stored), else its case's obstacle category."""
    return type_coerce(case(
        (Request.status == Status.AWAITING_MUNICIPALITY,
         literal(Obstacle.AWAITING_MUNICIPALITY.value)),
        else_=cast(Case.obstacle, String)), Case.obstacle.type)


def obstacle_of(req: Request) -> Obstacle:
    """obstacle_column() for one loaded request (the request page)."""
    if req.status is Status.AWAITING_MUNICIPALITY:
        return Obstacle.AWAITING_MUNICIPALITY
    return req.case.obstacle


def _columns(filters: QueueFilters):
    """The columns of a queue row."""
    return select(
        Request.id, Case.reference, _applicant_name(), Municipality.name, Request.kind,
        Request.status, Case.destination_country, Request.assignee_id, User.name,
        Request.version_id, obstacle_column(), Request.submitted_at, Request.awaiting_since,
        Request.paused_seconds, Request.departure_at, Route.active, _sort_key(filters),
    ).select_from(Request).join(Case, Case.id == Request.case_id).join(
        Municipality, Municipality.id == Request.municipality_id).outerjoin(
        User, User.id == Request.assignee_id).outerjoin(Route, Route.id == Request.route_id)


def _keys_only(filters: QueueFilters):
    """(id, submitted_at) of requests, joined to their case only when a filter needs it, so the
    per-status branches of "all open" stay plain index ranges."""
    query = select(Request.id, Request.submitted_at)
    if filters.destination or filters.obstacle or filters.q.strip():
        query = query.join(Case, Case.id == Request.case_id)
    return query


def answered_by_municipality():
    """In review again because the municipality answered, and no agency step since: the
    request's latest history row is that answer."""
    latest = (select(func.max(StatusEvent.id)).where(StatusEvent.request_id == Request.id)
              .correlate(Request).scalar_subquery())
    answer = (select(StatusEvent.id).join(User, User.id == StatusEvent.actor_id)
              .where(StatusEvent.id == latest,
                     StatusEvent.from_status == Status.AWAITING_MUNICIPALITY,
                     StatusEvent.to_status == Status.IN_REVIEW,
                     User.role == Role.CASEWORKER))
    return and_(Request.status == Status.IN_REVIEW, answer.exists())


def needs_action(now: datetime):
    """New, answered by the municipality, overdue, or departing within a week."""
    soon = now + timedelta(days=ACTION_DEPARTURE_DAYS)
    return or_(Request.status == Status.SUBMITTED, answered_by_municipality(),
               overdue_condition(now),
               and_(Request.status.in_([Status.APPROVED, Status.TRAVEL_BOOKED]),
                    Request.departure_at.is_not(None), Request.departure_at <= soon))


def _with_view(filters: QueueFilters) -> QueueFilters:
    """A saved view is a set of filters over the open requests (the others are kept)."""
    if filters.view not in VIEWS:
        return filters
    assignee = {"mine": "me", "unassigned": "unassigned"}.get(filters.view, filters.assignee)
    return replace(filters, status="open", assignee=assignee)


def _filtered(filters: QueueFilters, user, now: datetime, query=None):
    # submitted_at IS NOT NULL lets the planner walk the (submitted_at, id) index in order.
    query = (_columns(filters) if query is None else query).where(
        Request.status.in_(SUBMITTED_STATUSES), Request.submitted_at.is_not(None))
    if filters.status in {s.value for s in Status}:
        query = query.where(Request.status == Status(filters.status))
    elif filters.status == "open":
        query = query.where(Request.status.in_([s for s in OPEN_STATUSES
                                                if s is not Status.DRAFT]))
    if filters.kind in {k.value for k in RequestKind}:
        query = query.where(Request.kind == RequestKind(filters.kind))
    if filters.municipality:
        query = query.where(Request.municipality_id == select(Municipality.id).where(
            Municipality.code == filters.municipality).scalar_subquery())
    if filters.destination:
        query = query.where(Case.destination_country == filters.destination.upper())
    if filters.obstacle in {o.value for o in Obstacle}:
        query = query.where(obstacle_column() == Obstacle(filters.obstacle))
    if filters.assignee == "me":
        query = query.where(Request.assignee_id == user.id)
    elif filters.assignee == "unassigned":
        query = query.where(Request.assignee_id.is_(None))
    elif (assignee_id := whole_number(filters.assignee)) is not None:
        query = query.where(Request.assignee_id == assignee_id)
    if filters.overdue:
        query = query.where(overdue_condition(now))
    if filters.view == "action":
        query = query.where(needs_action(now))
    text = filters.q.strip()[:100]
    if text:
        pattern = like_pattern(text.lower())
        names = select(Person.case_id).where(func.lower(Person.full_name).like(
            pattern, escape=LIKE_ESCAPE))
        query = query.where(or_(func.lower(Case.reference).like(pattern, escape=LIKE_ESCAPE),
                                Request.case_id.in_(names)))
    return query


def _after(query, cursor: tuple[datetime, int] | None, newest: bool, key):
    """Keyset pagination: the rows after the last one shown, in the page's order."""
    if cursor is None:
        return query
    stamp, ident = cursor
    if newest:
        return query.where(or_(key < stamp, and_(key == stamp, Request.id < ident)))
    return query.where(or_(key > stamp, and_(key == stamp, Request.id > ident)))


def queue_page(filters: QueueFilters, user, *, now: datetime | None = None,
               limit: int | None = None) -> QueuePage:
    """One page of the queue with everything the list shows loaded in a fixed number of
    statements (so 5 and 50 rows cost the same)."""
    now = now or utcnow()
    limit = limit or PAGE_SIZE
    filters = _with_view(filters)
    newest = filters.sort == "newest"
    key = _sort_key(filters)
    cursor = decode_cursor(filters.after) if filters.after else None
    order = (key.desc(), Request.id.desc()) if newest else (key.asc(), Request.id.asc())

    def first_rows(status_filter: QueueFilters, query=None):
        return _after(_filtered(status_filter, user, now, query), cursor, newest,
                      key).order_by(*order).limit(limit + 1)

    if filters.status == "open" and filters.sort != "departure" and filters.view != "action":
        # One ordered index range per open status, merged: "all open" across eight
        # statuses cannot walk one index in order (figures in bench/README.md).
        everything = replace(filters, status="")
        base = first_rows(everything, _keys_only(everything))
        branches = [base.where(Request.status == status).subquery()
                    for status in OPEN_STATUSES if status is not Status.DRAFT]
        merged = union_all(*[select(b.c.id, b.c.submitted_at) for b in branches]).subquery()
        top = select(merged.c.id).order_by(
            *((merged.c.submitted_at.desc(), merged.c.id.desc()) if newest
              else (merged.c.submitted_at, merged.c.id))).limit(limit + 1)
        query = _columns(filters).where(Request.id.in_(top)).order_by(*order).limit(limit + 1)
    else:
        query = first_rows(filters)
    found = [QueueRow(*values) for values in db.session.execute(query)]
    more = len(found) > limit
    found = found[:limit]
    for row in found:
        row.age_days = (now - row.submitted_at).days if row.submitted_at else 0
        row.overdue = is_overdue(row, now)
    _mark_departure_warnings(found, now.date())
    flagged = duplicates.flagged_requests([row.id for row in found])
    for row in found:
        row.duplicate = row.id in flagged
    return QueuePage(rows=found, next_cursor=encode_cursor(found[-1]) if more else None)


def _mark_departure_warnings(rows: list[QueueRow], today) -> None:
    """Only a booked departure in the next days can carry a warning; those few requests are
    loaded whole (declarations, travellers) in one go, the rest never are."""
    soon = today + timedelta(days=rules.DEPARTURE_WARNING_DAYS + 1)
    candidates = {row.id: row for row in rows
                  if row.status is Status.TRAVEL_BOOKED and row.departure_at is not None
                  and row.departure_at.date() <= soon}
    if not candidates:
        return
    for req in db.session.scalars(select(Request).where(Request.id.in_(candidates)).options(
            joinedload(Request.case), selectinload(Request.participants),
            selectinload(Request.cash_declarations))):
        candidates[req.id].warning = bool(departure_warnings(req, today))


def status_counts() -> dict[Status, int]:
    """Per status, summed over the kinds; draft left out (the agency never sees drafts)."""
    counts = dict.fromkeys(SUBMITTED_STATUSES, 0)
    rows = db.session.execute(select(RequestStatusCount.status, RequestStatusCount.count))
    for status, count in rows:
        if status in counts:
            counts[status] += count
    return counts


def _destinations():
    return distinct_values(Case.destination_country)


def filter_choices() -> dict:
    """Values for the filter selects: municipalities, destinations, agency staff."""
    municipalities = [tuple(row) for row in db.session.execute(
        select(Municipality.code, Municipality.name).order_by(Municipality.name))]
    staff = [tuple(row) for row in db.session.execute(select(User.id, User.name)
                                         .where(User.role == "agency").order_by(User.name))]
    destinations = list(db.session.execute(_destinations()).scalars())
    return {"municipalities": municipalities, "staff": staff, "destinations": destinations}


@dataclass(frozen=True)
class Workload:
    """One colleague's share of the open requests (user_id None: nobody's yet)."""

    user_id: int | None
    name: str | None
    open: int
    needs_action: int
    overdue: int


def workload(*, now: datetime | None = None) -> list[Workload]:
    """Open requests per assignee, with how many need action and how many are overdue, in
    one grouped statement; every active colleague is listed, also with nothing assigned."""
    now = now or utcnow()
    open_statuses = [s for s in OPEN_STATUSES if s is not Status.DRAFT]
    counts = {row.assignee_id: row for row in db.session.execute(
        select(Request.assignee_id, func.count().label("open"),
               func.sum(case((needs_action(now), 1), else_=0)).label("needs_action"),
               func.sum(case((overdue_condition(now), 1), else_=0)).label("overdue"))
        .where(Request.status.in_(open_statuses), Request.submitted_at.is_not(None))
        .group_by(Request.assignee_id))}
    staff = db.session.execute(select(User.id, User.name).where(
        User.role == Role.AGENCY, User.active.is_(True)).order_by(User.name))

    def share(user_id, name):
        row = counts.get(user_id)
        if row is None:
            return Workload(user_id, name, 0, 0, 0)
        return Workload(user_id, name, row.open, row.needs_action or 0, row.overdue or 0)

    return [share(None, None), *(share(user_id, name) for user_id, name in staff)]


def open_requests_per_obstacle(*, now: datetime | None = None) -> dict[Obstacle, int]:
    """Open requests per obstacle of their case: the queue's own definition of "open"
    (its status filter "open"), counted in one grouped statement, so the statistics add up
    to the queue."""
    now = now or utcnow()
    obstacle = obstacle_column()
    counted = _filtered(QueueFilters(status="open"), None, now,
                        select(obstacle, func.count()).select_from(Request)
                        .join(Case, Case.id == Request.case_id))
    counts = dict(db.session.execute(counted.group_by(obstacle)).all())
    return {obstacle: counts.get(obstacle, 0) for obstacle in Obstacle}

"""Bulk rebooking: when a route is suspended, every booking on it goes back to approved.

Each request moves travel_booked → cancelled → approved through workflow.transition() with
one shared note; each municipality concerned gets one e-mail listing its cases.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.db import utcnow
from portal.extensions import db
from portal.models import Case, Obstacle, Request, Route
from portal.services.accounts import audit
from portal.services.processing import notifications
from portal.services.processing.actions import ProcessingError, require_agency
from portal.workflow import Status, TransitionError, transition


@dataclass
class RebookingResult:
    moved: int
    municipalities: int


def routes() -> list[Route]:
    """Suspended routes first: those are the ones whose bookings need moving."""
    return list(db.session.scalars(select(Route).order_by(Route.active, Route.airline,
                                                          Route.destination)))


def bookings_on(route_id: int) -> list[Request]:
    return list(db.session.scalars(
        select(Request)
        .where(Request.route_id == route_id, Request.status == Status.TRAVEL_BOOKED)
        .options(joinedload(Request.case).selectinload(Case.persons),
                 joinedload(Request.municipality), joinedload(Request.assignee))
        .order_by(Request.departure_at, Request.id)).unique())


def rebook_route(route_id: int, actor, *, note: str, expected_ids: list[int] | None = None,
                 now: datetime | None = None) -> RebookingResult:
    """Cancel every booking on the route and put it back to approved for rebooking.

    `expected_ids` are the requests the clerk confirmed; a booking added since is left
    alone (it was not on the confirmation page).
    """
    require_agency(actor)
    route = db.session.get(Route, route_id)
    if route is None:
        raise ProcessingError(_("Choose a route from the list."))
    note = (note or "").strip()
    if not note:
        raise ProcessingError(_("Write a note for the municipalities: why the bookings are "
                                "cancelled."))
    now = now or utcnow()
    bookings = bookings_on(route_id)
    if expected_ids is not None:
        wanted = set(expected_ids)
        bookings = [r for r in bookings if r.id in wanted]
    if not bookings:
        raise ProcessingError(_("There are no bookings on this route to move."))
    per_municipality: dict[int, list[Request]] = defaultdict(list)
    with notifications.suppressed():
        for req in bookings:
            try:
                transition(req, Status.CANCELLED, actor, note=note, shared=True, now=now)
                transition(req, Status.APPROVED, actor, shared=True, now=now,
                           note=_("Back to approved for rebooking."))
            except TransitionError as exc:
                raise ProcessingError(str(exc)) from None
            req.route_id = None
            req.flight_numbers = ""
            req.departure_at = None
            req.case.obstacle = Obstacle.ROUTE_SUSPENDED
            audit.record("bulk_rebook", request_obj=req, user=actor, detail=f"route={route_id}")
            per_municipality[req.municipality_id].append(req)
    db.session.flush()
    for requests in per_municipality.values():
        recipients: dict[int, tuple] = {}
        for req in requests:
            for user in notifications.caseworkers_for(req.case):
                recipients.setdefault(user.id, (user, []))[1].append(req.case.reference or "")
        for user, references in recipients.values():
            notifications.rebooking_mail(user, sorted(set(references)), route.label)
    return RebookingResult(moved=len(bookings), municipalities=len(per_municipality))

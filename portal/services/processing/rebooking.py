"""Bulk rebooking: when a route is suspended or a flight is cancelled, the bookings it hits
go back to approved, to be booked again.

The clerk chooses the bookings by route, and optionally by flight number and a period of
departure dates, and sees them before anything moves. Each request moves travel_booked →
cancelled → approved through workflow.transition() with the agency's message; the cancelled
booking is written into that history row, so it stays visible on the case. Each
municipality concerned gets one e-mail that says what happened, with the message.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import formatting
from portal.db import utcnow
from portal.extensions import db
from portal.models import Case, Obstacle, Request, Route, StandardNote
from portal.services.accounts import audit
from portal.services.processing import notifications
from portal.services.processing.actions import (
    LOCAL_TZ,
    ProcessingError,
    require_agency,
)
from portal.services.processing.bookings import cancelled_booking, clear_booking
from portal.workflow import Status, TransitionError, transition


@dataclass
class RebookingResult:
    moved: int
    municipalities: int


def routes() -> list[Route]:
    """Suspended routes first: those are the ones whose bookings need moving."""
    return list(db.session.scalars(select(Route).order_by(Route.active, Route.airline,
                                                          Route.destination)))


@dataclass(frozen=True)
class Selection:
    """The bookings a disruption hits: a route, optionally one flight and a period (local
    departure dates, both ends included)."""

    route_id: int
    flight: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def describe(self, route: Route) -> str:
        """What happened, in the reader's language, for the e-mail and the history."""
        if self.flight:
            text = _("Flight %(flight)s on the route %(route)s is cancelled",
                     flight=self.flight.upper(), route=route.label)
        elif not route.active:
            text = _("The route %(route)s is suspended", route=route.label)
        else:
            text = _("Departures on the route %(route)s are cancelled", route=route.label)
        if self.date_from and self.date_to:
            text = _("%(what)s (departures %(start)s to %(end)s)", what=text,
                     start=formatting.day(self.date_from), end=formatting.day(self.date_to))
        elif self.date_from or self.date_to:
            text = _("%(what)s (departures on %(day)s)", what=text,
                     day=formatting.day(self.date_from or self.date_to))
        return text


def _flights(text: str) -> set[str]:
    """The flight numbers of a booking, compared without spaces or case (TK 2966 = tk2966)."""
    return {"".join(part.upper().split()) for part in re.split(r"[,/]", text or "")
            if part.strip()}


def bookings_on(selection: Selection) -> list[Request]:
    """The booked requests the selection hits, soonest departure first."""
    query = (select(Request)
             .where(Request.route_id == selection.route_id,
                    Request.status == Status.TRAVEL_BOOKED)
             .options(joinedload(Request.case).selectinload(Case.persons),
                      joinedload(Request.municipality), joinedload(Request.assignee))
             .order_by(Request.departure_at, Request.id))
    found = db.session.scalars(query).unique()
    flight = "".join(selection.flight.upper().split())
    return [req for req in found
            if (not flight or flight in _flights(req.flight_numbers))
            and _in_period(req, selection)]


def _in_period(req: Request, selection: Selection) -> bool:
    if req.departure_at is None:
        return not (selection.date_from or selection.date_to)
    day = req.departure_at.astimezone(LOCAL_TZ).date()
    return ((selection.date_from is None or day >= selection.date_from)
            and (selection.date_to is None or day <= selection.date_to))


def awaiting_new_booking() -> list[Request]:
    """Requests a rebooking put back to approved, still without a new booking."""
    return list(db.session.scalars(
        select(Request).join(Case, Case.id == Request.case_id)
        .where(Request.status == Status.APPROVED, Case.obstacle == Obstacle.ROUTE_SUSPENDED)
        .options(joinedload(Request.case), joinedload(Request.municipality))
        .order_by(Request.id)).unique())


def rebook(selection: Selection, actor, *, note: str, expected_ids: list[int] | None = None,
           now: datetime | None = None) -> RebookingResult:
    """Cancel the selected bookings and put them back to approved for rebooking.

    `expected_ids` are the requests the clerk confirmed; a booking added since is left
    alone (it was not on the confirmation page).
    """
    require_agency(actor)
    route = db.session.get(Route, selection.route_id)
    if route is None:
        raise ProcessingError(_("Choose a route from the list."))
    note = (note or "").strip()
    if not note:
        raise ProcessingError(_("Write a note for the municipalities: why the bookings are "
                                "cancelled."))
    now = now or utcnow()
    bookings = bookings_on(selection)
    if expected_ids is not None:
        wanted = set(expected_ids)
        bookings = [r for r in bookings if r.id in wanted]
    if not bookings:
        raise ProcessingError(_("No booking matches this choice."))
    per_municipality: dict[int, list[Request]] = defaultdict(list)
    with notifications.suppressed():
        for req in bookings:
            cancelled = cancelled_booking(req)
            try:
                transition(req, Status.CANCELLED, actor, note=f"{note}\n{cancelled}",
                           shared=True, now=now)
                transition(req, Status.APPROVED, actor, shared=True, now=now,
                           standard_note=StandardNote.BACK_TO_APPROVED)
            except TransitionError as exc:
                raise ProcessingError(str(exc)) from None
            clear_booking(req, note, now)
            req.case.obstacle = Obstacle.ROUTE_SUSPENDED
            audit.record("bulk_rebook", request_obj=req, user=actor,
                         detail=f"route={route.id} flight={selection.flight}")
            per_municipality[req.municipality_id].append(req)
    db.session.flush()
    for requests in per_municipality.values():
        recipients: dict[int, tuple] = {}
        for req in requests:
            for user in notifications.caseworkers_for(req.case):
                recipients.setdefault(user.id, (user, []))[1].append(req.case.reference or "")
        for user, references in recipients.values():
            notifications.rebooking_mail(user, sorted(set(references)),
                                         what=lambda: selection.describe(route), message=note)
    return RebookingResult(moved=len(bookings), municipalities=len(per_municipality))

"""Bookings: the agency books the travel of an approved request, cancels a booking that
cannot fly and puts it back for rebooking. The cancelled booking is kept in the history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import select

from portal.db import utcnow
from portal.extensions import db
from portal.models import Obstacle, Request, Route
from portal.services.processing.actions import (
    LOCAL_TZ,
    ProcessingError,
    check_version,
    move,
    require_agency,
)
from portal.workflow import Status


@dataclass(frozen=True)
class TravelPlan:
    route_id: int
    flight_numbers: str
    departure_date: date
    departure_time: time


def bookable_routes() -> list[Route]:
    """All routes; suspended ones are shown as unavailable."""
    return list(db.session.scalars(select(Route).order_by(Route.active.desc(), Route.airline,
                                                          Route.destination)))


def plan_travel(req, actor, *, expected_version, plan: TravelPlan, note="", shared=True,
                now=None):
    """Book the route, flights and time (Copenhagen time in, UTC stored) → travel booked."""
    require_agency(actor)
    check_version(req, expected_version)
    route = db.session.get(Route, plan.route_id)
    if route is None:
        raise ProcessingError(_("Choose a route from the list."))
    if not route.active:
        raise ProcessingError(_("This route is suspended and cannot be booked. Choose another."))
    if route.country_code != req.case.destination_country:
        raise ProcessingError(_("This route does not go to the case's destination country."))
    departure = datetime.combine(plan.departure_date, plan.departure_time, tzinfo=LOCAL_TZ)
    if departure < (now or utcnow()):
        raise ProcessingError(_("The departure cannot be in the past."))
    # The booking is in place before the move, so its mail can carry the flights.
    req.route = route
    req.flight_numbers = plan.flight_numbers.strip()
    req.departure_at = departure
    req.case.planned_departure = plan.departure_date
    if req.case.obstacle in (Obstacle.ROUTE_SUSPENDED, Obstacle.AWAITING_MUNICIPALITY):
        req.case.obstacle = Obstacle.NONE
    return move(req, Status.TRAVEL_BOOKED, actor, expected_version=expected_version,
                note=note, shared=shared, now=now)


def cancelled_booking(req: Request) -> str:
    """The booking being cancelled, for the history row, so it stays visible on the case."""
    when = (req.departure_at.astimezone(LOCAL_TZ).strftime("%d.%m.%Y %H:%M")
            if req.departure_at else "-")
    return _("Cancelled booking: %(flights)s, %(when)s (Danish time).",
             flights=req.flight_numbers or "-", when=when)


def clear_booking(req: Request) -> None:
    """No flights and no planned date any more: nothing shows a departure that will not be."""
    req.route_id = None
    req.flight_numbers = ""
    req.departure_at = None
    req.case.planned_departure = None


def cancel(req, actor, *, expected_version, reason, now=None):
    """A booked trip that cannot fly (e.g. closed airspace); the request can then be
    rebooked (back to approved). The cancelled booking is kept in the history."""
    note = f"{(reason or '').strip()}\n{cancelled_booking(req)}" if reason else reason
    event = move(req, Status.CANCELLED, actor, expected_version=expected_version, note=note,
                 shared=True, now=now)
    clear_booking(req)
    return event


def rebook(req, actor, *, expected_version, note="", shared=True, now=None):
    """Cancelled → approved, to be booked again."""
    event = move(req, Status.APPROVED, actor, expected_version=expected_version, note=note,
                 shared=shared, now=now)
    clear_booking(req)
    return event

"""Bookings: the agency books the travel of an approved request as a Booking (legs, route,
travellers, baggage, meeting point, escort), cancels a booking that cannot fly and puts the
request back for rebooking. A cancelled booking is kept (status cancelled, superseded_by the
next one), so the history shows what was booked.

The request's route_id, flight_numbers and departure_at are the active booking's summary,
written only here: the queue sorts and pages on the indexed departure_at without a join.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import select

from portal import formatting, rules
from portal.db import utcnow
from portal.extensions import db
from portal.models import Booking, BookingLeg, BookingStatus, Obstacle, Person, Request, Route
from portal.services.accounts import audit
from portal.services.processing import ledger, trips
from portal.services.processing.actions import (
    LOCAL_TZ,
    ProcessingError,
    check_version,
    move,
    require_agency,
)
from portal.workflow import Status


@dataclass(frozen=True)
class Leg:
    """One flight; times are local at the airport of departure and of arrival."""

    carrier: str
    flight_number: str
    from_airport: str
    to_airport: str
    departs_local: datetime
    arrives_local: datetime | None = None


@dataclass(frozen=True)
class TravelPlan:
    route_id: int
    legs: tuple[Leg, ...]
    person_ids: tuple[int, ...] = ()
    baggage_kg: int | None = rules.BAGGAGE_ALLOWANCE_KG
    meeting_point: str = ""
    meeting_time: time | None = None
    escort: str = ""
    customs_override_reason: str = ""


class CustomsDeadlinePassed(ProcessingError):
    """The departure is past the customs deadline and no override reason was given."""

    field = "customs_override_reason"


@dataclass
class BookingDefaults:
    """What a new booking form starts from: the travellers of the last cancelled booking."""

    person_ids: list[int] = field(default_factory=list)
    escort: str = ""


def bookable_routes() -> list[Route]:
    """All routes; suspended ones are shown as unavailable."""
    return list(db.session.scalars(select(Route).order_by(Route.active.desc(), Route.airline,
                                                          Route.destination)))


def active_booking(req: Request) -> Booking | None:
    return next((b for b in reversed(req.bookings) if b.status is BookingStatus.ACTIVE), None)


history = trips.cancelled_bookings


def travellers(req: Request) -> list[Person]:
    """The request's travelling participants: who a booking may carry."""
    return [p.person for p in req.participants if p.travels]


def defaults(req: Request) -> BookingDefaults:
    last = next(iter(history(req)), None)
    if last is None:
        return BookingDefaults(person_ids=[p.id for p in travellers(req)])
    return BookingDefaults(person_ids=[p.id for p in last.persons], escort=last.escort)


def customs_deadline_passed(req: Request, departure_day: date, today: date) -> bool:
    """A declaration the agency is to clear with customs whose toddokument did not (or, not
    yet received today, can no longer) reach it 2 working days before departure."""
    for declaration in req.cash_declarations:
        if not declaration.customs_assist:
            continue
        document = declaration.customs_document
        received = document.received_on if document is not None else today
        if not rules.customs_deadline_met(received, departure_day):
            return True
    return False


def _check(req: Request, plan: TravelPlan, now: datetime) -> tuple[Route, datetime]:
    route = db.session.get(Route, plan.route_id)
    if route is None:
        raise ProcessingError(_("Choose a route from the list."))
    if not route.active:
        raise ProcessingError(_("This route is suspended and cannot be booked. Choose another."))
    if route.country_code != req.case.destination_country:
        raise ProcessingError(_("This route does not go to the case's destination country."))
    if not plan.legs:
        raise ProcessingError(_("Enter at least one flight."))
    departure = plan.legs[0].departs_local.replace(tzinfo=LOCAL_TZ)
    if departure < now:
        raise ProcessingError(_("The departure cannot be in the past."))
    allowed = {p.id for p in travellers(req)}
    if not plan.person_ids or not set(plan.person_ids) <= allowed:
        raise ProcessingError(_("Choose who travels on this booking."))
    if (customs_deadline_passed(req, departure.date(), now.astimezone(LOCAL_TZ).date())
            and not plan.customs_override_reason.strip()):
        raise CustomsDeadlinePassed(_(
            "The departure is past the customs deadline (%(date)s): the customs document "
            "cannot reach the agency in time. Give the reason for booking it anyway.",
            date=formatting.day(rules.customs_deadline(departure.date()))))
    return route, departure


def plan_travel(req, actor, *, expected_version, plan: TravelPlan, note="", shared=True,
                now=None):
    """Book the legs, travellers and details → travel booked. A previous cancelled booking
    is superseded by this one."""
    require_agency(actor)
    check_version(req, expected_version)
    now = now or utcnow()
    route, departure = _check(req, plan, now)
    persons = [p for p in travellers(req) if p.id in set(plan.person_ids)]
    booking = Booking(
        route=route, status=BookingStatus.ACTIVE, baggage_kg=plan.baggage_kg,
        meeting_point=plan.meeting_point.strip(), meeting_time=plan.meeting_time,
        escort=plan.escort.strip(), customs_override_reason=plan.customs_override_reason.strip(),
        created_by_id=actor.id, created_at=now, persons=persons,
        legs=[BookingLeg(position=i, carrier=leg.carrier.strip(),
                         flight_number=" ".join(leg.flight_number.upper().split()),
                         from_airport=leg.from_airport.strip().upper(),
                         to_airport=leg.to_airport.strip().upper(),
                         departs_local=leg.departs_local, arrives_local=leg.arrives_local)
              for i, leg in enumerate(plan.legs)])
    for old in history(req):
        if old.superseded_by is None:
            old.superseded_by = booking
    req.bookings.append(booking)
    # The booking is in place before the move, so its mail can carry the flights.
    _summarise(req, booking, departure)
    if req.case.obstacle is Obstacle.ROUTE_SUSPENDED:
        req.case.obstacle = Obstacle.NONE
    if booking.customs_override_reason:
        note = "\n".join(filter(None, [note, _(
            "Booked past the customs deadline. Reason: %(reason)s",
            reason=booking.customs_override_reason)]))
        audit.record("customs_deadline_override", request_obj=req, user=actor,
                     detail=booking.customs_override_reason[:500])
    return move(req, Status.TRAVEL_BOOKED, actor, expected_version=expected_version,
                note=note, shared=shared, now=now)


def _summarise(req: Request, booking: Booking | None, departure: datetime | None) -> None:
    """The request's indexed summary of its active booking (the queue's sort key)."""
    req.route_id = booking.route_id if booking is not None else None
    if booking is not None and booking.route is not None:
        req.route = booking.route
    req.flight_numbers = booking.flight_numbers[:100] if booking is not None else ""
    req.departure_at = departure
    req.case.planned_departure = departure.astimezone(LOCAL_TZ).date() if departure else None


def cancelled_booking(req: Request) -> str:
    """The booking being cancelled, for the history row, so it stays visible on the case."""
    when = (req.departure_at.astimezone(LOCAL_TZ).strftime("%d.%m.%Y %H:%M")
            if req.departure_at else "-")
    return _("Cancelled booking: %(flights)s, %(when)s (Danish time).",
             flights=req.flight_numbers or "-", when=when)


def clear_booking(req: Request, reason: str = "", now: datetime | None = None) -> None:
    """The active booking is cancelled (kept as history); no flights and no planned date
    any more on the request: nothing shows a departure that will not be."""
    booking = active_booking(req)
    if booking is not None:
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now or utcnow()
        booking.cancel_reason = (reason or "").strip()
    _summarise(req, None, None)
    req.route = None


def cancel(req, actor, *, expected_version, reason, now=None):
    """A booked trip that cannot fly (e.g. closed airspace); the request can then be
    rebooked (back to approved). The cancelled booking is kept in the history."""
    note = f"{(reason or '').strip()}\n{cancelled_booking(req)}" if reason else reason
    event = move(req, Status.CANCELLED, actor, expected_version=expected_version, note=note,
                 shared=True, now=now)
    clear_booking(req, reason, now)
    ledger.flag_for_follow_up(req, actor)
    return event


def rebook(req, actor, *, expected_version, note="", shared=True, now=None):
    """Cancelled → approved, to be booked again."""
    event = move(req, Status.APPROVED, actor, expected_version=expected_version, note=note,
                 shared=shared, now=now)
    clear_booking(req, note, now)
    return event

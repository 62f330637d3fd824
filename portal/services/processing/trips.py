"""The booked trip of a request as the municipality and DRC see it, and as a calendar file.

The agency books a Booking (legs, route, travellers, baggage, meeting point, escort) when it
plans the travel; this module is the one place that turns it into what a caseworker needs:
the flights, the local date and time, the baggage rule and an .ics event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from portal import rules
from portal.models import Booking, BookingLeg, BookingStatus, Request
from portal.workflow import Status

LOCAL_TZ = ZoneInfo("Europe/Copenhagen")
#: Statuses in which a booking is in force (a cancelled one is shown as history only).
BOOKED = (Status.TRAVEL_BOOKED, Status.DEPARTED, Status.CLOSED)


@dataclass(frozen=True)
class Trip:
    reference: str
    route: str
    flight_numbers: str
    departs_local: datetime
    route_suspended: bool = False
    baggage_kg: int = rules.BAGGAGE_ALLOWANCE_KG
    extra_kg_price_dkk: int = rules.EXTRA_BAGGAGE_DKK_PER_KG
    legs: tuple[BookingLeg, ...] = ()
    travellers: tuple[str, ...] = ()
    meeting_point: str = ""
    meeting_time: time | None = None
    escort: str = ""


def booking_of(req: Request) -> Booking | None:
    """The request's booking in force (a cancelled one is history only)."""
    if req.status not in BOOKED:
        return None
    return next((b for b in reversed(req.bookings) if b.status is BookingStatus.ACTIVE), None)


def cancelled_bookings(req: Request) -> list[Booking]:
    """Earlier bookings, newest first, kept so every party sees what was booked."""
    return [b for b in reversed(req.bookings) if b.status is BookingStatus.CANCELLED]


def trip_of(req: Request) -> Trip | None:
    """The booked trip, read from the active booking, or None while nothing is booked."""
    booking = booking_of(req)
    if booking is None or booking.departs_local is None:
        return None
    route = booking.route
    return Trip(reference=req.case.reference or "",
                route=route.label if route is not None else "",
                flight_numbers=booking.flight_numbers,
                departs_local=booking.departs_local.replace(tzinfo=LOCAL_TZ),
                route_suspended=(req.status is Status.TRAVEL_BOOKED and route is not None
                                 and not route.active),
                baggage_kg=booking.baggage_kg or rules.BAGGAGE_ALLOWANCE_KG,
                legs=tuple(booking.legs),
                travellers=tuple(p.full_name for p in booking.persons),
                meeting_point=booking.meeting_point, meeting_time=booking.meeting_time,
                escort=booking.escort)


def calendar(trip: Trip, *, summary: str, description: str) -> bytes:
    """The departure as one iCalendar event (RFC 5545), with the reference but no names."""
    cal = Calendar()
    cal.add("prodid", "-//Repatrieringsportalen//Hjemrejsestyrelsen//DA")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"departure-{trip.reference}@repatrieringsportalen.dk")
    event.add("dtstamp", datetime.now(LOCAL_TZ))
    event.add("dtstart", trip.departs_local)
    event.add("duration", timedelta(hours=1))  # not an end time: 31-12-9999 23:30 has none
    event.add("summary", summary)
    event.add("description", description)
    cal.add_component(event)
    return cal.to_ical()

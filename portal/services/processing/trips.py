"""The booked trip of a request as the municipality and DRC see it, and as a calendar file.

The agency books a route, flight numbers and a departure time (Danish time) when it plans
the travel; this module is the one place that turns them into what a caseworker needs:
the flights, the local date and time, the baggage rule and an .ics event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from portal import rules
from portal.models import Request
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


def trip_of(req: Request) -> Trip | None:
    """The booked trip, or None while nothing is booked."""
    if req.status not in BOOKED or req.departure_at is None:
        return None
    return Trip(reference=req.case.reference or "",
                route=req.route.label if req.route is not None else "",
                flight_numbers=req.flight_numbers or "",
                departs_local=req.departure_at.astimezone(LOCAL_TZ),
                route_suspended=(req.status is Status.TRAVEL_BOOKED and req.route is not None
                                 and not req.route.active))


def calendar(trip: Trip, *, summary: str, description: str) -> bytes:
    """The departure as one iCalendar event (RFC 5545), with the reference but no names."""
    cal = Calendar()
    cal.add("prodid", "-//Repatrieringsportalen//Hjemrejsestyrelsen//DA")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"departure-{trip.reference}@repatrieringsportalen.dk")
    event.add("dtstamp", datetime.now(LOCAL_TZ))
    event.add("dtstart", trip.departs_local)
    event.add("dtend", trip.departs_local + timedelta(hours=1))
    event.add("summary", summary)
    event.add("description", description)
    cal.add_component(event)
    return cal.to_ical()

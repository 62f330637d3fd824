"""Helpers for the agency, DRC, workflow, notification and statistics tests."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask_babel import force_locale

from portal.demo.processing import walk
from portal.extensions import db
from portal.models import Case, CaseKind, Request, RequestKind, RequestPerson, User
from portal.workflow import Status

#: What the departure step holds for every traveller of a factory request.
DEPARTURE_ANSWERS = {"address_denmark": "Åbyvej 2, 8230 Åbyhøj",
                     "address_abroad": "Damaskus, Mezzeh 4",
                     "contact_abroad": "Fætter, +963 11 000 0000"}


@dataclass
class Made:
    request_id: int
    case_id: int
    reference: str
    caseworker: User
    agency: User


def make_request(app, make, *, status: Status = Status.SUBMITTED, code: str = "751",
                 kind: RequestKind = RequestKind.FLEXIBLE_PAYMENT,
                 case_kind: CaseKind = CaseKind.FLEXIBLE_PAYMENT, family: bool = False,
                 start: datetime | None = None, step: timedelta = timedelta(hours=1),
                 caseworker: User | None = None, agency: User | None = None,
                 destination: str = "SY", created_by_caseworker: bool = True,
                 persons: list[dict] | None = None, assignee: User | None = None) -> Made:
    """A case with one request walked from draft to `status` by a caseworker and a clerk."""
    caseworker = caseworker or make.user("caseworker", municipality_code=code)
    agency = agency or make.user("agency")
    case = make.case(municipality_code=code, kind=case_kind, family=family,
                     destination=destination, persons=persons)
    with app.app_context():
        case_row = db.session.get(Case, case.id)
        if created_by_caseworker:
            case_row.created_by_id = caseworker.id
        req = Request(case=case_row, municipality_id=case_row.municipality_id, kind=kind,
                      created_by_id=caseworker.id)
        db.session.add(req)
        req.assignee_id = assignee.id if assignee else None
        req.participants = [RequestPerson(person=p, travels=True, **DEPARTURE_ANSWERS)
                            for p in case_row.persons]
        db.session.add(req)
        db.session.flush()
        walk(req, status, caseworker=db.session.get(User, caseworker.id),
             agency=db.session.get(User, agency.id),
             start=start or datetime.now(UTC) - timedelta(days=1), step=step)
        db.session.commit()
        made = Made(request_id=req.id, case_id=case.id, reference=case.reference,
                    caseworker=caseworker, agency=agency)
        db.session.remove()
    return made


def version_of(app, request_id: int) -> int:
    with app.app_context():
        version = db.session.get(Request, request_id).version_id
        db.session.remove()
    return version


def load(app, request_id: int) -> dict:
    """A plain snapshot of a request, read in a short app context."""
    with app.app_context():
        req = db.session.get(Request, request_id)
        snapshot = {
            "status": req.status, "assignee_id": req.assignee_id, "version": req.version_id,
            "paused_seconds": req.paused_seconds, "processing_seconds": req.processing_seconds,
            "route_id": req.route_id, "flight_numbers": req.flight_numbers,
            "departure_at": req.departure_at, "obstacle": req.case.obstacle,
            "events": [(e.from_status, e.to_status, e.note, e.visibility) for e in req.events],
            "payouts": [(p.person_id, p.payout_amount) for p in req.participants],
        }
        db.session.remove()
    return snapshot


@contextmanager
def request_ctx(app):
    """A request context in English, so service messages can be asserted on."""
    with app.test_request_context(), force_locale("en"):
        yield
        db.session.remove()


def travel_form(app, request_id: int, *, route_id: int, day, flights=("TK 1784", "TK 2966"),
                at: str = "10:45", **extra) -> dict:
    """The booking form's fields (without prefix): one leg per flight, CPH → IST → ALP, the
    first leaving at `at` on `day`, every traveller on it."""
    with app.app_context():
        person_ids = [p.person_id for p in db.session.get(Request, request_id).participants
                      if p.travels]
        db.session.remove()
    airports = ["CPH", "IST", "ALP", "DAM", "DOH"]
    form = {"route": route_id, "persons": person_ids, "baggage_kg": "23",
            "meeting_point": "Terminal 3", "meeting_time": "07:45", "escort": "",
            "note": "", "visibility": "shared"}
    for index, flight in enumerate(flights):
        hour = int(at[:2]) + 5 * index
        form.update({
            f"legs-{index}-carrier": "Turkish Airlines", f"legs-{index}-flight_number": flight,
            f"legs-{index}-from_airport": airports[index],
            f"legs-{index}-to_airport": airports[index + 1],
            f"legs-{index}-departure_date": day.isoformat(),
            f"legs-{index}-departure_time": f"{hour:02d}:{at[3:]}",
            f"legs-{index}-arrival_date": day.isoformat(),
            f"legs-{index}-arrival_time": f"{hour + 3:02d}:{at[3:]}"})
    form.update(extra)
    return form


def book_directly(req, route_id: int | None, flights: str, departure) -> None:
    """A booking written without the form (for tests of what reads it): one leg per flight,
    the first leaving at `departure`, every traveller on it; the request's summary kept."""
    from portal.models import Booking, BookingLeg, Route
    from portal.services.processing.trips import LOCAL_TZ

    route = db.session.get(Route, route_id) if route_id else None
    local = departure.astimezone(LOCAL_TZ).replace(tzinfo=None) if departure else None
    numbers = [f.strip() for f in flights.split(",") if f.strip()]
    req.bookings.append(Booking(
        route=route, persons=[p.person for p in req.participants if p.travels],
        legs=[BookingLeg(position=i, carrier="Turkish Airlines", flight_number=number,
                         departs_local=local + timedelta(hours=5 * i) if local else None)
              for i, number in enumerate(numbers)]))
    req.route = route
    req.flight_numbers = flights
    req.departure_at = departure

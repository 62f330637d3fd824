"""Demo requests in every status for Aarhus (751) and København (101).

Histories are built with workflow.transition and back-dated `now=`, so the timelines, the
paused clock and the statistics look real. Safe to run twice: cases carry fixed references.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.db import utcnow
from portal.extensions import db
from portal.models import (
    Attachment,
    AttachmentBlob,
    AttachmentKind,
    Booking,
    BookingLeg,
    BookingStatus,
    Case,
    CaseKind,
    Municipality,
    NoteVisibility,
    Obstacle,
    PayoutEntry,
    PayoutKind,
    Person,
    Relation,
    Request,
    RequestKind,
    RequestPerson,
    Route,
    StandardNote,
    StatusEvent,
    User,
)
from portal.models.counters import recount
from portal.services.processing import notifications, payouts
from portal.services.processing.trips import LOCAL_TZ
from portal.workflow import NOTE_REQUIRED, Status, transition

S = Status
_MAIN = [S.SUBMITTED, S.RECEIVED, S.IN_REVIEW, S.APPROVED, S.TRAVEL_BOOKED, S.DEPARTED, S.CLOSED]
_SPECIAL = {
    S.DRAFT: [],
    S.AWAITING_MUNICIPALITY: [S.SUBMITTED, S.RECEIVED, S.IN_REVIEW, S.AWAITING_MUNICIPALITY],
    S.REJECTED: [S.SUBMITTED, S.RECEIVED, S.IN_REVIEW, S.REJECTED],
    S.WITHDRAWN: [S.SUBMITTED, S.WITHDRAWN],
    S.CANCELLED: [S.SUBMITTED, S.RECEIVED, S.IN_REVIEW, S.APPROVED, S.TRAVEL_BOOKED,
                  S.CANCELLED],
    S.ANNULLED: [S.SUBMITTED, S.RECEIVED, S.IN_REVIEW, S.APPROVED, S.ANNULLED],
}
#: The demo's notes, as staff would write them: standard notes, so each reader sees them in
#: their own language (issue 17, point 2).
NOTES = {
    S.AWAITING_MUNICIPALITY: StandardNote.DEMO_UPLOAD_WAIVER,
    S.IN_REVIEW: StandardNote.DEMO_WAIVER_UPLOADED,
    S.REJECTED: StandardNote.DEMO_NO_FLEXIBLE_PAYMENT,
    S.CANCELLED: StandardNote.DEMO_AIRSPACE_CLOSED,
    S.ANNULLED: StandardNote.DEMO_STAYING_IN_DENMARK,
}
#: What the caseworker answered on the departure step (made up), per municipality.
DEPARTURE_ANSWERS = {
    code: {"address_denmark": address, "address_abroad": "Aleppo, al-Aziziyah",
           "contact_abroad": "Fætter, +963 21 000 0000"}
    for code, address in (("751", "Søndergade 4, 8000 Aarhus C"),
                          ("101", "Amagerbrogade 30, 2300 København S"))}
SUSPENDED_ROUTE = ("Qatar Airways", "Doha", "Aleppo")


def path_to(target: Status) -> list[Status]:
    if target in _SPECIAL:
        return list(_SPECIAL[target])
    return _MAIN[: _MAIN.index(target) + 1]


def walk(req: Request, target: Status, *, caseworker: User, agency: User, start: datetime,
         step: timedelta = timedelta(days=2)) -> datetime:
    """Move a request from draft to `target` along the usual path, one step apart."""
    now = start
    with notifications.suppressed():
        for to in path_to(target):
            actor = caseworker if to in (S.SUBMITTED, S.WITHDRAWN) else agency
            note = (NOTES.get(to, StandardNote.DEMO_NOTE)
                    if (req.status, to) in NOTE_REQUIRED else None)
            transition(req, to, actor, standard_note=note, now=now)
            now += step
    return now


def _persons(seed: int, family: bool, departure: date) -> list[Person]:
    first = ["Omar", "Rami", "Hassan", "Yusuf", "Khaled", "Samir", "Fadi", "Nabil", "Tariq",
             "Walid", "Ziad", "Bashar", "Majid", "Adel", "Karim", "Jamal"][seed % 16]
    last = ["Haddad", "Al-Hassan", "Darwish", "Khoury", "Mansour", "Nasser", "Saleh",
            "Rahimi", "Hosseini", "Aziz"][seed % 10]
    born = date(1970 + seed % 25, 1 + seed % 12, 1 + seed % 27)
    people = [Person(position=0, full_name=f"{first} {last}", birth_date=born,
                     cpr=f"{born:%d%m%y}{1001 + seed:04d}"[:10], relation=Relation.APPLICANT,
                     nationality="SY", passport_number=f"N{seed:07d}")]
    if family:
        spouse_born = date(born.year + 3, 6, 12)
        people.append(Person(position=1, full_name=f"Lina {last}", birth_date=spouse_born,
                             cpr=f"{spouse_born:%d%m%y}{2002 + seed:04d}"[:10],
                             relation=Relation.SPOUSE, nationality="SY",
                             passport_number=f"M{seed:07d}"))
        child_born = min(date(2015, 3, 3), departure - timedelta(days=900))
        people.append(Person(position=2, full_name=f"Sami {last}", birth_date=child_born,
                             cpr=f"{child_born:%d%m%y}{4003 + seed:04d}"[:10],
                             relation=Relation.CHILD, nationality="SY", passport_number=""))
    return people


def _specs(today: date) -> list[dict]:
    """One dict per demo case: municipality, status, kind, days ago it was submitted."""
    specs = []
    for code in ("751", "101"):
        for status, kind, ago, extra in (
            (S.DRAFT, CaseKind.FLEXIBLE_PAYMENT, 0, {}),
            (S.SUBMITTED, CaseKind.FLEXIBLE_PAYMENT, 2, {}),
            (S.RECEIVED, CaseKind.ORDINARY, 6, {"assignee": 0, "obstacle": Obstacle.HEALTH}),
            (S.IN_REVIEW, CaseKind.FLEXIBLE_PAYMENT, 35, {
                "assignee": 1, "family": True,
                "obstacle": Obstacle.MISSING_TRAVEL_DOCUMENT}),
            (S.AWAITING_MUNICIPALITY, CaseKind.FLEXIBLE_PAYMENT, 15, {
                "assignee": 0, "internal": True}),
            (S.APPROVED, CaseKind.ORDINARY, 20, {"assignee": 1}),
            (S.TRAVEL_BOOKED, CaseKind.FLEXIBLE_PAYMENT, 22, {"assignee": 0, "soon": True}),
            (S.TRAVEL_BOOKED, CaseKind.ORDINARY, 24, {"assignee": 1, "suspended": True}),
            (S.DEPARTED, CaseKind.ORDINARY, 40, {"assignee": 0, "family": True,
                                                 "obstacle": Obstacle.TRANSFERS_IMPOSSIBLE}),
            (S.CLOSED, CaseKind.FLEXIBLE_PAYMENT, 60, {"assignee": 1}),
            (S.REJECTED, CaseKind.FLEXIBLE_PAYMENT, 30, {"assignee": 0}),
            (S.WITHDRAWN, CaseKind.ORDINARY, 12, {}),
            (S.ANNULLED, CaseKind.FLEXIBLE_PAYMENT, 18, {"assignee": 0}),
            (S.CANCELLED, CaseKind.FLEXIBLE_PAYMENT, 26, {"assignee": 1,
                                                          "obstacle": Obstacle.ROUTE_SUSPENDED}),
        ):
            specs.append({"code": code, "status": status, "kind": kind, "ago": ago, **extra})
        # Earlier departures this year, for the statistics chart.
        for month in range(1, today.month):
            specs.append({"code": code, "status": S.CLOSED, "kind": CaseKind.FLEXIBLE_PAYMENT,
                          "ago": (today - date(today.year, month, 3)).days,
                          "assignee": month % 2, "family": month % 3 == 0})
    # One possible duplicate (issue 16): København files the applicant of Aarhus' submitted
    # request again, with the same CPR and passport numbers; both requests are open.
    aarhus = next(i for i, spec in enumerate(specs)
                  if (spec["code"], spec["status"]) == ("751", S.SUBMITTED))
    again = next(s for s in specs if (s["code"], s["status"]) == ("101", S.RECEIVED))
    again["person_seed"] = aarhus
    return specs


def _reference(index: int, today: date) -> str:
    return f"R-{today.year}-9{index:05d}"


def load() -> str:
    today = date.today()
    if db.session.scalar(select(Case).where(Case.reference == _reference(0, today))):
        return "Demo processing: already there."
    users = {u.email: u for u in db.session.scalars(select(User))}
    try:
        caseworkers = {"751": users["aarhus@demo.test"], "101": users["kobenhavn@demo.test"]}
        staff = [users["agency@demo.test"], users["agency2@demo.test"]]
    except KeyError:
        return "Demo processing: skipped (load the demo accounts first)."
    municipalities = {m.code: m for m in db.session.scalars(
        select(Municipality).where(Municipality.code.in_(("751", "101"))))}
    routes = {(r.airline, r.via, r.destination): r for r in db.session.scalars(select(Route))}
    suspended = routes.get(SUSPENDED_ROUTE)
    if suspended is None:
        suspended = Route(airline=SUSPENDED_ROUTE[0], via=SUSPENDED_ROUTE[1],
                          destination=SUSPENDED_ROUTE[2], country_code="SY", active=False,
                          note="Suspenderet (demo): luftrummet er lukket.")
        db.session.add(suspended)
        db.session.flush()
    aleppo = routes.get(("Turkish Airlines", "Istanbul", "Aleppo")) or suspended

    now = utcnow()
    for index, spec in enumerate(_specs(today)):
        _make(index, spec, today=today, now=now, caseworker=caseworkers[spec["code"]],
              municipality=municipalities[spec["code"]], staff=staff,
              route=suspended if spec.get("suspended") else aleppo)
    db.session.flush()
    recount(db.session)
    return f"Demo processing: {len(_specs(today))} cases in every status."


def _make(index, spec, *, today, now, caseworker, municipality, staff, route) -> None:
    status, ago = spec["status"], spec["ago"]
    departure = today + timedelta(days=4 if spec.get("soon") else 30)
    case = Case(reference=_reference(index, today), municipality=municipality,
                created_by=caseworker, kind=spec["kind"], destination_country="SY",
                planned_departure=departure, obstacle=spec.get("obstacle", Obstacle.NONE))
    case.persons = _persons(spec.get("person_seed", index), spec.get("family", False), departure)
    kind = (RequestKind.FLEXIBLE_PAYMENT if spec["kind"] is CaseKind.FLEXIBLE_PAYMENT
            else RequestKind.DEPARTURE)
    req = Request(municipality=municipality, kind=kind, created_by=caseworker,
                  status=S.DRAFT, created_at=now - timedelta(days=ago + 1))
    req.participants = [RequestPerson(person=p, travels=True, **DEPARTURE_ANSWERS[spec["code"]])
                        for p in case.persons]
    case.requests.append(req)
    db.session.add(case)
    db.session.flush()
    if "assignee" in spec:
        req.assignee = staff[spec["assignee"]]
    steps = max(len(path_to(status)), 1)
    start = datetime.combine(today - timedelta(days=ago), time(9, 0), tzinfo=UTC)
    step = timedelta(days=min(3, max(ago, 1) / (steps + 1)))
    if status is S.AWAITING_MUNICIPALITY:
        step = timedelta(days=1)  # so the clock has been paused for many days
    walk(req, status, caseworker=caseworker, agency=staff[spec.get("assignee", 0)],
         start=start, step=step)
    if spec.get("internal"):
        req.events.append(StatusEvent(actor_id=staff[0].id, from_status=req.status,
                                      to_status=req.status, created_at=start + step,
                                      visibility=NoteVisibility.INTERNAL,
                                      standard_note=StandardNote.DEMO_CHECK_PASSPORT,
                                      note=StandardNote.DEMO_CHECK_PASSPORT.stored))
    if status in (S.TRAVEL_BOOKED, S.DEPARTED, S.CLOSED, S.CANCELLED):
        _book(req, route, req.departed_at or datetime.combine(departure, time(10, 45),
                                                              tzinfo=UTC),
              cancelled=status is S.CANCELLED)
    if status in (S.DEPARTED, S.CLOSED) and spec["kind"] is CaseKind.FLEXIBLE_PAYMENT:
        for participant in req.participants:
            participant.payout_amount = Decimal("117984.06")
            participant.paid_out_at = req.departed_at
            db.session.add(PayoutEntry(
                request_id=req.id, person_id=participant.person_id,
                kind=PayoutKind.CASH_AT_DEPARTURE, amount=participant.payout_amount,
                currency="DKK", paid_on=req.departed_at.date(), reference=f"KASSE-{req.id}",
                recorded_by_id=staff[0].id, recorded_at=req.departed_at))
    if status in (S.DEPARTED, S.CLOSED):
        payouts.create_for_departure(req, now=req.departed_at)
    if spec["kind"] is CaseKind.FLEXIBLE_PAYMENT and status in DOCUMENTED and ago < 100:
        for attachment_kind in (AttachmentKind.WAIVER, AttachmentKind.IN325):
            data = _demo_pdf(f"{attachment_kind.value} - {case.reference} (demo)")
            item = Attachment(case_id=case.id, request_id=req.id, kind=attachment_kind,
                              original_name=f"{attachment_kind.value}-{case.reference}.pdf",
                              stored_name=uuid.uuid4().hex, content_type="application/pdf",
                              size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                              uploaded_by_id=caseworker.id, uploaded_at=start)
            item.blob = AttachmentBlob(data=data)
            db.session.add(item)


#: The demo's two itineraries: (carrier, flight, from, to, hours after departure, duration).
LEGS = {"Turkish": [("Turkish Airlines", "TK 1784", "CPH", "IST", 0, 4),
                    ("Turkish Airlines", "TK 2966", "IST", "ALP", 6, 2)],
        "Qatar": [("Qatar Airways", "QR 160", "CPH", "DOH", 0, 6),
                  ("Qatar Airways", "QR 412", "DOH", "ALP", 9, 3)]}


def _book(req: Request, route: Route, departure: datetime, *, cancelled: bool) -> None:
    """A two-leg booking of all travellers; the request keeps its indexed summary."""
    local = departure.astimezone(LOCAL_TZ).replace(tzinfo=None)
    legs = [BookingLeg(position=i, carrier=carrier, flight_number=flight, from_airport=src,
                       to_airport=dst, departs_local=local + timedelta(hours=start),
                       arrives_local=local + timedelta(hours=start + hours))
            for i, (carrier, flight, src, dst, start, hours) in enumerate(
                LEGS["Turkish" if route.airline.startswith("Turkish") else "Qatar"])]
    booking = Booking(route=route, legs=legs, persons=[p.person for p in req.participants],
                      baggage_kg=23, meeting_point="Lufthavnen, Terminal 3, skranke 10",
                      meeting_time=(local - timedelta(hours=3)).time(),
                      status=BookingStatus.CANCELLED if cancelled else BookingStatus.ACTIVE,
                      cancel_reason=NOTES[S.CANCELLED].stored if cancelled else "")
    req.bookings.append(booking)
    if not cancelled:  # a cancelled booking leaves no summary on the request
        req.route = route
        req.flight_numbers = booking.flight_numbers
        req.departure_at = departure


DOCUMENTED = (S.AWAITING_MUNICIPALITY, S.APPROVED, S.TRAVEL_BOOKED, S.DEPARTED, S.CLOSED,
              S.CANCELLED)


def _demo_pdf(title: str) -> bytes:
    """A one-line PDF standing in for a scanned, signed document."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 770, title)
    pdf.save()
    return buffer.getvalue()

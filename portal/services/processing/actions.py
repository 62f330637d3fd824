"""The agency's actions on a request: every status change through workflow.transition().

Each action takes the version the clerk's form was built from; a stale save is refused
with ConflictError, so the first of two concurrent saves is kept (optimistic locking).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import Row, select
from sqlalchemy.orm import joinedload, selectinload

from portal import formatting, rules
from portal.db import utcnow
from portal.extensions import db
from portal.models import (
    CaseKind,
    Obstacle,
    PayoutKind,
    Request,
    RequestKind,
    RequestPerson,
    Role,
    User,
)
from portal.services import versioning
from portal.services.accounts import audit
from portal.services.filing import cash
from portal.services.processing import agency_documents, ledger, notifications
from portal.workflow import AGENCY, Status, TransitionError, allowed_targets, transition

LOCAL_TZ = ZoneInfo("Europe/Copenhagen")
#: Statuses in which the cash payout per person may be recorded.
PAYOUT_STATUSES = (Status.APPROVED, Status.TRAVEL_BOOKED, Status.DEPARTED)
#: Statuses before the booking: the processing clock still runs (or is paused).
PRE_BOOKING = (Status.SUBMITTED, Status.RECEIVED, Status.IN_REVIEW,
               Status.AWAITING_MUNICIPALITY, Status.APPROVED)


class ProcessingError(Exception):
    """An action the rules refuse; the message is shown to the clerk."""


class ConflictError(ProcessingError):
    """The request changed since the form was built; the first save is kept."""


def _conflict_message() -> str:
    return _("Someone else changed this request while you were working on it. Your change "
             "was not saved: the page now shows the latest version. Check it and try again.")


def check_version(req: Request, expected_version: int | None) -> None:
    if versioning.is_stale(req, expected_version):
        raise ConflictError(_conflict_message())


def require_agency(actor: User) -> None:
    if actor.role is not Role.AGENCY:
        raise ProcessingError(_("Only agency staff can process requests."))


def move(req: Request, to: Status, actor: User, *, expected_version: int | None,
         note: str = "", shared: bool = True, now: datetime | None = None):
    """One status change with the version check, the audit row and a readable error."""
    require_agency(actor)
    check_version(req, expected_version)
    frm = req.status
    try:
        event = transition(req, to, actor, note=note, shared=shared, now=now)
    except TransitionError as exc:
        raise ProcessingError(str(exc)) from None
    audit.record("transition", request_obj=req, user=actor, detail=f"{frm}->{to}")
    db.session.flush()
    return event


def receive(req, actor, *, expected_version, note="", shared=True, now=None):
    """Receive a submitted request; an unassigned request goes to the receiver."""
    event = move(req, Status.RECEIVED, actor, expected_version=expected_version, note=note,
                 shared=shared, now=now)
    if req.assignee_id is None:
        req.assignee_id = actor.id
    return event


def start_review(req, actor, *, expected_version, note="", shared=True, now=None):
    return move(req, Status.IN_REVIEW, actor, expected_version=expected_version, note=note,
                shared=shared, now=now)


def ask_for_information(req, actor, *, expected_version, message, now=None):
    """The question is always shared; the processing clock pauses until the answer."""
    return move(req, Status.AWAITING_MUNICIPALITY, actor, expected_version=expected_version,
                note=message, shared=True, now=now)


def resume_review(req, actor, *, expected_version, note, now=None):
    """The agency takes the request back into review (e.g. the answer came by phone)."""
    return move(req, Status.IN_REVIEW, actor, expected_version=expected_version, note=note,
                shared=True, now=now)


def approve(req, actor, *, expected_version, note="", shared=True, now=None):
    return move(req, Status.APPROVED, actor, expected_version=expected_version, note=note,
                shared=shared, now=now)


def reject(req, actor, *, expected_version, reason, now=None):
    """The reason is shared, and the Danish decision letter is attached for the municipality."""
    event = move(req, Status.REJECTED, actor, expected_version=expected_version, note=reason,
                 shared=True, now=now)
    agency_documents.store_decision_letter(req, event, actor)
    return event


def suggested_payout(req: Request, participant: RequestPerson) -> Decimal | None:
    """With flexible payment the whole assistance is paid in cash at departure."""
    if req.case.kind is not CaseKind.FLEXIBLE_PAYMENT:
        return None
    day = (req.departure_at.date() if req.departure_at else req.case.planned_departure
           or date.today())
    rates = cash.rates_on(day)
    if rates is None:
        return None
    return rules.flexible_payment_amount(rates, participant.person.birth_date, day)


class PayoutAmountError(ProcessingError):
    """The amount itself is refused; shown at the amount field."""


def record_payout(req, actor, *, expected_version, participant_id: int, amount: Decimal,
                  reason: str = "", paid_on: date | None = None, reference: str = "",
                  now=None) -> RequestPerson:
    """The cash paid out to one person at departure, as an entry of the payout ledger: above
    0, and within the tolerance of the suggested amount unless a reason is given."""
    require_agency(actor)
    check_version(req, expected_version)
    if req.status not in PAYOUT_STATUSES:
        raise ProcessingError(_("A payout can be recorded once the request is approved."))
    participant = next((p for p in req.participants if p.id == participant_id), None)
    if participant is None:
        raise ProcessingError(_("This person is not part of the request."))
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
        raise PayoutAmountError(_("Enter the amount paid out: more than 0 kroner."))
    if amount > Decimal("10000000"):
        raise PayoutAmountError(_("Enter the amount paid out in kroner."))
    reason = (reason or "").strip()
    suggested = suggested_payout(req, participant)
    if not reason and not rules.payout_plausible(amount, suggested):
        raise PayoutAmountError(_(
            "The amount is more than %(tolerance)s %% away from the suggested %(suggested)s. "
            "Check the number, or give the reason for the difference.",
            tolerance=formatting.number(rules.PAYOUT_TOLERANCE * 100),
            suggested=formatting.money(suggested)))
    ledger.record(req, participant.person, actor, kind=PayoutKind.CASH_AT_DEPARTURE,
                  payment=ledger.Payment(amount=amount, paid_on=paid_on, reference=reference),
                  suggested=suggested, reason=reason, now=now)
    # The amount in force, read by the page and the PDFs; the ledger keeps every entry.
    participant.payout_amount = amount
    participant.paid_out_at = now or utcnow()
    req.updated_at = now or utcnow()  # bumps the version: the page others hold is stale
    db.session.flush()
    return participant


def mark_departed(req, actor, *, expected_version, note="", shared=True, now=None):
    """Departed, at the earliest on the booked departure day (Danish time)."""
    from portal.services.processing import payouts

    today = (now or utcnow()).astimezone(LOCAL_TZ).date()
    if req.departure_at is not None and today < req.departure_at.astimezone(LOCAL_TZ).date():
        raise ProcessingError(_(
            "The household cannot have departed before the booked departure on %(date)s.",
            date=formatting.day(req.departure_at.astimezone(LOCAL_TZ).date(), "long")))
    event = move(req, Status.DEPARTED, actor, expected_version=expected_version, note=note,
                 shared=shared, now=now)
    payouts.create_for_departure(req, now=now)
    return event


def reopen(req, actor, *, expected_version, reason, now=None):
    """Undo a final step taken by mistake: back to the status the request came from, with
    the reason shared on the history (and audited as every move is)."""
    came_from = next((e.from_status for e in sorted(req.events, key=lambda e: e.id,
                                                    reverse=True)
                      if e.to_status is req.status and e.from_status is not req.status), None)
    if came_from is None or came_from not in allowed_targets(req.status, AGENCY):
        raise ProcessingError(_("This request cannot be reopened."))
    return move(req, came_from, actor, expected_version=expected_version, note=reason,
                shared=True, now=now)


def close(req, actor, *, expected_version, note="", shared=True, now=None):
    """Closed after the departure ("Afsluttet efter udrejse")."""
    return move(req, Status.CLOSED, actor, expected_version=expected_version, note=note,
                shared=shared, now=now)


def annul(req, actor, *, expected_version, reason, now=None):
    """Closed without a departure ("Annulleret"): the reason is shared, and a payout
    already made is flagged to be followed up."""
    event = move(req, Status.ANNULLED, actor, expected_version=expected_version, note=reason,
                 shared=True, now=now)
    req.case.planned_departure = None
    ledger.flag_for_follow_up(req, actor)
    return event


def settle_payout_follow_up(req, actor, *, expected_version, note: str) -> None:
    """The payouts flagged on cancelling are followed up; the note goes on the history."""
    add_note(req, actor, expected_version=expected_version, note=note, shared=False)
    ledger.settle_follow_up(req, actor, note=note)


def agency_staff() -> list[Row]:
    """The active agency staff as (id, name) rows, for the assignee choices."""
    return list(db.session.execute(
        select(User.id, User.name).where(User.role == Role.AGENCY, User.active.is_(True))
        .order_by(User.name)))


def assign(req, actor, *, expected_version, assignee_id: int | None,
           take_over: bool = False) -> None:
    """Assign to a clerk (or nobody); 'assign to me' passes the actor's own id.

    Taking a request from a colleague needs `take_over` (the page asks to confirm); the new
    owner and the colleague who had it are told by e-mail, unless they made the change.
    """
    require_agency(actor)
    check_version(req, expected_version)
    previous = req.assignee
    if previous is not None and previous.id not in (actor.id, assignee_id) and not take_over:
        raise ProcessingError(_("%(name)s has this request. Confirm that it is to be taken "
                                "over.", name=previous.name))
    assignee = None
    if assignee_id is not None:
        assignee = db.session.get(User, assignee_id)
        if assignee is None or assignee.role is not Role.AGENCY or not assignee.active:
            raise ProcessingError(_("Choose an active member of the agency staff."))
    if previous is assignee:
        return
    req.assignee_id = assignee_id
    req.assignee = assignee
    audit.record("assign", request_obj=req, user=actor, detail=f"assignee={assignee_id}")
    db.session.flush()
    notifications.assignment_mails(req, actor=actor, previous=previous, assignee=assignee)


#: Obstacles the agency sets by hand; "awaiting the municipality" is read from the status.
STORED_OBSTACLES = tuple(o for o in Obstacle if o is not Obstacle.AWAITING_MUNICIPALITY)


def set_obstacle(req, actor, *, expected_version, obstacle: Obstacle) -> None:
    require_agency(actor)
    check_version(req, expected_version)
    if obstacle not in STORED_OBSTACLES:
        raise ProcessingError(_("“Awaiting the municipality” follows from the status: ask "
                                "the municipality for information instead."))
    req.case.obstacle = obstacle
    req.updated_at = utcnow()
    audit.record("set_obstacle", request_obj=req, user=actor, detail=str(obstacle))
    db.session.flush()


def add_note(req, actor, *, expected_version, note: str, shared: bool, now=None):
    """A note without a status change: a history row with the same from and to status."""
    from portal.models import NoteVisibility, StatusEvent

    require_agency(actor)
    check_version(req, expected_version)
    note = (note or "").strip()
    if not note:
        raise ProcessingError(_("Write the note."))
    event = StatusEvent(actor_id=actor.id, from_status=req.status, to_status=req.status,
                        note=note, created_at=now or utcnow(),
                        visibility=NoteVisibility.SHARED if shared else NoteVisibility.INTERNAL)
    req.events.append(event)
    req.updated_at = now or utcnow()
    audit.record("add_note", request_obj=req, user=actor, detail=str(event.visibility))
    db.session.flush()
    return event


# --- Read helpers for the request page ---------------------------------------------------------


def processing_seconds_now(req: Request, now: datetime | None = None) -> int | None:
    """The running clock minus pauses (frozen once travel is booked)."""
    if req.processing_seconds is not None:
        return req.processing_seconds
    if req.submitted_at is None:
        return None
    now = now or utcnow()
    paused = req.paused_seconds
    if req.awaiting_since is not None:
        paused += max(0, int((now - req.awaiting_since).total_seconds()))
    return rules.processing_seconds(req.submitted_at, now, paused)


def is_overdue(req: Request, now: datetime | None = None) -> bool:
    if req.status not in PRE_BOOKING or req.submitted_at is None:
        return False
    now = now or utcnow()
    end = req.awaiting_since or now
    return rules.is_overdue(req.submitted_at, end, req.paused_seconds)


def departure_warnings(req: Request, today: date | None = None) -> list[str]:
    """A departure within 7 days lacking its cash declaration or past the customs deadline."""
    if req.departure_at is None or req.status is not Status.TRAVEL_BOOKED:
        return []
    today = today or date.today()
    day = req.departure_at.astimezone(LOCAL_TZ).date()
    flexible = req.kind is RequestKind.FLEXIBLE_PAYMENT or (
        req.case.kind is CaseKind.FLEXIBLE_PAYMENT)
    received = [d for d in req.cash_declarations if d.received_at is not None]
    missing = flexible and bool(req.participants) and not received
    deadline = rules.customs_deadline(day)
    late = flexible and (
        (today > deadline and not received)
        or any(d.customs_assist and not rules.customs_deadline_met(
            d.received_at.astimezone(LOCAL_TZ).date(), day) for d in received))
    if not rules.departure_needs_warning(day, today, declaration_missing=missing,
                                         customs_deadline_passed=late):
        return []
    warnings = []
    if missing:
        warnings.append(_("The departure is within 7 days and the cash declaration has not "
                          "been received."))
    if late:
        warnings.append(_("The customs deadline (%(day)s) has passed.",
                          day=formatting.day(deadline)))
    return warnings


def load_for_page(request_id: int) -> Request | None:
    """The request with everything its page shows: its case with the persons, assignee,
    route, trip, participants, cash declarations and history with their actors."""
    from portal.models import Booking, Case, CashDeclaration, StatusEvent

    return db.session.scalars(select(Request).where(Request.id == request_id).options(
        joinedload(Request.case).selectinload(Case.persons),
        joinedload(Request.assignee), joinedload(Request.route),
        joinedload(Request.recon_trip),
        selectinload(Request.participants).joinedload(RequestPerson.person),
        selectinload(Request.bookings).options(
            selectinload(Booking.legs), selectinload(Booking.persons),
            joinedload(Booking.route)),
        selectinload(Request.cash_declarations).options(
            joinedload(CashDeclaration.person), joinedload(CashDeclaration.customs_document)),
        selectinload(Request.events).joinedload(StatusEvent.actor))).one_or_none()


def attachments_for(req: Request) -> list:
    """The case's uploaded documents (metadata only; the content stays in its own table)."""
    from portal.models import Attachment

    return list(db.session.scalars(select(Attachment).where(
        Attachment.case_id == req.case_id).order_by(Attachment.uploaded_at, Attachment.id)))


def days(seconds: int | None) -> float | None:
    return None if seconds is None else round(seconds / 86400, 1)


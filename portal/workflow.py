"""Request lifecycle: the statuses, who may move what where, and the one transition()."""

from __future__ import annotations

import enum
from datetime import datetime

from blinker import Namespace
from flask_babel import lazy_gettext as _l

from portal.db import utcnow

_signals = Namespace()
#: Sent after every transition with request=, event=, actor=; notifications listen here.
transitioned = _signals.signal("request-transitioned")


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RECEIVED = "received"
    IN_REVIEW = "in_review"
    AWAITING_MUNICIPALITY = "awaiting_municipality"
    APPROVED = "approved"
    TRAVEL_BOOKED = "travel_booked"
    DEPARTED = "departed"
    CLOSED = "closed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return _STATUS_LABELS[self]

    @property
    def is_terminal(self) -> bool:
        return self in TERMINAL


_STATUS_LABELS = {
    Status.DRAFT: _l("Draft"),
    Status.SUBMITTED: _l("Submitted"),
    Status.RECEIVED: _l("Received"),
    Status.IN_REVIEW: _l("In review"),
    Status.AWAITING_MUNICIPALITY: _l("Awaiting the municipality"),
    Status.APPROVED: _l("Approved"),
    Status.TRAVEL_BOOKED: _l("Travel booked"),
    Status.DEPARTED: _l("Departed"),
    Status.CLOSED: _l("Closed"),
    Status.REJECTED: _l("Rejected"),
    Status.WITHDRAWN: _l("Withdrawn"),
    Status.CANCELLED: _l("Cancelled"),
}

TERMINAL = frozenset({Status.CLOSED, Status.REJECTED, Status.WITHDRAWN})
#: Statuses the agency's queue shows by default (everything that has been submitted).
SUBMITTED_STATUSES = tuple(s for s in Status if s is not Status.DRAFT)
OPEN_STATUSES = tuple(s for s in Status if s not in TERMINAL)

CASEWORKER, AGENCY = "caseworker", "agency"
_WITHDRAWABLE = (Status.SUBMITTED, Status.RECEIVED, Status.IN_REVIEW, Status.AWAITING_MUNICIPALITY)

#: (from, to) -> roles that may make the move.
TRANSITIONS: dict[tuple[Status, Status], frozenset[str]] = {
    (Status.DRAFT, Status.SUBMITTED): frozenset({CASEWORKER}),
    **{(s, Status.WITHDRAWN): frozenset({CASEWORKER}) for s in _WITHDRAWABLE},
    (Status.SUBMITTED, Status.RECEIVED): frozenset({AGENCY}),
    (Status.RECEIVED, Status.IN_REVIEW): frozenset({AGENCY}),
    (Status.IN_REVIEW, Status.AWAITING_MUNICIPALITY): frozenset({AGENCY}),
    (Status.AWAITING_MUNICIPALITY, Status.IN_REVIEW): frozenset({CASEWORKER, AGENCY}),
    (Status.IN_REVIEW, Status.APPROVED): frozenset({AGENCY}),
    (Status.RECEIVED, Status.REJECTED): frozenset({AGENCY}),
    (Status.IN_REVIEW, Status.REJECTED): frozenset({AGENCY}),
    (Status.APPROVED, Status.TRAVEL_BOOKED): frozenset({AGENCY}),
    (Status.APPROVED, Status.CLOSED): frozenset({AGENCY}),
    (Status.APPROVED, Status.CANCELLED): frozenset({AGENCY}),
    (Status.TRAVEL_BOOKED, Status.DEPARTED): frozenset({AGENCY}),
    (Status.TRAVEL_BOOKED, Status.CANCELLED): frozenset({AGENCY}),
    (Status.CANCELLED, Status.APPROVED): frozenset({AGENCY}),
    (Status.DEPARTED, Status.CLOSED): frozenset({AGENCY}),
}

#: Moves whose note is required, because the other party must know why.
NOTE_REQUIRED = frozenset(
    {
        (Status.IN_REVIEW, Status.AWAITING_MUNICIPALITY),
        (Status.AWAITING_MUNICIPALITY, Status.IN_REVIEW),
        (Status.RECEIVED, Status.REJECTED),
        (Status.IN_REVIEW, Status.REJECTED),
        (Status.APPROVED, Status.CANCELLED),
        (Status.TRAVEL_BOOKED, Status.CANCELLED),
    }
)


class TransitionError(Exception):
    """A move the table or the rules do not allow; the message is shown to the user."""


def allowed_targets(status: Status, role: str) -> list[Status]:
    """The statuses this role may move a request to from its current status."""
    return [to for (frm, to), roles in TRANSITIONS.items() if frm is status and role in roles]


def can_transition(status: Status, to: Status, role: str) -> bool:
    return role in TRANSITIONS.get((status, to), frozenset())


def transition(request, to: Status, actor, *, note: str = "", shared: bool = True,
               now: datetime | None = None):
    """Move a request, stamp the time, keep the paused clock and write the history.

    The only place a request's status changes. Returns the new StatusEvent.
    """
    from portal.models.requests import NoteVisibility, StatusEvent

    role = str(actor.role)
    frm = request.status
    if not can_transition(frm, to, role):
        raise TransitionError(
            _l("A request that is “%(status)s” cannot be moved to “%(target)s” by you.",
               status=frm.label, target=to.label)
        )
    if role == CASEWORKER and actor.municipality_id != request.municipality_id:
        raise TransitionError(_l("This request belongs to another municipality."))
    note = (note or "").strip()
    if (frm, to) in NOTE_REQUIRED and not note:
        raise TransitionError(_l("Please write a note: the other party needs to know why."))
    if role == CASEWORKER:
        shared = True  # a municipality's answer is always shared

    now = now or utcnow()
    if frm is Status.AWAITING_MUNICIPALITY and request.awaiting_since is not None:
        request.paused_seconds += max(0, int((now - request.awaiting_since).total_seconds()))
        request.awaiting_since = None
    if to is Status.AWAITING_MUNICIPALITY:
        request.awaiting_since = now
    if to is Status.SUBMITTED:
        request.submitted_at = now
    if to is Status.TRAVEL_BOOKED:
        request.travel_booked_at = now
        if request.processing_seconds is None and request.submitted_at is not None:
            elapsed = int((now - request.submitted_at).total_seconds())
            request.processing_seconds = max(0, elapsed - request.paused_seconds)
    if to is Status.DEPARTED:
        request.departed_at = now
    request.status = to
    request.status_changed_at = now

    event = StatusEvent(
        actor_id=actor.id,
        from_status=frm,
        to_status=to,
        note=note,
        visibility=NoteVisibility.SHARED if shared else NoteVisibility.INTERNAL,
        created_at=now,
    )
    request.events.append(event)
    _close_case_if_done(request.case, now)
    transitioned.send(request, event=event, actor=actor)
    return event


def _close_case_if_done(case, now: datetime) -> None:
    """A case is closed when none of its requests is open any more (drives retention)."""
    if case is None:
        return
    if case.requests and all(r.status in TERMINAL for r in case.requests):
        case.closed_at = case.closed_at or now
    else:
        case.closed_at = None

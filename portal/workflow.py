"""Request lifecycle: the statuses, who may move what where, and the one transition()."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from blinker import Namespace
from flask_babel import lazy_gettext as _l

from portal.db import utcnow

# Status is defined beside the Request model that stores it; the lifecycle is read from here.
from portal.models.requests import NoteVisibility, Status, StatusEvent
from portal.models.standard_notes import StandardNote

_signals = Namespace()
#: Sent after every transition with request=, event=, actor=; notifications listen here.
transitioned = _signals.signal("request-transitioned")


TERMINAL = frozenset({Status.CLOSED, Status.ANNULLED, Status.REJECTED, Status.WITHDRAWN})
#: Statuses the agency's queue shows by default (everything that has been submitted).
SUBMITTED_STATUSES = tuple(s for s in Status if s is not Status.DRAFT)
OPEN_STATUSES = tuple(s for s in Status if s not in TERMINAL)

CASEWORKER, AGENCY = "caseworker", "agency"
_WITHDRAWABLE = (Status.SUBMITTED, Status.RECEIVED, Status.IN_REVIEW, Status.AWAITING_MUNICIPALITY)


class Move(NamedTuple):
    """Who may make a move, the name of the agency's action for it (its form prefix and
    URL part), and whether a note is required because the other party must know why."""

    roles: frozenset[str]
    action: str = ""
    note_required: bool = False


def _agency(action: str, *, note_required: bool = False) -> Move:
    return Move(frozenset({AGENCY}), action, note_required)


#: (from, to) -> the move. The one table of the lifecycle: the agency's actions and the
#: notes required are read from it.
TRANSITIONS: dict[tuple[Status, Status], Move] = {
    (Status.DRAFT, Status.SUBMITTED): Move(frozenset({CASEWORKER})),
    **{(s, Status.WITHDRAWN): Move(frozenset({CASEWORKER})) for s in _WITHDRAWABLE},
    (Status.SUBMITTED, Status.RECEIVED): _agency("receive"),
    (Status.RECEIVED, Status.IN_REVIEW): _agency("start_review"),
    (Status.IN_REVIEW, Status.AWAITING_MUNICIPALITY): _agency("ask_info", note_required=True),
    (Status.AWAITING_MUNICIPALITY, Status.IN_REVIEW): Move(
        frozenset({CASEWORKER, AGENCY}), "resume_review", note_required=True),
    (Status.IN_REVIEW, Status.APPROVED): _agency("approve"),
    (Status.RECEIVED, Status.REJECTED): _agency("reject", note_required=True),
    (Status.IN_REVIEW, Status.REJECTED): _agency("reject", note_required=True),
    (Status.APPROVED, Status.TRAVEL_BOOKED): _agency("plan_travel"),
    # Closed without departure ("Annulleret"): the reason is shared, the municipality must know.
    (Status.APPROVED, Status.ANNULLED): _agency("annul", note_required=True),
    (Status.CANCELLED, Status.ANNULLED): _agency("annul", note_required=True),
    (Status.TRAVEL_BOOKED, Status.DEPARTED): _agency("depart"),
    (Status.TRAVEL_BOOKED, Status.CANCELLED): _agency("cancel", note_required=True),
    (Status.CANCELLED, Status.APPROVED): _agency("rebook"),
    # Closed after departure ("Afsluttet efter udrejse").
    (Status.DEPARTED, Status.CLOSED): _agency("close"),
    # Corrections: a final status set by mistake is reopened, with the reason on the history.
    (Status.DEPARTED, Status.TRAVEL_BOOKED): _agency("reopen", note_required=True),
    (Status.CLOSED, Status.DEPARTED): _agency("reopen", note_required=True),
    (Status.ANNULLED, Status.APPROVED): _agency("reopen", note_required=True),
    (Status.ANNULLED, Status.CANCELLED): _agency("reopen", note_required=True),
    (Status.REJECTED, Status.IN_REVIEW): _agency("reopen", note_required=True),
}

#: Moves whose note is required, because the other party must know why.
NOTE_REQUIRED = frozenset(key for key, move in TRANSITIONS.items() if move.note_required)


class TransitionError(Exception):
    """A move the table or the rules do not allow; the message is shown to the user."""


def allowed_targets(status: Status, role: str) -> list[Status]:
    """The statuses this role may move a request to from its current status."""
    return [to for (frm, to), move in TRANSITIONS.items() if frm is status and role in move.roles]


def agency_actions(status: Status) -> list[str]:
    """The names of the actions the agency may take from this status (each once: a reopened
    request goes back to where it came from, whichever move that was)."""
    names = [TRANSITIONS[(status, to)].action for to in allowed_targets(status, AGENCY)]
    return list(dict.fromkeys(names))


def can_transition(status: Status, to: Status, role: str) -> bool:
    move = TRANSITIONS.get((status, to))
    return move is not None and role in move.roles


def transition(request, to: Status, actor, *, note: str = "", shared: bool = True,
               standard_note: StandardNote | None = None, now: datetime | None = None):
    """Move a request, stamp the time, keep the paused clock and write the history.

    The only place a request's status changes. A `standard_note` is a text the portal writes
    instead of a typed `note`: stored in Danish, shown in each reader's language.
    Returns the new StatusEvent.
    """
    if standard_note is not None:
        if note:
            raise ValueError("a typed note and a standard note are one note too many")
        note = standard_note.stored
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
        standard_note=standard_note,
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

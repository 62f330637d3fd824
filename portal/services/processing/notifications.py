"""E-mail on status changes: listens to portal.workflow.transitioned.

The case's caseworkers hear of every status change the agency makes and of its shared notes
(information requests included); the assignee hears when the municipality answers. Bodies
carry the reference, the status and a link, never a CPR number or a person's name. Mail goes
out in the recipient's language and only after the commit (portal.mail queues it).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal import formatting, mail
from portal.extensions import db
from portal.models import NoteVisibility, Role, User
from portal.services.processing import trips
from portal.workflow import Status, transitioned

_suppressed: ContextVar[bool] = ContextVar("notifications_suppressed", default=False)
#: Endpoints of the municipality's case page, tried in order (the first that exists wins).
CASE_PAGE_ENDPOINTS = ("municipality.case_detail", "municipality.case", "municipality.view_case")


@contextmanager
def suppressed():
    """No per-transition mail inside (bulk moves send one summary per municipality)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def connect_signals() -> None:
    """Called once from the app factory; connecting twice is harmless (same receiver)."""
    transitioned.connect(_on_transition)


def case_link(case) -> str:
    for endpoint in CASE_PAGE_ENDPOINTS:
        if endpoint in current_app.view_functions:
            return mail.absolute_url(endpoint, case_id=case.id)
    return mail.absolute_url("municipality.start")


def caseworkers_for(case) -> list[User]:
    """The case's own caseworker, or every active caseworker of the municipality."""
    creator = case.created_by
    if creator is not None and creator.active and creator.role is Role.CASEWORKER:
        return [creator]
    return list(db.session.scalars(
        select(User).where(User.role == Role.CASEWORKER, User.active.is_(True),
                           User.municipality_id == case.municipality_id).order_by(User.id)))


def footer() -> str:
    """The last line of every mail (called where the recipient's language is in force)."""
    return _("This e-mail was sent by the Repatriation Portal. Do not reply to it.")


def send_localised(user: User, build) -> None:
    with force_locale(formatting.locale_for(user.locale)):
        subject, body = build()
    mail.send(user.email, subject, body)


def _on_transition(sender, event=None, actor=None, **_kwargs) -> None:
    if _suppressed.get() or event is None:
        return
    request = sender
    case = request.case
    reference = case.reference or ""
    actor_role = getattr(actor, "role", None)
    if actor_role is Role.CASEWORKER:
        assignee = request.assignee
        if assignee is None or not assignee.active:
            return
        if (event.from_status is Status.AWAITING_MUNICIPALITY
                and event.to_status is Status.IN_REVIEW):
            send_localised(assignee, lambda: _answer_mail(request, reference))
        elif event.to_status is Status.WITHDRAWN:
            send_localised(assignee, lambda: _withdrawn_mail(request, reference))
        return
    if event.from_status == event.to_status and event.visibility is not NoteVisibility.SHARED:
        return  # an internal note: nothing the municipality may know of
    # A status change is the municipality's to know even when its note is internal; the
    # mail never carries the note.
    for user in caseworkers_for(case):
        send_localised(user, lambda: _status_mail(request, event, reference))


def _status_mail(request, event, reference: str) -> tuple[str, str]:
    status = str(event.to_status.label)
    kind = str(request.kind.label)
    url = case_link(request.case)
    if event.to_status is Status.AWAITING_MUNICIPALITY:
        subject = _("%(reference)s: the agency needs information from you", reference=reference)
        lines = [
            _("The Danish Return Agency needs information from you on case %(reference)s "
              "(%(kind)s).", reference=reference, kind=kind),
            _("Read the question and answer it on the case page:"),
            url,
            _("The processing time is paused until you answer."),
        ]
    elif event.to_status is Status.TRAVEL_BOOKED and (trip := trips.trip_of(request)):
        # The flights and the date, never the travellers: the case page has the rest.
        subject = _("%(reference)s: travel booked for %(date)s", reference=reference,
                    date=formatting.day(trip.departs_local, "long"))
        lines = [
            _("The Danish Return Agency has booked the travel on case %(reference)s.",
              reference=reference),
            _("Departure: %(date)s at %(time)s (Danish time)",
              date=formatting.day(trip.departs_local, "long"),
              time=trip.departs_local.strftime("%H:%M")),
            _("Flights: %(flights)s", flights=trip.flight_numbers),
            _("See the case, the route and the baggage rules here:"),
            url,
        ]
    else:
        subject = _("%(reference)s: %(status)s", reference=reference, status=status)
        lines = [
            _("Case %(reference)s (%(kind)s) has a new status: %(status)s.",
              reference=reference, kind=kind, status=status),
            _("See the case and its timeline here:"),
            url,
        ]
    lines += ["", footer()]
    return subject, "\n".join(lines)


def _answer_mail(request, reference: str) -> tuple[str, str]:
    url = mail.absolute_url("agency.request_detail", request_id=request.id)
    subject = _("%(reference)s: the municipality has answered", reference=reference)
    lines = [
        _("The municipality has answered your question on case %(reference)s. The request "
          "is back in review.", reference=reference),
        url,
        "",
        footer(),
    ]
    return subject, "\n".join(lines)


def _withdrawn_mail(request, reference: str) -> tuple[str, str]:
    subject = _("%(reference)s: the municipality has withdrawn the request",
                reference=reference)
    lines = [
        _("The municipality has withdrawn the request on case %(reference)s.",
          reference=reference),
        mail.absolute_url("agency.request_detail", request_id=request.id),
        "",
        footer(),
    ]
    return subject, "\n".join(lines)


def document_mail(request, attachment) -> None:
    """Tell the case's caseworkers that the agency attached a document: its kind and a link,
    never the file's name (it may name a person)."""
    case = request.case
    reference = case.reference or ""
    url = case_link(case)
    for user in caseworkers_for(case):
        send_localised(user, lambda: (
            _("%(reference)s: new document from the agency", reference=reference),
            "\n".join([_("The Danish Return Agency has added a document to case "
                          "%(reference)s: %(kind)s.", reference=reference,
                          kind=str(attachment.kind.label)),
                        _("Read it on the case page:"), url, "", footer()])))


def rebooking_mail(user: User, references: list[str], *, what, message: str) -> None:
    """One mail per caseworker after a bulk rebooking: what happened (`what()` is called in
    the recipient's language), the agency's own message, and the cases."""

    def build():
        subject = _("Bookings cancelled: %(what)s", what=what())
        lines = [
            _("%(what)s. The bookings of these cases have been cancelled and the requests are "
              "back to approved, to be booked again:", what=what()),
            *[f"- {ref}" for ref in references],
            "",
            _("Message from the Danish Return Agency:"),
            message,
            "",
            _("The agency will book a new departure. You can follow each case here:"),
            mail.absolute_url("municipality.start"),
            "",
            footer(),
        ]
        return subject, "\n".join(lines)

    send_localised(user, build)


def assignment_mails(request, *, actor: User, previous: User | None,
                     assignee: User | None) -> None:
    """Tell the new owner of a request, and the colleague it was taken from, unless they
    made the change themselves."""
    reference = request.case.reference or ""
    url = mail.absolute_url("agency.request_detail", request_id=request.id)
    if assignee is not None and assignee.id != actor.id and assignee.active:
        send_localised(assignee, lambda: (
            _("%(reference)s has been assigned to you", reference=reference),
            "\n".join([_("%(name)s has assigned request %(reference)s to you.",
                          name=actor.name, reference=reference), url, "", footer()])))
    if previous is not None and previous.id != actor.id and previous.active:
        send_localised(previous, lambda: (
            _("%(reference)s is no longer assigned to you", reference=reference),
            "\n".join([_("%(name)s has taken over request %(reference)s from you.",
                          name=actor.name, reference=reference), url, "", footer()])))

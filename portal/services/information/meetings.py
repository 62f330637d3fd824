"""Online meetings: a caseworker asks, the agency confirms or proposes, both are told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import abort
from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import formatting, mail
from portal.db import utcnow
from portal.extensions import db
from portal.models import MeetingRequest, MeetingStatus, Municipality, Role, User
from portal.services.accounts import audit

LOCAL_TZ = ZoneInfo("Europe/Copenhagen")
PAGE_SIZE = 50
OPEN = (MeetingStatus.REQUESTED, MeetingStatus.PROPOSED)


def N_(message: str) -> str:
    """Mark a message for the catalogue; it is translated later, per recipient."""
    return message


class MeetingError(Exception):
    """A rule says no; str(exc) is a key the view turns into a message."""


@dataclass
class MeetingInput:
    topic: str
    preferred_times: str


@dataclass
class Response:
    action: str  # "confirm", "propose" or "decline"
    when: datetime | None  # local time (Europe/Copenhagen) as typed, naive
    message: str = ""


def local_to_utc(value: datetime) -> datetime:
    """A naive time typed in Denmark, as an aware UTC time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TZ)
    return value.astimezone(UTC)


def _link(meeting: MeetingRequest) -> str:
    return mail.absolute_url("info.meetings", anchor=f"meeting-{meeting.id}")


def _agency_addresses() -> list[tuple[str, str | None]]:
    return list(db.session.execute(
        select(User.email, User.locale).where(User.role == Role.AGENCY,
                                              User.active.is_(True))).all())


def _mail(recipients, subject_msg: str, body_msg: str, meeting: MeetingRequest) -> None:
    """One mail per recipient, in the recipient's language; no names, only the topic's id."""
    for email, locale in recipients:
        with force_locale(formatting.locale_for(locale)):
            when = (format_datetime(meeting.confirmed_at, "short")
                    if meeting.confirmed_at else "")
            subject = _(subject_msg, number=meeting.id)
            body = "\n\n".join([
                _(body_msg, number=meeting.id, when=when,
                  municipality=meeting.municipality.name if meeting.municipality else ""),
                _("See the meeting in the portal: %(link)s", link=_link(meeting)),
            ])
        mail.send(email, subject, body)


def request_meeting(data: MeetingInput, actor: User) -> MeetingRequest:
    if actor.role is not Role.CASEWORKER:
        raise PermissionError("only caseworkers ask for meetings")
    meeting = MeetingRequest(municipality_id=actor.municipality_id, requested_by_id=actor.id,
                             topic=data.topic.strip(), preferred_times=data.preferred_times.strip(),
                             status=MeetingStatus.REQUESTED, agency_message="")
    db.session.add(meeting)
    db.session.flush()
    db.session.refresh(meeting, ["municipality"])
    audit.record("meeting.requested", detail=f"meeting {meeting.id}", user=actor)
    _mail(_agency_addresses(),
          N_("Online meeting %(number)s requested"),
          N_("%(municipality)s asks for an online meeting (no. %(number)s). Please confirm a "
             "time or propose another."), meeting)
    return meeting


def respond(meeting: MeetingRequest, response: Response, actor: User) -> MeetingRequest:
    """The agency confirms a time, proposes another, or declines."""
    if actor.role is not Role.AGENCY:
        raise PermissionError("only agency staff answer meeting requests")
    if meeting.status not in OPEN:
        raise MeetingError("closed")
    if response.action in ("confirm", "propose"):
        if response.when is None:
            raise MeetingError("time_required")
        when = local_to_utc(response.when)
        if when <= utcnow():
            raise MeetingError("time_in_past")
        meeting.confirmed_at = when
        meeting.status = (MeetingStatus.CONFIRMED if response.action == "confirm"
                          else MeetingStatus.PROPOSED)
    elif response.action == "decline":
        meeting.status = MeetingStatus.DECLINED
        meeting.confirmed_at = None
    else:
        raise MeetingError("unknown_action")
    meeting.agency_message = (response.message or "").strip()
    meeting.handled_by_id = actor.id
    db.session.flush()
    audit.record(f"meeting.{meeting.status.value}", detail=f"meeting {meeting.id}", user=actor)
    requester = meeting.requested_by
    if requester is not None and requester.active:
        texts = {
            MeetingStatus.CONFIRMED: (
                N_("Online meeting %(number)s confirmed"),
                N_("The Danish Return Agency has confirmed your online meeting "
                   "(no. %(number)s) for %(when)s.")),
            MeetingStatus.PROPOSED: (
                N_("New time proposed for online meeting %(number)s"),
                N_("The Danish Return Agency proposes %(when)s for your online meeting "
                   "(no. %(number)s). Please accept it in the portal.")),
            MeetingStatus.DECLINED: (
                N_("Online meeting %(number)s declined"),
                N_("The Danish Return Agency cannot hold the online meeting (no. %(number)s). "
                   "Read the message in the portal.")),
        }[meeting.status]
        _mail([(requester.email, requester.locale)], *texts, meeting)
    return meeting


def accept(meeting: MeetingRequest, actor: User) -> MeetingRequest:
    """The caseworker accepts the time the agency proposed."""
    if actor.role is not Role.CASEWORKER or meeting.municipality_id != actor.municipality_id:
        raise PermissionError("not this municipality's meeting")
    if meeting.status is not MeetingStatus.PROPOSED:
        raise MeetingError("not_proposed")
    meeting.status = MeetingStatus.CONFIRMED
    db.session.flush()
    audit.record("meeting.accepted", detail=f"meeting {meeting.id}", user=actor)
    handler = meeting.handled_by
    recipients = ([(handler.email, handler.locale)] if handler is not None and handler.active
                  else _agency_addresses())
    _mail(recipients, N_("Online meeting %(number)s confirmed"),
          N_("%(municipality)s has accepted the proposed time %(when)s for online meeting "
             "no. %(number)s."), meeting)
    return meeting


def cancel(meeting: MeetingRequest, actor: User) -> MeetingRequest:
    if actor.role is not Role.CASEWORKER or meeting.municipality_id != actor.municipality_id:
        raise PermissionError("not this municipality's meeting")
    if meeting.status in (MeetingStatus.DECLINED, MeetingStatus.CANCELLED):
        raise MeetingError("closed")
    meeting.status = MeetingStatus.CANCELLED
    db.session.flush()
    audit.record("meeting.cancelled", detail=f"meeting {meeting.id}", user=actor)
    recipients = ([(meeting.handled_by.email, meeting.handled_by.locale)]
                  if meeting.handled_by is not None else _agency_addresses())
    _mail(recipients, N_("Online meeting %(number)s cancelled"),
          N_("%(municipality)s has cancelled online meeting no. %(number)s."), meeting)
    return meeting


# --- reading -------------------------------------------------------------------------------

def _visible_to(user: User):
    """The meetings the user may see, with who asked and who handled them."""
    query = select(MeetingRequest).options(joinedload(MeetingRequest.municipality),
                                           joinedload(MeetingRequest.requested_by),
                                           joinedload(MeetingRequest.handled_by))
    if user.role is Role.CASEWORKER:
        return query.where(MeetingRequest.municipality_id == user.municipality_id)
    if user.role is Role.AGENCY:
        return query
    return None


def meetings_for(user: User, page: int = 1) -> list[MeetingRequest]:
    """Open requests first, then the rest; newest first within each."""
    query = _visible_to(user)
    if query is None:
        return []
    return list(db.session.scalars(
        query.order_by(MeetingRequest.status.not_in([s.value for s in OPEN]),
                       MeetingRequest.created_at.desc(), MeetingRequest.id.desc())
        .limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE)).unique())


def meeting_for(user: User, meeting_id: int) -> MeetingRequest:
    """The meeting if the user may see it; another municipality's meeting is 404 + audit."""
    query = _visible_to(user)
    meeting = db.session.get(MeetingRequest, meeting_id)
    if meeting is None or query is None:
        abort(404)
    if user.role is Role.CASEWORKER and meeting.municipality_id != user.municipality_id:
        audit.record("access_denied", detail=f"view_meeting meeting={meeting_id}", user=user)
        db.session.commit()  # the 404 must not roll the audit row back (as in access._deny)
        abort(404)
    return meeting


@dataclass(frozen=True)
class UpcomingMeeting:
    """A meeting as the start pages' panel shows it."""

    confirmed_at: datetime
    topic: str
    municipality: str
    status: MeetingStatus


def upcoming_for(user: User, limit: int = 5) -> list[UpcomingMeeting]:
    """Confirmed or proposed meetings from now on, soonest first, for the panel on every
    start page: a caseworker sees their municipality's, agency staff everyone's."""
    if user.role is Role.CASEWORKER:
        scope = user.municipality_id
    elif user.role is Role.AGENCY:
        scope = None
    else:
        return []
    query = (select(MeetingRequest.confirmed_at, MeetingRequest.topic, Municipality.name,
                    MeetingRequest.status)
             .join(Municipality, Municipality.id == MeetingRequest.municipality_id)
             .where(MeetingRequest.status.in_([MeetingStatus.CONFIRMED, MeetingStatus.PROPOSED]),
                    MeetingRequest.confirmed_at >= utcnow())
             .order_by(MeetingRequest.confirmed_at).limit(limit))
    if scope is not None:
        query = query.where(MeetingRequest.municipality_id == scope)
    return [UpcomingMeeting(*row) for row in db.session.execute(query)]

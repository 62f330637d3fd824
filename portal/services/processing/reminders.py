"""Reminders to municipalities that have not answered the agency's question.

`flask send-reminders` is meant for a daily cron job: a request that has awaited the
municipality for REMINDER_WORKING_DAYS Danish working days or more gets one reminder a day
to the case's caseworkers, with the reference and a link only. Each reminder is an audit
row, so running the job twice on one day sends nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import partial

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal import rules
from portal.extensions import db
from portal.models import AuditEvent, Request
from portal.services.accounts import audit
from portal.services.processing.notifications import (
    case_link,
    caseworkers_for,
    footer,
    send_localised,
)
from portal.workflow import Status

ACTION = "reminder_sent"


@dataclass(frozen=True)
class Reminder:
    request: Request
    working_days: int


def due(today: date) -> list[Reminder]:
    """Requests awaiting the municipality long enough and not reminded yet today."""
    start_of_day = datetime.combine(today, time.min, tzinfo=UTC)
    reminded_today = select(AuditEvent.request_id).where(
        AuditEvent.action == ACTION, AuditEvent.created_at >= start_of_day,
        AuditEvent.request_id.is_not(None))
    waiting = db.session.scalars(
        select(Request).options(joinedload(Request.case))
        .where(Request.status == Status.AWAITING_MUNICIPALITY,
               Request.awaiting_since.is_not(None), Request.id.not_in(reminded_today))
        .order_by(Request.awaiting_since, Request.id))
    threshold = current_app.config["REMINDER_WORKING_DAYS"]
    reminders = []
    for req in waiting:
        days = rules.working_days_between(req.awaiting_since.date(), today)
        if days >= threshold:
            reminders.append(Reminder(req, days))
    return reminders


def send_reminders(today: date) -> int:
    """Mail each due reminder to the case's caseworkers; returns how many requests."""
    reminders = due(today)
    for reminder in reminders:
        req = reminder.request
        reference = req.case.reference or ""
        build = partial(_reminder_mail, req, reference, reminder.working_days)
        for user in caseworkers_for(req.case):
            send_localised(user, build)
        audit.record(ACTION, request_obj=req, detail=f"working_days={reminder.working_days}")
    db.session.flush()
    return len(reminders)


def reminders_sent(request_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == ACTION, AuditEvent.request_id == request_id)) or 0


def _reminder_mail(req: Request, reference: str, working_days: int) -> tuple[str, str]:
    subject = _("Reminder %(reference)s: the agency is waiting for your answer",
                reference=reference)
    lines = [
        _("The Danish Return Agency asked a question on case %(reference)s %(days)s working "
          "days ago and is still waiting for your answer. The processing time is paused "
          "until you answer.", reference=reference, days=working_days),
        _("Answer here:"),
        case_link(req.case),
        "",
        footer(),
    ]
    return subject, "\n".join(lines)

"""The payout ledger: every payout is written as an entry with its amount, date, reference and
who recorded it; a correction is a further entry, and the audit row keeps the amounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from portal import formatting
from portal.db import utcnow
from portal.extensions import db
from portal.models import PayoutEntry, PayoutKind, Request
from portal.services.accounts import audit
from portal.workflow import Status

LOCAL_TZ = ZoneInfo("Europe/Copenhagen")
#: Statuses in which a payout already made needs following up: nobody travelled on it.
FOLLOW_UP_STATUSES = (Status.CANCELLED, Status.ANNULLED)


@dataclass(frozen=True)
class Payment:
    """What was paid, as typed by the clerk."""

    amount: Decimal
    paid_on: date | None = None
    reference: str = ""
    currency: str = "DKK"


def today(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(LOCAL_TZ).date()


def latest_entry(request_id: int, person_id: int, kind: PayoutKind) -> PayoutEntry | None:
    """The entry in force for this person and kind: the last one recorded."""
    return db.session.scalars(
        select(PayoutEntry).where(PayoutEntry.request_id == request_id,
                                  PayoutEntry.person_id == person_id,
                                  PayoutEntry.kind == kind)
        .order_by(PayoutEntry.id.desc()).limit(1)).first()


def difference_text(amount: Decimal, suggested: Decimal | None) -> str:
    """The amount set against the suggested one, in words, e.g. "1.000,00 kr. less than the
    suggested 117.984,06 kr.", so a clerk sees at once what differs."""
    if suggested is None:
        return _("No suggested amount (no rates for the year, or not a flexible payment)")
    delta = amount - suggested
    if delta == 0:
        return _("The same as the suggested %(suggested)s",
                 suggested=formatting.money(suggested))
    if delta > 0:
        return _("%(delta)s more than the suggested %(suggested)s",
                 delta=formatting.money(delta), suggested=formatting.money(suggested))
    return _("%(delta)s less than the suggested %(suggested)s",
             delta=formatting.money(-delta), suggested=formatting.money(suggested))


def record(req: Request, person, actor, *, kind: PayoutKind, payment: Payment,
           suggested: Decimal | None = None, reason: str = "", pending=None,
           action: str = "record_payout", now: datetime | None = None) -> PayoutEntry:
    """Write one entry, audited with its amounts under `action`; an earlier entry for the
    same person and kind is corrected by it."""
    corrected = latest_entry(req.id, person.id, kind)
    entry = PayoutEntry(
        request_id=req.id, person_id=person.id, kind=kind, amount=payment.amount,
        currency=payment.currency, paid_on=payment.paid_on or today(now),
        reference=(payment.reference or "").strip()[:100], suggested=suggested,
        reason=(reason or "").strip()[:300], corrects_id=corrected.id if corrected else None,
        pending_payout_id=pending.id if pending is not None else None,
        recorded_by_id=actor.id, recorded_at=now or utcnow())
    db.session.add(entry)
    if corrected is not None:
        corrected.follow_up = False  # the correction settles what the old entry left open
    db.session.flush()
    detail = (f"entry={entry.id} kind={kind} amount={payment.amount} {payment.currency} "
              f"paid_on={entry.paid_on.isoformat()} reference={entry.reference} "
              f"suggested={suggested} corrects={entry.corrects_id} "
              f"previous={corrected.amount if corrected else None}")
    if entry.reason:
        detail += f" reason={entry.reason}"
    if pending is not None:
        detail += f" pending_payout={pending.id}"
    audit.record(action, request_obj=req, person=person, user=actor, detail=detail)
    return entry


def entries_for(request_id: int) -> list[PayoutEntry]:
    """The request's ledger, oldest first, with the persons and who recorded each entry."""
    return list(db.session.scalars(
        select(PayoutEntry).where(PayoutEntry.request_id == request_id)
        .options(joinedload(PayoutEntry.person), joinedload(PayoutEntry.recorded_by))
        .order_by(PayoutEntry.recorded_at, PayoutEntry.id)))


def flag_for_follow_up(req: Request, actor) -> int:
    """A cancelled or annulled request keeps its payouts on record, flagged to be followed
    up (paid back or accounted for); returns how many entries were flagged."""
    corrected = select(PayoutEntry.corrects_id).where(
        PayoutEntry.request_id == req.id, PayoutEntry.corrects_id.is_not(None))
    flagged = db.session.execute(
        update(PayoutEntry).where(PayoutEntry.request_id == req.id,
                                  PayoutEntry.id.not_in(corrected))
        .values(follow_up=True).execution_options(synchronize_session="fetch")).rowcount
    if flagged:
        audit.record("payout_follow_up", request_obj=req, user=actor,
                     detail=f"entries={flagged} status={req.status}")
    return flagged


def settle_follow_up(req: Request, actor, *, note: str) -> int:
    """The follow-up is done (paid back or accounted for): the flags are cleared, audited."""
    settled = db.session.execute(
        update(PayoutEntry).where(PayoutEntry.request_id == req.id,
                                  PayoutEntry.follow_up.is_(True))
        .values(follow_up=False).execution_options(synchronize_session="fetch")).rowcount
    audit.record("payout_follow_up_settled", request_obj=req, user=actor,
                 detail=f"entries={settled} note={note.strip()[:200]}")
    return settled


def to_follow_up() -> list[PayoutEntry]:
    """Every flagged entry, for the payouts page's list."""
    return list(db.session.scalars(
        select(PayoutEntry).where(PayoutEntry.follow_up.is_(True))
        .options(joinedload(PayoutEntry.person),
                 joinedload(PayoutEntry.request).joinedload(Request.case))
        .order_by(PayoutEntry.recorded_at, PayoutEntry.id)))


def follow_up_subquery():
    """Request ids with a payout to follow up (the queue's marker)."""
    return select(PayoutEntry.request_id).where(PayoutEntry.follow_up.is_(True))


@dataclass(frozen=True)
class PayoutNotice:
    """What a municipality sees of a payout: that it was made, never the amount."""

    paid_on: date
    kind: PayoutKind
    person_name: str


def notices_for(request_id: int) -> list[PayoutNotice]:
    """One notice per payout in force (a corrected entry is not a second payout)."""
    entries = entries_for(request_id)
    corrected = {e.corrects_id for e in entries if e.corrects_id is not None}
    return [PayoutNotice(e.paid_on, e.kind, e.person.full_name)
            for e in entries if e.id not in corrected]


def timeline(req: Request, entries: list[PayoutEntry]) -> list[tuple[datetime, object]]:
    """The agency's timeline: status events and ledger entries together, newest first."""
    items = [(e.created_at, e) for e in req.events] + [(p.recorded_at, p) for p in entries]
    return sorted(items, key=lambda item: item[0], reverse=True)

"""Payments that wait because transfers to Syria are impossible (newsletter nr. 3 – 2025).

Neither the second part of the repatriation assistance nor reintegration assistance can be
transferred to Syria at present, so they are kept as pending payouts until they can be paid.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import rules
from portal.db import utcnow
from portal.extensions import db
from portal.models import (
    CaseKind,
    PayoutKind,
    PendingPayout,
    Request,
    RequestKind,
)
from portal.services.filing import cash
from portal.services.processing import ledger

#: Destinations to which transfers are impossible at present.
TRANSFER_BLOCKED_COUNTRIES = ("SY",)


class PayoutError(Exception):
    """Shown to the clerk."""


def create_for_departure(req: Request, now: datetime | None = None) -> list[PendingPayout]:
    """After an ordinary departure to Syria: the second part waits, one row per traveller.

    With flexible payment the whole assistance was paid in cash at departure and
    reintegration assistance was waived, so nothing waits.
    """
    case = req.case
    if (req.kind is RequestKind.RECON_TRIP or case.kind is not CaseKind.ORDINARY
            or case.destination_country not in TRANSFER_BLOCKED_COUNTRIES):
        return []
    existing = {p.person_id for p in db.session.scalars(
        select(PendingPayout).where(PendingPayout.request_id == req.id))}
    day = (req.departed_at or now or utcnow()).date()
    rate = cash.rates_on(day)
    created = []
    for participant in req.participants:
        if not participant.travels or participant.person_id in existing:
            continue
        person = participant.person
        amount = 0
        if rate is not None:
            amount = (rate.child_after_arrival if rules.is_minor(person.birth_date, day)
                      else rate.adult_after_arrival)
        payout = PendingPayout(request_id=req.id, person_id=person.id,
                               kind=PayoutKind.SECOND_PART, amount=amount,
                               created_at=now or utcnow())
        db.session.add(payout)
        created.append(payout)
    db.session.flush()
    return created


def pending(include_paid: bool = False) -> list[PendingPayout]:
    query = (select(PendingPayout)
             .options(joinedload(PendingPayout.person),
                      joinedload(PendingPayout.request).joinedload(Request.case))
             .order_by(PendingPayout.created_at, PendingPayout.id))
    if not include_paid:
        query = query.where(PendingPayout.paid_at.is_(None))
    return list(db.session.scalars(query))


def mark_paid(payout_id: int, actor, *, paid_on: date, reference: str,
              now: datetime | None = None) -> PendingPayout:
    """The waiting payment was made: cleared, and written to the payout ledger with its date
    and reference (the audit row keeps the amount)."""
    payout = db.session.get(PendingPayout, payout_id)
    if payout is None:
        raise PayoutError(_("The payout was not found."))
    if payout.paid_at is not None:
        raise PayoutError(_("The payout has already been marked as paid."))
    if paid_on > ledger.today(now):
        raise PayoutError(_("The date paid cannot be in the future."))
    payout.paid_at = now or utcnow()
    ledger.record(payout.request, payout.person, actor, kind=payout.kind,
                  payment=ledger.Payment(amount=payout.amount, paid_on=paid_on,
                                         reference=reference),
                  suggested=payout.amount, pending=payout, action="payout_paid", now=now)
    db.session.flush()
    return payout

"""The payout ledger: every amount paid to a person is an entry, and a correction is a new
entry that points at the one it corrects, so nothing paid is ever overwritten."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UTCDateTime, utcnow
from portal.models.requests import Money, PayoutKind
from portal.models.types import str_enum


class PayoutEntry(Base):
    """One payout: how much, in which currency, paid when, under which reference, by whom."""

    __tablename__ = "payout_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[PayoutKind] = mapped_column(str_enum(PayoutKind))
    amount: Mapped[Decimal] = mapped_column(Money)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    currency: Mapped[str] = mapped_column(String(3), default="DKK")
    paid_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(100), default="")
    # What the portal suggested when the entry was made, and why the amount differs.
    suggested: Mapped[Decimal | None] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(String(300), default="")
    corrects_id: Mapped[int | None] = mapped_column(
        ForeignKey("payout_entries.id", ondelete="SET NULL")
    )
    pending_payout_id: Mapped[int | None] = mapped_column(
        ForeignKey("pending_payouts.id", ondelete="SET NULL")
    )
    # Set when the request is cancelled or annulled after the payout: money to follow up.
    follow_up: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person = relationship("Person")
    request = relationship("Request")
    recorded_by = relationship("User")
    corrects: Mapped[PayoutEntry | None] = relationship(remote_side=[id])

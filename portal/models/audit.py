"""Append-only audit log of every read and change of personal data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_case_created", "case_id", "created_at"),
        Index("ix_audit_events_person_created", "person_id", "created_at"),
        Index("ix_audit_events_action", "action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Kept as plain values, not only foreign keys, so the log survives user changes.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    user_email: Mapped[str] = mapped_column(String(254), default="")
    role: Mapped[str] = mapped_column(String(32), default="")
    organisation: Mapped[str] = mapped_column(String(64), default="")
    case_id: Mapped[int | None] = mapped_column()
    case_reference: Mapped[str] = mapped_column(String(32), default="")
    person_id: Mapped[int | None] = mapped_column()
    request_id: Mapped[int | None] = mapped_column()
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(String(500), default="")
    ip_address: Mapped[str] = mapped_column(String(64), default="")

class AuditSubject(Base):
    """A further case and person one audit row is about (a DRC look-up with several
    results is one row tied to every person it showed), so "who looked me up" finds it."""

    __tablename__ = "audit_event_subjects"
    __table_args__ = (Index("ix_audit_event_subjects_person", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("audit_events.id"), index=True)
    case_id: Mapped[int | None] = mapped_column()
    person_id: Mapped[int | None] = mapped_column()

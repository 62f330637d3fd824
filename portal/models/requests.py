"""Requests on a case, each with its own lifecycle, history and documents."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UTCDateTime, utcnow
from portal.models.standard_notes import StandardNote
from portal.models.types import str_enum

Money = Numeric(14, 2)


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RECEIVED = "received"
    IN_REVIEW = "in_review"
    AWAITING_MUNICIPALITY = "awaiting_municipality"
    APPROVED = "approved"
    TRAVEL_BOOKED = "travel_booked"
    DEPARTED = "departed"
    CLOSED = "closed"  # closed after departure
    ANNULLED = "annulled"  # closed without departure
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.DRAFT: _l("Draft"),
    Status.SUBMITTED: _l("Submitted"),
    Status.RECEIVED: _l("Received"),
    Status.IN_REVIEW: _l("In review"),
    Status.AWAITING_MUNICIPALITY: _l("Awaiting the municipality"),
    Status.APPROVED: _l("Approved"),
    Status.TRAVEL_BOOKED: _l("Travel booked"),
    Status.DEPARTED: _l("Departed"),
    Status.CLOSED: _l("Closed after departure"),
    Status.ANNULLED: _l("Closed without departure"),
    Status.REJECTED: _l("Rejected"),
    Status.WITHDRAWN: _l("Withdrawn"),
    Status.CANCELLED: _l("Cancelled"),
}


class RequestKind(enum.StrEnum):
    FLEXIBLE_PAYMENT = "flexible_payment"
    RECON_TRIP = "recon_trip"
    DEPARTURE = "departure"

    @property
    def label(self):
        return {
            RequestKind.FLEXIBLE_PAYMENT: _l("Flexible-payment request"),
            RequestKind.RECON_TRIP: _l("Reconnaissance-trip request"),
            RequestKind.DEPARTURE: _l("Departure"),
        }[self]


class NoteVisibility(enum.StrEnum):
    SHARED = "shared"
    INTERNAL = "internal"

    @property
    def label(self):
        return {
            NoteVisibility.SHARED: _l("Shared with the municipality and DRC"),
            NoteVisibility.INTERNAL: _l("Internal to the agency"),
        }[self]


class AttachmentKind(enum.StrEnum):
    WAIVER = "waiver"
    IN325 = "in325"
    PASSPORT = "passport"
    OTHER = "other"
    # Documents from the agency to the municipality (issue 17, point 5).
    E_TICKET = "e_ticket"
    DECISION_LETTER = "decision_letter"
    AGENCY_OTHER = "agency_other"

    @property
    def label(self):
        return {
            AttachmentKind.WAIVER: _l("Signed waiver declaration"),
            AttachmentKind.IN325: _l("Report of the decision on assistance (IN 325)"),
            AttachmentKind.PASSPORT: _l("Passport"),
            AttachmentKind.OTHER: _l("Other document"),
            AttachmentKind.E_TICKET: _l("E-ticket"),
            AttachmentKind.DECISION_LETTER: _l("Decision letter"),
            AttachmentKind.AGENCY_OTHER: _l("Other document from the agency"),
        }[self]

    @property
    def from_agency(self) -> bool:
        """Kinds the agency attaches for the municipality; never the municipality's own."""
        return self in (AttachmentKind.E_TICKET, AttachmentKind.DECISION_LETTER,
                        AttachmentKind.AGENCY_OTHER)

    @property
    def visible_to_drc(self) -> bool:
        """The waiver and IN 325 must always reach DRC (newsletter nr. 3 – 2025)."""
        return self in (AttachmentKind.WAIVER, AttachmentKind.IN325)


class CashType(enum.StrEnum):
    """Kinds of cash in EU Regulation 2018/1672, art. 2."""

    CURRENCY = "currency"
    BEARER_INSTRUMENT = "bearer_instrument"
    COMMODITY = "commodity"
    PREPAID_CARD = "prepaid_card"

    @property
    def label(self):
        return {
            CashType.CURRENCY: _l("Banknotes and coins"),
            CashType.BEARER_INSTRUMENT: _l("Bearer-negotiable instruments"),
            CashType.COMMODITY: _l("Commodities as stores of value (e.g. gold)"),
            CashType.PREPAID_CARD: _l("Prepaid cards"),
        }[self]


class PayoutKind(enum.StrEnum):
    CASH_AT_DEPARTURE = "cash_at_departure"
    SECOND_PART = "second_part"
    REINTEGRATION = "reintegration"

    @property
    def label(self):
        return {
            PayoutKind.CASH_AT_DEPARTURE: _l("Cash at departure"),
            PayoutKind.SECOND_PART: _l("Second part of the repatriation assistance"),
            PayoutKind.REINTEGRATION: _l("Reintegration assistance"),
        }[self]


class Request(Base):
    __tablename__ = "requests"
    __table_args__ = (
        Index("ix_requests_status_submitted", "status", "submitted_at"),
        Index("ix_requests_municipality_status", "municipality_id", "status"),
        Index("ix_requests_assignee_status", "assignee_id", "status"),
        Index("ix_requests_route_status", "route_id", "status"),
        # Queue order without a status filter, and per municipality (migration 0007).
        Index("ix_requests_submitted_id", "submitted_at", "id"),
        Index("ix_requests_municipality_submitted", "municipality_id", "submitted_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    kind: Mapped[RequestKind] = mapped_column(str_enum(RequestKind))
    status: Mapped[Status] = mapped_column(str_enum(Status), default=Status.DRAFT)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    draft_step: Mapped[str] = mapped_column(String(32), default="")
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    travel_booked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    departed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The processing clock pauses while the request awaits the municipality.
    awaiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_seconds: Mapped[int] = mapped_column(Integer, default=0)
    processing_seconds: Mapped[int | None] = mapped_column(Integer)
    # Travel plan
    route_id: Mapped[int | None] = mapped_column(ForeignKey("routes.id"))
    flight_numbers: Mapped[str] = mapped_column(String(100), default="")
    departure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    case = relationship("Case", back_populates="requests")
    municipality = relationship("Municipality")
    assignee = relationship("User", foreign_keys=[assignee_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    route = relationship("Route")
    participants: Mapped[list[RequestPerson]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="RequestPerson.id"
    )
    cash_declarations: Mapped[list[CashDeclaration]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="CashDeclaration.id"
    )
    events: Mapped[list[StatusEvent]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="StatusEvent.id"
    )
    recon_trip: Mapped[ReconTrip | None] = relationship(
        back_populates="request", cascade="all, delete-orphan", uselist=False
    )
    supplement: Mapped[ChildEscortSupplement | None] = relationship(
        back_populates="request", cascade="all, delete-orphan", uselist=False
    )

    __mapper_args__ = {"version_id_col": version_id}


class RequestPerson(Base):
    """A person's part in a request: waivers, departure-form details, cash and payout."""

    __tablename__ = "request_persons"
    __table_args__ = (UniqueConstraint("request_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    travels: Mapped[bool] = mapped_column(Boolean, default=True)
    waives_regret_and_reintegration: Mapped[bool] = mapped_column(Boolean, default=False)
    waives_citizenship: Mapped[bool] = mapped_column(Boolean, default=False)
    address_abroad: Mapped[str] = mapped_column(String(300), default="")
    contact_abroad: Mapped[str] = mapped_column(String(200), default="")
    special_needs: Mapped[str] = mapped_column(String(500), default="")
    # Departure form (migration 0010): the address in Denmark and the language of an
    # interpreter, a Babel language code ("" when none is needed).
    address_denmark: Mapped[str] = mapped_column(String(300), default="", server_default="")
    interpreter_language: Mapped[str] = mapped_column(String(10), default="", server_default="")
    # A minor the supplement's escort travels with (issue 15): "Ledsager for" on the supplement.
    escorted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Who carries this person's cash (a minor's cash is carried by an adult).
    cash_carrier_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    other_cash_amount: Mapped[Decimal | None] = mapped_column(Money)
    other_cash_currency: Mapped[str | None] = mapped_column(String(3))
    payout_amount: Mapped[Decimal | None] = mapped_column(Money)
    paid_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    request: Mapped[Request] = relationship(back_populates="participants")
    person = relationship("Person", foreign_keys=[person_id])
    cash_carrier = relationship("Person", foreign_keys=[cash_carrier_id])


class CashDeclaration(Base):
    """One traveller's cash declaration with the fields of EU Regulation 2018/1672."""

    __tablename__ = "cash_declarations"
    __table_args__ = (UniqueConstraint("request_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    owner: Mapped[str] = mapped_column(String(200), default="")
    intended_recipient: Mapped[str] = mapped_column(String(200), default="")
    # Addresses of bearer, owner and recipient (migration 0011); the wizard offers the
    # household's address in Denmark.
    carrier_address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    owner_address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    recipient_address: Mapped[str] = mapped_column(String(300), default="", server_default="")
    amount: Mapped[Decimal] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    cash_type: Mapped[CashType] = mapped_column(str_enum(CashType), default=CashType.CURRENCY)
    origin: Mapped[str] = mapped_column(String(300), default="")
    intended_use: Mapped[str] = mapped_column(String(300), default="")
    route: Mapped[str] = mapped_column(String(300), default="")
    means_of_transport: Mapped[str] = mapped_column(String(100), default="")
    amount_eur: Mapped[Decimal] = mapped_column(Money)
    rate: Mapped[Decimal | None] = mapped_column(Numeric(18, 6))
    rate_date: Mapped[date | None] = mapped_column(Date)
    customs_assist: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    request: Mapped[Request] = relationship(back_populates="cash_declarations")
    person = relationship("Person")


class ReconTrip(Base):
    """Details of a reconnaissance trip under § 6 of the repatriation act."""

    __tablename__ = "recon_trips"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), primary_key=True
    )
    destination_country: Mapped[str] = mapped_column(String(2))
    purpose: Mapped[str] = mapped_column(Text, default="")
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    benefit_kept: Mapped[str] = mapped_column(String(200), default="")
    support_requested: Mapped[bool] = mapped_column(Boolean, default=True)

    request: Mapped[Request] = relationship(back_populates="recon_trip")


class ChildEscortSupplement(Base):
    """The child/escort supplement: guardians, consent and the escort's details."""

    __tablename__ = "child_escort_supplements"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), primary_key=True
    )
    # [{"name": str, "relation": str, "consents": bool}]
    guardians: Mapped[list] = mapped_column(JSON, default=list)
    consent_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    escort_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    escort_organisation: Mapped[str] = mapped_column(String(200), default="")
    escort_returns_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(String(1000), default="")

    request: Mapped[Request] = relationship(back_populates="supplement")
    escort = relationship("Person")


class StatusEvent(Base):
    """History: who moved a request from which status to which, when, with what note."""

    __tablename__ = "status_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_status: Mapped[Status | None] = mapped_column(str_enum(Status))
    to_status: Mapped[Status] = mapped_column(str_enum(Status))
    note: Mapped[str] = mapped_column(Text, default="")
    # A text the portal wrote (migration 0018): `note` holds its Danish wording.
    standard_note: Mapped[StandardNote | None] = mapped_column(str_enum(StandardNote))
    visibility: Mapped[NoteVisibility] = mapped_column(
        str_enum(NoteVisibility), default=NoteVisibility.SHARED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    request: Mapped[Request] = relationship(back_populates="events")
    actor = relationship("User")

    @property
    def shown_note(self) -> str:
        """The note for the pages: a text the portal wrote in the reader's language, what
        a person typed as typed."""
        if self.standard_note is not None:
            return str(self.standard_note.label)
        return self.note

    @property
    def is_internal_note(self) -> bool:
        """A note internal to the agency without a status change: the agency's alone, so
        the municipality's history and DRC's milestones leave it out entirely."""
        return (self.from_status == self.to_status
                and self.visibility is not NoteVisibility.SHARED)


class RequestStatusCount(Base):
    """Counts per status kept by the workflow, so the queue never counts the whole table."""

    __tablename__ = "request_status_counts"

    kind: Mapped[RequestKind] = mapped_column(str_enum(RequestKind), primary_key=True)
    status: Mapped[Status] = mapped_column(str_enum(Status), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class Attachment(Base):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[AttachmentKind] = mapped_column(str_enum(AttachmentKind))
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    uploaded_by = relationship("User")
    blob: Mapped[AttachmentBlob] = relationship(
        cascade="all, delete-orphan", uselist=False, lazy="select"
    )


class AttachmentBlob(Base):
    """File content kept apart from the metadata so lists stay light."""

    __tablename__ = "attachment_blobs"

    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)


class PendingPayout(Base):
    """A payment that waits because transfers to the destination are impossible."""

    __tablename__ = "pending_payouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    kind: Mapped[PayoutKind] = mapped_column(str_enum(PayoutKind))
    amount: Mapped[Decimal] = mapped_column(Money)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person = relationship("Person")
    request = relationship("Request")

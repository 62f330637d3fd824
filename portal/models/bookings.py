"""A booked trip as its own record: legs, route, travellers, baggage, meeting point and escort.

A request has at most one active booking. Cancelling or rebooking keeps the old booking
(status cancelled, `superseded_by` the next one), so every party can see what was booked.
Request.route_id, flight_numbers and departure_at stay as the indexed summary of the active
booking, maintained only by portal.services.processing.bookings: the agency's queue sorts
and pages on departure_at without a join (see the README, "Bookings").
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, Date, DateTime, ForeignKey, Integer, String, Table, Text, Time
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from portal.db import Base, UTCDateTime, utcnow
from portal.models.types import str_enum


class BookingStatus(enum.StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return {BookingStatus.ACTIVE: _l("Booked"),
                BookingStatus.CANCELLED: _l("Cancelled")}[self]


booking_persons = Table(
    "booking_persons",
    Base.metadata,
    Column("booking_id", ForeignKey("bookings.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True),
)


class Booking(Base):
    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), index=True)
    route_id: Mapped[int | None] = mapped_column(ForeignKey("routes.id"))
    status: Mapped[BookingStatus] = mapped_column(str_enum(BookingStatus),
                                                  default=BookingStatus.ACTIVE)
    baggage_kg: Mapped[int | None] = mapped_column(Integer)
    meeting_point: Mapped[str] = mapped_column(String(200), default="")
    meeting_time: Mapped[time | None] = mapped_column(Time)
    escort: Mapped[str] = mapped_column(String(200), default="")
    customs_override_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("bookings.id", ondelete="SET NULL"))

    request = relationship("Request", backref=backref(
        "bookings", order_by="Booking.id", cascade="all, delete-orphan"))
    route = relationship("Route")
    created_by = relationship("User")
    legs: Mapped[list[BookingLeg]] = relationship(
        back_populates="booking", cascade="all, delete-orphan", order_by="BookingLeg.position")
    persons = relationship("Person", secondary=booking_persons, order_by="Person.position")
    superseded_by = relationship("Booking", remote_side=[id])

    @property
    def flight_numbers(self) -> str:
        return ", ".join(leg.flight_number for leg in self.legs if leg.flight_number)

    @property
    def departs_local(self) -> datetime | None:
        """The first leg's departure, local time at its airport (naive)."""
        return self.legs[0].departs_local if self.legs else None


class BookingLeg(Base):
    """One flight: local times at the airport of departure and of arrival (naive)."""

    __tablename__ = "booking_legs"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    carrier: Mapped[str] = mapped_column(String(60), default="")
    flight_number: Mapped[str] = mapped_column(String(10), default="")
    from_airport: Mapped[str] = mapped_column(String(3), default="")
    to_airport: Mapped[str] = mapped_column(String(3), default="")
    departs_local: Mapped[datetime | None] = mapped_column(DateTime)
    arrives_local: Mapped[datetime | None] = mapped_column(DateTime)

    booking: Mapped[Booking] = relationship(back_populates="legs")


class CustomsDocument(Base):
    """The customs document (toddokument) of one cash declaration, received by the agency:
    the day agency staff ticked it off, and who did."""

    __tablename__ = "customs_documents"

    declaration_id: Mapped[int] = mapped_column(
        ForeignKey("cash_declarations.id", ondelete="CASCADE"), primary_key=True)
    received_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    declaration = relationship("CashDeclaration", backref=backref(
        "customs_document", uselist=False, cascade="all, delete-orphan"))

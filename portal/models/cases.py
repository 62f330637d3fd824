"""A household's repatriation case at one municipality, and the persons in it."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from portal import rules
from portal.db import Base, UTCDateTime, utcnow
from portal.models.types import str_enum


class CaseKind(enum.StrEnum):
    ORDINARY = "ordinary"
    FLEXIBLE_PAYMENT = "flexible_payment"

    @property
    def label(self):
        return {
            CaseKind.ORDINARY: _l("Ordinary repatriation"),
            CaseKind.FLEXIBLE_PAYMENT: _l("Flexible payment"),
        }[self]


class Relation(enum.StrEnum):
    APPLICANT = "applicant"
    SPOUSE = "spouse"
    CHILD = "child"
    ESCORT = "escort"

    @property
    def label(self):
        return {
            Relation.APPLICANT: _l("Applicant"),
            Relation.SPOUSE: _l("Spouse"),
            Relation.CHILD: _l("Child"),
            Relation.ESCORT: _l("Escort"),
        }[self]


class Obstacle(enum.StrEnum):
    """Why an open case is not moving: the agency's 2026 data-quality goal."""

    NONE = "none"
    MISSING_TRAVEL_DOCUMENT = "missing_travel_document"
    ROUTE_SUSPENDED = "route_suspended"
    AWAITING_MUNICIPALITY = "awaiting_municipality"
    HEALTH = "health"
    TRANSFERS_IMPOSSIBLE = "transfers_impossible"
    OTHER = "other"

    @property
    def label(self):
        return {
            Obstacle.NONE: _l("No obstacle"),
            Obstacle.MISSING_TRAVEL_DOCUMENT: _l("Missing travel document"),
            Obstacle.ROUTE_SUSPENDED: _l("Route suspended"),
            Obstacle.AWAITING_MUNICIPALITY: _l("Awaiting the municipality"),
            Obstacle.HEALTH: _l("Health"),
            Obstacle.TRANSFERS_IMPOSSIBLE: _l("Transfers impossible"),
            Obstacle.OTHER: _l("Other"),
        }[self]


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_municipality_created", "municipality_id", "created_at"),
        Index("ix_cases_destination_country", "destination_country"),  # migration 0007
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(32), unique=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    destination_country: Mapped[str] = mapped_column(String(2))
    kind: Mapped[CaseKind] = mapped_column(str_enum(CaseKind))
    planned_departure: Mapped[date | None] = mapped_column(Date)
    obstacle: Mapped[Obstacle] = mapped_column(str_enum(Obstacle), default=Obstacle.NONE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    municipality = relationship("Municipality", lazy="joined")
    created_by = relationship("User")
    persons: Mapped[list[Person]] = relationship(
        back_populates="case", order_by="Person.position", cascade="all, delete-orphan"
    )
    requests = relationship(
        "Request", back_populates="case", order_by="Request.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def applicant(self) -> Person | None:
        for person in self.persons:
            if person.relation is Relation.APPLICANT:
                return person
        return self.persons[0] if self.persons else None

    @staticmethod
    def make_reference(year: int, case_id: int) -> str:
        return f"R-{year}-{case_id:06d}"


class Person(Base):
    __tablename__ = "persons"
    __table_args__ = (
        Index("ix_persons_birth_date", "birth_date"),
        # one identity across the country: duplicates are found by CPR, or by passport
        # number and nationality (migration 0014)
        Index("ix_persons_cpr", "cpr"),
        Index("ix_persons_passport_key_nationality", "passport_key", "nationality"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    full_name: Mapped[str] = mapped_column(String(200), index=True)
    cpr: Mapped[str | None] = mapped_column(String(10))
    birth_date: Mapped[date] = mapped_column(Date)
    nationality: Mapped[str] = mapped_column(String(2))
    danish_citizen: Mapped[bool] = mapped_column(Boolean, default=False)
    passport_number: Mapped[str] = mapped_column(String(40), default="")
    #: rules.passport_key(passport_number), kept by the validator below
    passport_key: Mapped[str] = mapped_column(String(40), default="")
    passport_country: Mapped[str | None] = mapped_column(String(2))
    passport_expiry: Mapped[date | None] = mapped_column(Date)
    relation: Mapped[Relation] = mapped_column(str_enum(Relation))
    phone: Mapped[str] = mapped_column(String(40), default="")
    cpr_deregistered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version_id: Mapped[int] = mapped_column(Integer, default=1)  # migration 0012

    case: Mapped[Case] = relationship(back_populates="persons")

    __mapper_args__ = {"version_id_col": version_id}

    @validates("passport_number")
    def _keep_passport_key(self, _key, value):
        self.passport_key = rules.passport_key(value)
        return value

    @property
    def cpr_masked(self) -> str:
        return rules.mask_cpr(self.cpr)

    def is_minor_on(self, day: date | None) -> bool:
        return rules.is_minor(self.birth_date, day or date.today())

"""The agency's newsletter, the good-to-know guidance and online-meeting requests."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UTCDateTime, utcnow
from portal.models.types import str_enum


class NewsletterIssue(Base):
    """One issue of "Nyt fra Hjemrejsestyrelsen"; a draft until `published_at` is set."""

    __tablename__ = "newsletter_issues"
    __table_args__ = (UniqueConstraint("year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Set when a published issue is corrected (shown as "rettet <date>"); migration 0012.
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version_id: Mapped[int] = mapped_column(Integer, default=1)  # migration 0012

    created_by = relationship("User")
    sections: Mapped[list[NewsletterSection]] = relationship(
        back_populates="issue", order_by="NewsletterSection.position",
        cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version_id}

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def label(self) -> str:
        return self.make_label(self.number, self.year)

    @staticmethod
    def make_label(number: int, year: int) -> str:
        """The issue's number as the agency writes it: "nr. 3 – 2025"."""
        return f"{number} – {year}"


class NewsletterSection(Base):
    __tablename__ = "newsletter_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(
        ForeignKey("newsletter_issues.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    heading: Mapped[str] = mapped_column(String(200))
    body_md: Mapped[str] = mapped_column(Text, default="")

    issue: Mapped[NewsletterIssue] = relationship(back_populates="sections")


class GuidanceItem(Base):
    """A good-to-know rule, kept once and shown on the guidance page and in the forms."""

    __tablename__ = "guidance_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    title_da: Mapped[str] = mapped_column(String(200))
    body_da: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(String(200))
    body_en: Mapped[str] = mapped_column(Text)
    contexts: Mapped[list] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    version_id: Mapped[int] = mapped_column(Integer, default=1)  # migration 0012

    updated_by = relationship("User")

    __mapper_args__ = {"version_id_col": version_id}

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" else self.title_da

    def body(self, locale: str) -> str:
        return self.body_en if locale == "en" else self.body_da


class Contact(Base):
    """A contact municipal staff need (agency hotline, ID centre, DRC), kept by admins.

    The translatable texts are stored in both languages; numbers and addresses once."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name_da: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    purpose_da: Mapped[str] = mapped_column(String(500), default="")
    purpose_en: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    phone_label_da: Mapped[str] = mapped_column(String(100), default="")
    phone_label_en: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    note_da: Mapped[str] = mapped_column(String(1000), default="")
    note_en: Mapped[str] = mapped_column(String(1000), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}


class MeetingStatus(enum.StrEnum):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    PROPOSED = "proposed"
    DECLINED = "declined"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return {
            MeetingStatus.REQUESTED: _l("Requested"),
            MeetingStatus.CONFIRMED: _l("Confirmed"),
            MeetingStatus.PROPOSED: _l("New time proposed"),
            MeetingStatus.DECLINED: _l("Declined"),
            MeetingStatus.CANCELLED: _l("Cancelled"),
        }[self]

    @property
    def tag(self) -> str:
        """CSS tag colour; the label always carries the meaning too."""
        return {
            MeetingStatus.REQUESTED: "tag-blue",
            MeetingStatus.CONFIRMED: "tag-green",
            MeetingStatus.PROPOSED: "tag-yellow",
            MeetingStatus.DECLINED: "tag-red",
            MeetingStatus.CANCELLED: "tag-grey",
        }[self]


class MeetingRequest(Base):
    """A municipality asks the agency for an online meeting."""

    __tablename__ = "meeting_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    topic: Mapped[str] = mapped_column(String(500))
    preferred_times: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[MeetingStatus] = mapped_column(
        str_enum(MeetingStatus), default=MeetingStatus.REQUESTED)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agency_message: Mapped[str] = mapped_column(Text, default="")
    handled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    municipality = relationship("Municipality")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    handled_by = relationship("User", foreign_keys=[handled_by_id])

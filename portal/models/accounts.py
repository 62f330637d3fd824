"""Accounts: users with one role, and server-side login sessions."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UTCDateTime, utcnow
from portal.models.types import str_enum


class Role(enum.StrEnum):
    CASEWORKER = "caseworker"
    AGENCY = "agency"
    DRC_ADVISER = "drc_adviser"
    ADMIN = "admin"

    @property
    def label(self):
        return {
            Role.CASEWORKER: _l("Municipal caseworker"),
            Role.AGENCY: _l("Agency staff"),
            Role.DRC_ADVISER: _l("DRC adviser"),
            Role.ADMIN: _l("Administrator"),
        }[self]

    @property
    def organisation_label(self):
        return {
            Role.CASEWORKER: _l("Municipality"),
            Role.AGENCY: _l("The Danish Return Agency"),
            Role.DRC_ADVISER: _l("DRC Danish Refugee Council"),
            Role.ADMIN: _l("The Danish Return Agency"),
        }[self]


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "(role = 'caseworker') = (municipality_id IS NOT NULL)",
            name="caseworker_has_municipality",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id"), index=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # The last TOTP time step accepted, so the same code cannot be used twice.
    totp_last_counter: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str] = mapped_column(String(30), default="", server_default="")
    notify_newsletter: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    municipality = relationship("Municipality", lazy="joined")

    # Flask-Login protocol; sessions are checked server-side in portal.services.accounts.sessions.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def organisation(self) -> str:
        """Short organisation key for the audit log, stated for every role (an unknown role
        or a caseworker without a municipality is not silently counted as the agency)."""
        if self.role is Role.CASEWORKER:
            code = self.municipality.code if self.municipality is not None else "?"
            return f"municipality:{code}"
        return {Role.AGENCY: "agency", Role.ADMIN: "agency:admin",
                Role.DRC_ADVISER: "drc"}[self.role]

    @property
    def organisation_name(self) -> str:
        if self.role is Role.CASEWORKER and self.municipality is not None:
            return self.municipality.name
        return str(self.role.organisation_label)


class UserSession(Base):
    """A login session; deleting the row ends it, whatever the browser still holds."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    mfa_passed: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_mfa: Mapped[int] = mapped_column(Integer, default=0)
    #: The search terms last posted per search page (they may name a person): kept here,
    #: server-side, not in the cookie, and gone with the session.
    search_terms: Mapped[dict | None] = mapped_column(JSON, nullable=True)

    user: Mapped[User] = relationship(lazy="joined")

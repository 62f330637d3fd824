"""Account use-cases: authenticate, change and reset passwords, create and disable users."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from portal.db import utcnow
from portal.extensions import db
from portal.models import Municipality, Role, User
from portal.services.accounts import audit, passwords, sessions, totp


class AccountError(Exception):
    """A refused account change; the message is shown next to the form."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The user when the password matches an active account; None otherwise.

    Unknown and disabled accounts take the same time and give the same answer.
    """
    user = find_by_email(email)
    if user is None:
        passwords.burn_time(password)
        return None
    if not passwords.verify_password(user.password_hash, password) or not user.active:
        return None
    if passwords.needs_rehash(user.password_hash):  # ARGON2_* changed since it was made
        user.password_hash = passwords.hash_password(password)
    return user


def burst_detail(scope: str, email: str, threshold: str) -> str:
    """The audit detail of a burst of failed logins: the account by its id when it exists,
    never the address typed (the IP address is in the row itself)."""
    if scope == "ip":
        return f"scope=ip failures={threshold}"
    user = find_by_email(email)
    return f"scope=account account={user.id if user else 'unknown'} failures={threshold}"


def change_password(user: User, current: str, new: str) -> None:
    if not passwords.verify_password(user.password_hash, current):
        raise AccountError("current")
    _set_password(user, new)
    # A new session id for this browser; every other session (and the old cookie) ends.
    kept = sessions.start(user, mfa_passed=True)
    db.session.flush()
    sessions.end_all_for(user, keep=kept)
    audit.record("password_changed", user=user)


# --- Second factor -------------------------------------------------------------------------

MAX_FAILED_CODES = 5


def next_login_step(user: User) -> str:
    """After the password: 'done', 'totp' (ask for a code) or 'enrol' (set up a code first)."""
    if totp.uses_totp(user):
        return "totp"
    if totp.required_for(user):
        return "enrol"
    return "done"


def enrolment_secret(user: User) -> str:
    """The secret to show on the enrolment page; made once and kept until confirmed."""
    if user.totp_enabled:
        raise AccountError("already_enabled")
    if not user.totp_secret:
        user.totp_secret = totp.new_secret()
        user.totp_last_counter = None
    return user.totp_secret


def confirm_enrolment(user: User, code: str) -> bool:
    if user.totp_enabled or not user.totp_secret:
        return False
    if not totp.verify_for_user(user, code):
        audit.record("totp_enrolment_failed", user=user)
        return False
    user.totp_enabled = True
    audit.record("totp_enabled", user=user)
    return True


def check_code(user: User, code: str) -> str:
    """'ok', 'wrong' or 'locked' (after MAX_FAILED_CODES wrong codes the session ends)."""
    row = sessions.current_session()
    if totp.verify_for_user(user, code):
        audit.record("totp_passed", user=user)
        return "ok"
    if row is not None:
        row.failed_mfa = (row.failed_mfa or 0) + 1
        if row.failed_mfa >= MAX_FAILED_CODES:
            audit.record("totp_locked", user=user)
            sessions.end_current()
            return "locked"
    audit.record("totp_failed", user=user)
    return "wrong"


def disable_totp(user: User, password: str) -> None:
    if totp.required_for(user):
        raise AccountError("required")
    if not passwords.verify_password(user.password_hash, password):
        raise AccountError("password")
    user.totp_enabled = False
    user.totp_secret = None
    user.totp_last_counter = None
    audit.record("totp_disabled", user=user)


def _set_password(user: User, new: str) -> None:
    problems = passwords.password_problems(new, email=user.email, name=user.name or "")
    if problems:
        raise AccountError(" ".join(str(p) for p in problems))
    user.password_hash = passwords.hash_password(new)
    user.password_changed_at = utcnow()


@dataclass(frozen=True)
class NewUser:
    email: str
    name: str
    role: Role
    password: str
    municipality_code: str | None = None


def create_user(data: NewUser, *, actor: User | None = None) -> User:
    email = normalise_email(data.email)
    if db.session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise AccountError("email_taken")
    municipality = None
    if data.role is Role.CASEWORKER:
        municipality = db.session.scalar(
            select(Municipality).where(Municipality.code == data.municipality_code)
        )
        if municipality is None:
            raise AccountError("municipality_required")
    user = User(email=email, name=data.name.strip(), role=data.role, municipality=municipality,
                password_hash="")
    _set_password(user, data.password)
    db.session.add(user)
    db.session.flush()
    audit.record("user_created", detail=f"user={user.id} role={user.role}", user=actor)
    return user


def set_active(user: User, active: bool, *, actor: User) -> None:
    user.active = active
    if not active:
        sessions.end_all_for(user)
    audit.record("user_enabled" if active else "user_disabled", detail=f"user={user.id}",
                 user=actor)


def set_phone(user: User, phone: str, *, actor: User) -> None:
    """The work phone the official forms print for the caseworker (by the user or an admin)."""
    user.phone = " ".join((phone or "").split())[:30]
    audit.record("phone_changed", detail=f"user={user.id}", user=actor)


def reset_password(user: User, new: str, *, actor: User) -> None:
    _set_password(user, new)
    sessions.end_all_for(user)
    audit.record("password_reset", detail=f"user={user.id}", user=actor)


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.role, User.email)))


def municipalities() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))


def reset_totp(user: User, *, actor: User) -> None:
    """An administrator clears a lost second factor; the user enrols again at next login."""
    user.totp_enabled = False
    user.totp_secret = None
    user.totp_last_counter = None
    sessions.end_all_for(user)
    audit.record("totp_reset", detail=f"user={user.id}", user=actor)

"""Server-side login sessions: a random token in the cookie, its hash in the database.

Deleting the row ends the session, so logout, password change and disabling take
effect at once even if an old cookie is replayed.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, g, session
from sqlalchemy import delete

from portal.db import utcnow
from portal.extensions import db
from portal.models import UserSession

TOUCH_EVERY = timedelta(seconds=60)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(user, *, mfa_passed: bool) -> UserSession:
    """A fresh session at login: the old cookie content and its server row are dropped."""
    previous = current_session()
    if previous is not None:
        db.session.delete(previous)
    # The language chosen before logging in stays; else the account's preference is this
    # session's language, so choosing one later changes no other session of the user.
    lang = session.get("lang") or user.locale
    session.clear()
    if lang:
        session["lang"] = lang
    token = secrets.token_urlsafe(32)
    row = UserSession(id=_digest(token), user_id=user.id, mfa_passed=mfa_passed)
    row.user = user
    db.session.add(row)
    session["sid"] = token
    g.user_session = row
    return row


def complete_second_factor() -> UserSession | None:
    """After a good code: a new session id with the second factor passed."""
    row = current_session()
    if row is None:
        return None
    next_url = session.get("login_next")
    fresh = start(row.user, mfa_passed=True)
    if next_url:
        session["login_next"] = next_url
    return fresh


def pending_user():
    """The user who gave the right password but has not yet passed the second factor."""
    row = current_session()
    if row is None or row.mfa_passed:
        return None
    return row.user


def end_current() -> None:
    row = current_session()
    if row is not None:
        db.session.delete(row)
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    g.user_session = None


def end_all_for(user, *, keep: UserSession | None = None) -> None:
    stmt = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep.id)
    db.session.execute(stmt)


def current_session() -> UserSession | None:
    if "user_session" in g:
        return g.user_session
    g.user_session = _load()
    return g.user_session


def _expired(row: UserSession, now: datetime) -> bool:
    config = current_app.config
    idle = timedelta(minutes=config["SESSION_IDLE_MINUTES"])
    absolute = timedelta(hours=config["SESSION_ABSOLUTE_HOURS"])
    return now - row.last_seen_at > idle or now - row.created_at > absolute


def _load() -> UserSession | None:
    token = session.get("sid")
    if not token or not isinstance(token, str):
        return None
    row = db.session.get(UserSession, _digest(token))
    if row is None:
        session.pop("sid", None)
        return None
    now = utcnow()
    if not row.user.active or _expired(row, now):
        db.session.delete(row)
        session.pop("sid", None)
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
    return row


def load_user_from_request(_request):
    row = current_session()
    if row is None or not row.mfa_passed:
        return None
    return row.user


def init_login_manager(login_manager) -> None:
    login_manager.request_loader(load_user_from_request)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = None  # our own server-side sessions replace it

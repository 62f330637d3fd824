"""Login throttling per IP address and per account (Flask-Limiter).

Only POSTs to the login and code pages count, and only the ones that fail, so an
attacker is slowed down while a user who types right is never held up.
"""

from __future__ import annotations

import hashlib

from flask import current_app, request
from flask_limiter.util import get_remote_address

from portal.extensions import limiter


def _ip_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_IP"]


def _account_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _account_key() -> str:
    """The normalised e-mail typed (unknown ones count too), or the pending session's user."""
    from portal.services.accounts import sessions

    email = request.form.get("email")
    if email is None:
        user = sessions.pending_user()
        email = user.email if user is not None else ""
    normalised = (email or "").strip().lower()
    # Hashed, so the shared limiter storage (Redis) holds no e-mail addresses.
    return "account:" + hashlib.sha256(normalised.encode()).hexdigest()[:32]


def _failed(response) -> bool:
    return response.status_code not in (302, 303)


@limiter.request_filter
def disabled() -> bool:
    """Request filter: tests switch throttling on and off through the config."""
    return not current_app.config.get("RATELIMIT_ENABLED", True)


per_ip = limiter.shared_limit(_ip_limit, scope="login-ip", key_func=get_remote_address,
                              methods=["POST"], deduct_when=_failed)
per_account = limiter.shared_limit(_account_limit, scope="login-account",
                                   key_func=_account_key, methods=["POST"],
                                   deduct_when=_failed)

"""Login throttling with Flask-Limiter: a growing delay per account and IP address, a limit
per IP address, trusted devices, and an audit event when failures come in a burst.

Only failed POSTs to the login and code pages count, so a user who types right is never held
up. The delay is a ladder of limits on the (account, IP) pair (LOGIN_LIMIT_PER_ACCOUNT_AND_IP,
by default 3 a minute, 6 in 10 minutes, 10 an hour, 20 a day): each rung reached waits longer,
and the 429 says how long in `Retry-After`. Nobody can lock an account out from elsewhere.

A browser in which the account has logged in before carries a signed cookie (itsdangerous,
keyed by the app's secret). Its failures count for that device alone, and the per-IP limit
does not apply to it, so others' failures - from another address or the same office
network - never block it. The counters live in the limiter's storage (Redis when REDIS_URL
is set), shared by every worker.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, request
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse

from portal.extensions import limiter

DEVICE_COOKIE = "portal_device"
DEVICE_MAX_AGE = timedelta(days=180)
#: Accounts one device remembers (a shared office computer), newest kept.
DEVICE_ACCOUNTS = 5
BURST_ACTION = "login_failure_burst"


def account_hash(email: str | None) -> str:
    """The normalised e-mail, hashed: the limiter's storage and the cookie hold no address."""
    normalised = (email or "").strip().lower()
    return hashlib.sha256(normalised.encode()).hexdigest()[:32]


def _typed_email() -> str:
    """The e-mail typed (unknown ones count too), or the pending session's user's."""
    from portal.services.accounts import sessions

    email = request.form.get("email")
    if email is None:
        user = sessions.pending_user()
        email = user.email if user is not None else ""
    return email


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="portal-trusted-device")


def _device_cookie() -> dict:
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return {}
    try:
        data = _serializer().loads(raw, max_age=int(DEVICE_MAX_AGE.total_seconds()))
    except BadSignature:
        return {}
    return data if isinstance(data, dict) else {}


def trusted_device() -> str | None:
    """This device's id, when the account being logged into has logged in on it before."""
    data = _device_cookie()
    if account_hash(_typed_email()) in data.get("a", []):
        return str(data.get("d", "")) or None
    return None


def remember_device(response, user):
    """After a completed login: mark this browser as a device the account has used."""
    data = _device_cookie()
    accounts = [a for a in data.get("a", []) if a != account_hash(user.email)]
    accounts = [*accounts, account_hash(user.email)][-DEVICE_ACCOUNTS:]
    value = _serializer().dumps({"d": data.get("d") or secrets.token_urlsafe(16),
                                 "a": accounts})
    response.set_cookie(DEVICE_COOKIE, value, max_age=int(DEVICE_MAX_AGE.total_seconds()),
                        secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True,
                        samesite="Lax")
    return response


def _pair_key() -> str:
    """The account with the trusted device, or else with the IP address."""
    device = trusted_device()
    where = f"device:{device}" if device else f"ip:{get_remote_address()}"
    return f"{where}:account:{account_hash(_typed_email())}"


def _failed(response) -> bool:
    """A guess that was checked and wrong (a 429 checked nothing and is not counted)."""
    return response.status_code not in (302, 303, 429)


@limiter.request_filter
def disabled() -> bool:
    """Request filter: tests switch throttling on and off through the config."""
    return not current_app.config.get("RATELIMIT_ENABLED", True)


per_ip = limiter.shared_limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"],
                              scope="login-ip", key_func=get_remote_address, methods=["POST"],
                              deduct_when=_failed,
                              exempt_when=lambda: trusted_device() is not None)
per_account_and_ip = limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT_AND_IP"], scope="login-pair",
    key_func=_pair_key, methods=["POST"], deduct_when=_failed)


def burst_crossed(email: str) -> list[str]:
    """Count a wrong password per account and per IP; the scopes ("account", "ip") whose
    failures have just reached LOGIN_BURST (once per window, so one audit event a burst)."""
    if disabled():
        return []
    item = parse(current_app.config["LOGIN_BURST"])
    crossed = []
    for scope, key in (("account", account_hash(email)), ("ip", get_remote_address())):
        below = limiter.limiter.test(item, "login-burst", scope, key)
        limiter.limiter.hit(item, "login-burst", scope, key)
        if below and not limiter.limiter.test(item, "login-burst", scope, key):
            crossed.append(scope)
    return crossed

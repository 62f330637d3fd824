"""Time-based one-time codes (RFC 6238) with pyotp, and the QR code drawn on the server."""

from __future__ import annotations

import time

import pyotp
import segno
from flask import current_app

ISSUER = "Repatrieringsportalen"
STEP = 30
WINDOW = 1  # accept the previous and the next 30-second step for clock drift


def code_at(secret: str, counter: int) -> str:
    """The code of one 30-second step (used by the tests and by verification)."""
    return pyotp.TOTP(secret).generate_otp(counter)


def new_secret() -> str:
    """32 base32 characters (160 bits), above pyotp's 112-bit floor."""
    return pyotp.random_base32()


def required_for(user) -> bool:
    """Agency staff and admins must use a second factor (configurable)."""
    return str(user.role) in current_app.config["MFA_REQUIRED_ROLES"]


def uses_totp(user) -> bool:
    return bool(user.totp_enabled and user.totp_secret)


def provisioning_uri(user, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """A PNG data URI (allowed by the CSP's img-src data:), drawn here, no external service."""
    return segno.make(uri, error="m").png_data_uri(scale=5, border=4)


def grouped(secret: str) -> str:
    """The secret in groups of four for typing by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _clean(code: str | None) -> str:
    return "".join((code or "").split()).replace("-", "")


def matching_counter(secret: str, code: str | None, *, after: int | None = None,
                     now: float | None = None) -> int | None:
    """The time step the code belongs to (within the window), or None.

    Steps at or before `after` (the last one used) are refused, so a code works once.
    """
    code = _clean(code)
    if not secret or len(code) != 6 or not code.isdigit():
        return None
    try:
        totp = pyotp.TOTP(secret)
    except ValueError:  # not base32, or shorter than pyotp's 112-bit floor
        return None
    current = int((time.time() if now is None else now) // STEP)
    for counter in range(current - WINDOW, current + WINDOW + 1):
        if after is not None and counter <= after:
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(counter), code):
            return counter
    return None


def verify_for_user(user, code: str | None, *, secret: str | None = None) -> bool:
    """Check a code against the user's secret and remember its step (no replay)."""
    counter = matching_counter(secret or user.totp_secret or "", code,
                               after=user.totp_last_counter)
    if counter is None:
        return False
    user.totp_last_counter = counter
    return True

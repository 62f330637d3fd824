"""What the load driver and the in-process profile share: the demo credentials, the TOTP code
and the CSRF token of a page. The credentials come from portal.demo, never copied here."""

from __future__ import annotations

import re

import pyotp

from portal.demo import DEMO_PASSWORD as PASSWORD
from portal.demo import DEMO_TOTP_SECRET as TOTP_SECRET

__all__ = ["CASEWORKER", "PASSWORD", "TOTP_SECRET", "csrf_token", "totp_now"]

CASEWORKER = "aarhus@demo.test"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def totp_now(secret: str = TOTP_SECRET) -> str:
    """The current code of the demo accounts' authenticator."""
    return pyotp.TOTP(secret).now()


def csrf_token(html: str) -> str | None:
    match = CSRF_RE.search(html or "")
    return match.group(1) if match else None

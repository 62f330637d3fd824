"""What the load scenarios and the in-process profile share: the demo credentials, the TOTP
code and the CSRF token of a page (no locust import here: it monkey-patches threading)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time

PASSWORD = "Demo-Password-2026"
TOTP_SECRET = "JBSWY3DPEHPK3PXP"
CASEWORKER = "aarhus@demo.test"
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def totp_now(secret: str = TOTP_SECRET, step: int = 30) -> str:
    """The current RFC 6238 code (pyotp refuses the documented 80-bit demo secret)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    digest = hmac.new(key, int(time.time() // step).to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = int.from_bytes(digest[offset:offset + 4], "big") & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def csrf_token(html: str) -> str | None:
    match = CSRF_RE.search(html or "")
    return match.group(1) if match else None

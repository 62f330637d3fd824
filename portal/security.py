"""HTTP-level protections: safe redirects and the headers every response carries."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Request, current_app, request
from werkzeug.datastructures import ImmutableMultiDict, iter_multi_items

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'; frame-ancestors 'none'"
)


def safe_next_url(target: str | None) -> str | None:
    """Return `target` only when it is a path on this site; otherwise None."""
    if not target or not isinstance(target, str):
        return None
    target = target.strip()
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


#: The highest page number any list accepts: beyond it a list is empty anyway, and a larger
#: number would overflow the database's integers (a 40-digit ?page= was a server error).
MAX_PAGE = 10_000


def page_number(value: str | None = None, *, name: str = "page", last: int = MAX_PAGE) -> int:
    """The page asked for in the query string (or `value`), clamped to 1..`last`; anything
    that is not a plain ASCII whole number is page 1."""
    text = (request.args.get(name, "") if value is None else value or "").strip()
    if not text or not (text.isascii() and text.isdigit()):
        return 1
    if len(text) > len(str(last)):
        return last
    return max(1, min(int(text), last))


def set_security_headers(response):
    """Headers for every response: pages, files, PDFs and error pages alike."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config.get("HSTS"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if not request.path.startswith("/static/"):
        # Pages and files may carry personal data: never keep them in a cache.
        headers["Cache-Control"] = "no-store"
        headers.setdefault("Pragma", "no-cache")
    return response


class NulFreeMultiDict(ImmutableMultiDict):
    """Query and form values without NUL characters: no text field can use them, and
    PostgreSQL refuses to store them, which would turn a typing slip into a server error."""

    def __init__(self, mapping=None):
        super().__init__([(key, value.replace("\x00", "") if isinstance(value, str) else value)
                          for key, value in iter_multi_items(mapping or ())])


class PortalRequest(Request):
    parameter_storage_class = NulFreeMultiDict

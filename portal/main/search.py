"""Search terms that may identify a person (a name, a birth date, a CPR number) are posted
and kept on the server with the login session (UserSession.search_terms), never put in a URL,
where access logs and history keep them, nor in the cookie, which is signed but readable."""

from __future__ import annotations

from flask import redirect, request, session, url_for
from werkzeug.datastructures import MultiDict

from portal.services.accounts import sessions

_LEGACY_COOKIE_KEY = "search_terms"  # where terms were kept before; dropped when seen
_MAX = 200
#: How many found objects a session remembers per search page (20 results a look-up).
_MAX_FOUND = 400


def _stored() -> dict:
    session.pop(_LEGACY_COOKIE_KEY, None)
    row = sessions.current_session()
    return dict(row.search_terms or {}) if row is not None else {}


def _store(stored: dict) -> None:
    row = sessions.current_session()
    if row is not None:
        row.search_terms = stored or None  # a new dict: the JSON column sees the change


def remembered(scope: str) -> MultiDict:
    """The terms last posted on this search page (empty when none or after 'clear')."""
    if request.args.get("clear"):
        forget(scope)
    return MultiDict(_stored().get(scope, {}))


def forget(scope: str) -> None:
    stored = _stored()
    if stored.pop(scope, None) is not None:
        _store(stored)


def remember_and_redirect(scope: str, fields: tuple[str, ...], endpoint: str, **values):
    """Keep the posted terms (trimmed and bounded) and redirect to the page (post/redirect/get)."""
    terms = {name: request.form.get(name, "").strip()[:_MAX] for name in fields}
    stored = _stored()
    stored[scope] = {name: value for name, value in terms.items() if value}
    _store(stored)
    return redirect(url_for(endpoint, **values))


def keep_found(scope: str, ids) -> None:
    """Remember what a search of this session found (DRC opens only such a case)."""
    key = f"{scope}:found"
    stored = _stored()
    new = [int(i) for i in ids]
    found = [i for i in stored.get(key, []) if i not in set(new)] + new
    stored[key] = found[-_MAX_FOUND:]
    _store(stored)


def found(scope: str) -> set[int]:
    """What searches on this page found earlier in this session."""
    return {int(i) for i in _stored().get(f"{scope}:found", [])}

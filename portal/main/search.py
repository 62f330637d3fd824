"""Search terms that may identify a person (a name, a birth date, a CPR number) are posted
and kept in the signed session, never put in a URL, where access logs and history keep them."""

from __future__ import annotations

from flask import redirect, request, session, url_for
from werkzeug.datastructures import MultiDict

_KEY = "search_terms"
_MAX = 200


def remembered(scope: str) -> MultiDict:
    """The terms last posted on this search page (empty when none or after 'clear')."""
    if request.args.get("clear"):
        forget(scope)
    return MultiDict(session.get(_KEY, {}).get(scope, {}))


def forget(scope: str) -> None:
    stored = dict(session.get(_KEY, {}))
    if stored.pop(scope, None) is not None:
        session[_KEY] = stored


def remember_and_redirect(scope: str, fields: tuple[str, ...], endpoint: str, **values):
    """Keep the posted terms (trimmed and bounded) and redirect to the page (post/redirect/get)."""
    terms = {name: request.form.get(name, "").strip()[:_MAX] for name in fields}
    stored = dict(session.get(_KEY, {}))
    stored[scope] = {name: value for name, value in terms.items() if value}
    session[_KEY] = stored
    return redirect(url_for(endpoint, **values))

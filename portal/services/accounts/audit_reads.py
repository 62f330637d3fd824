"""Reads of personal data audited in one place: one row per request, never one per row shown.

A view marked `@audited("view_...")` writes one audit row after it has answered, tied to the
case, person or request named in its URL, unless the request has already written one (a save
writes its own). A redirect shows nothing and writes nothing; a refused request never gets
here (403 writes `access_refused` in the error handler, 404 is written by the access check).
Search criteria go into the detail with every CPR-shaped number masked (audit.record).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import current_app, g, request

from portal.extensions import db
from portal.models import Case, Person, Request
from portal.services.accounts import audit

#: Query-string keys that are never criteria (paging cursors, the CSRF token).
NOT_CRITERIA = frozenset({"csrf_token", "after", "clear"})
#: The longest criterion value kept in the detail.
MAX_VALUE = 60


def criteria(args=None, *, extra: dict | None = None) -> str:
    """The query string's criteria as `key=value` pairs, sorted; `extra` adds values that are
    not in the URL (a search kept with the session)."""
    args = request.args if args is None else args
    pairs = {k: v for k, v in args.items() if k not in NOT_CRITERIA and v}
    pairs.update({k: v for k, v in (extra or {}).items() if v})
    return " ".join(f"{key}={str(value)[:MAX_VALUE]}" for key, value in sorted(pairs.items()))


def _subjects(view_args: dict) -> dict:
    """The request, case and person named in the URL, from the session's identity map (the
    view has just loaded them)."""
    found = {}
    if "request_id" in view_args:
        found["request_obj"] = db.session.get(Request, view_args["request_id"])
    if "person_id" in view_args:
        found["person"] = db.session.get(Person, view_args["person_id"])
    if "case_id" in view_args and "request_obj" not in found and "person" not in found:
        found["case"] = db.session.get(Case, view_args["case_id"])
    return {name: value for name, value in found.items() if value is not None}


def audited(action: str, *, detail: Callable[[], str] | None = None):
    """View decorator (put it under roles_required): one `action` row per answered request."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            response = current_app.make_response(view(*args, **kwargs))
            if not 300 <= response.status_code < 400 and not g.get(audit.ROWS_THIS_REQUEST):
                audit.record(action, detail=detail() if detail else "",
                             **_subjects(request.view_args or {}))
            return response

        wrapped.audited_action = action
        return wrapped

    return decorator


def record_refusal() -> None:
    """A request refused by role (403): who, the route and the method; never the URL's values
    (ids only ever, but the rule is simple: the endpoint names the page)."""
    audit.record("access_refused", detail=f"endpoint={request.endpoint} method={request.method}")

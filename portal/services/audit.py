"""Write audit rows in the same transaction as the read or change they describe."""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from portal.extensions import db
from portal.models import AuditEvent


def record(action: str, *, case=None, person=None, request_obj=None, detail: str = "",
           user=None) -> AuditEvent:
    """Who (user, role, organisation), which case/person/request, what, when."""
    user = user if user is not None else (current_user if has_request_context() else None)
    authenticated = bool(user is not None and getattr(user, "is_authenticated", False))
    if case is None and request_obj is not None:
        case = request_obj.case
    if case is None and person is not None:
        case = person.case
    event = AuditEvent(
        user_id=user.id if authenticated else None,
        user_email=user.email if authenticated else "",
        role=str(user.role) if authenticated else "anonymous",
        organisation=user.organisation if authenticated else "",
        case_id=case.id if case is not None else None,
        case_reference=(case.reference or "") if case is not None else "",
        person_id=person.id if person is not None else None,
        request_id=request_obj.id if request_obj is not None else None,
        action=action,
        detail=detail[:500],
        ip_address=(request.remote_addr or "") if has_request_context() else "",
    )
    db.session.add(event)
    return event

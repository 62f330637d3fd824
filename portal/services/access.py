"""Object-level access: who may see which case, request and document.

A case of another municipality answers 404 (not 403), so its existence is not revealed,
and the attempt is written to the audit log.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Attachment, Case, Request, RequestPerson, Role
from portal.services import audit


def can_see_case(user, case: Case) -> bool:
    if user.role in (Role.AGENCY, Role.DRC_ADVISER):
        return True
    if user.role is Role.CASEWORKER:
        return case.municipality_id == user.municipality_id
    return False


def _deny(action: str, *, case=None, detail: str = ""):
    audit.record("access_denied", case=case, detail=f"{action} {detail}".strip())
    db.session.commit()  # the 404 must not roll the audit row back
    abort(404)


def case_for(user, case_id: int, *, action: str = "view_case", options=()) -> Case:
    """The case if the user may see it; 404 and an audit row otherwise."""
    case = db.session.get(Case, case_id, options=list(options) or None)
    if case is None:
        abort(404)
    if not can_see_case(user, case):
        _deny(action, case=case)
    return case


def request_for(user, request_id: int, *, action: str = "view_request") -> Request:
    req = db.session.get(Request, request_id, options=[
        selectinload(Request.participants).selectinload(RequestPerson.person)])
    if req is None:
        abort(404)
    if not can_see_case(user, req.case):
        _deny(action, case=req.case, detail=f"request={req.id}")
    return req


def attachment_for(user, attachment_id: int) -> Attachment:
    """DRC sees only the waiver declaration and IN 325; others as for the case."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        abort(404)
    case = db.session.get(Case, attachment.case_id)
    if not can_see_case(user, case) or (
        user.role is Role.DRC_ADVISER and not attachment.kind.visible_to_drc
    ):
        _deny("download_attachment", case=case, detail=f"attachment={attachment.id}")
    return attachment

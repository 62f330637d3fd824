"""Object-level access: who may see which case, request and document.

A case of another municipality answers 404 (not 403), so its existence is not revealed,
and the attempt is written to the audit log.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Attachment, Case, Request, RequestPerson, Role
from portal.services.accounts import audit
from portal.workflow import Status


def can_see_case(user, case: Case) -> bool:
    if user.role in (Role.AGENCY, Role.DRC_ADVISER):
        return True
    if user.role is Role.CASEWORKER:
        return case.municipality_id == user.municipality_id
    return False


def submitted_case_ids():
    """The cases with a request past its draft: DRC sees nothing of any other case (its
    page, look-up results and downloads alike), since a draft is the municipality's."""
    return select(Request.case_id).where(Request.status != Status.DRAFT)


def has_submitted_request_condition():
    """The same rule as a condition on Case, checked per case through the requests' case
    index (an IN over every submitted request read the whole table on SQLite)."""
    return select(Request.id).where(Request.case_id == Case.id,
                                    Request.status != Status.DRAFT).exists()


#: The roles outside the municipality: a draft is the municipality's until it is submitted.
OUTSIDE_ROLES = (Role.AGENCY, Role.DRC_ADVISER)


def has_submitted_request(case: Case) -> bool:
    return db.session.scalar(select(submitted_case_ids().where(
        Request.case_id == case.id).exists())) or False


def _submitted(attachment: Attachment, case: Case) -> bool:
    """An attachment of a submitted request, or of a case with one (a case-level file)."""
    if attachment.request_id is not None:
        status = db.session.scalar(select(Request.status).where(
            Request.id == attachment.request_id))
        return status is not None and status is not Status.DRAFT
    return has_submitted_request(case)


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


def request_for(user, request_id: int, *, action: str = "view_request",
                participants: bool = True) -> Request:
    """The request if the user may see its case; 404 and an audit row otherwise, and for
    the agency and DRC also while it is a draft (it is the municipality's until submitted).

    One statement: the request joined with its case (and the case's municipality) for the
    check and, with participants=True (the default), the participants and their persons.
    A caller that loads what it shows itself passes participants=False.
    """
    options = [joinedload(Request.case, innerjoin=True)]
    if participants:
        options.append(joinedload(Request.participants).joinedload(RequestPerson.person))
    req = db.session.scalars(select(Request).where(Request.id == request_id)
                             .options(*options)).unique().one_or_none()
    if req is None:
        abort(404)
    if not can_see_case(user, req.case) or (
            user.role in OUTSIDE_ROLES and req.status is Status.DRAFT):
        _deny(action, case=req.case, detail=f"request={req.id}")
    return req


def attachment_for(user, attachment_id: int) -> Attachment:
    """DRC sees only the waiver declaration and IN 325; the agency and DRC only files of a
    submitted request (a draft is the municipality's); others as for the case."""
    row = db.session.execute(select(Attachment, Case).outerjoin(
        Case, Case.id == Attachment.case_id).where(Attachment.id == attachment_id)).first()
    if row is None:
        abort(404)
    attachment, case = row
    if not can_see_case(user, case) or (
        user.role is Role.DRC_ADVISER and not attachment.kind.visible_to_drc
    ) or (user.role in OUTSIDE_ROLES and not _submitted(attachment, case)):
        _deny("download_attachment", case=case, detail=f"attachment={attachment.id}")
    return attachment
